from symbound.cli import main

main()
