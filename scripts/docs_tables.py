"""The README's table of shipped derivations, generated from the files and what symbound says of them:

    python scripts/docs_tables.py           # rewrite the table in README.md
    python scripts/docs_tables.py --check   # exit 1 (and say so) when README.md's table is out of date

Each row: the file, its ``title:``, and the counts symbound prints for it (``Report.counts_text``),
so the table cannot claim a verdict the code no longer gives.  tests/test_docs.py runs the comparison.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN, END = "<!-- shipped derivations: scripts/docs_tables.py -->", "<!-- end of shipped derivations -->"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table(report_of: Callable[[str], object]) -> str:
    """The table, one row per ``derivations/*.yaml`` in name order; ``report_of(name)`` checks one file."""
    rows = ["| file | derivation | what symbound says |", "| --- | --- | --- |"]
    for path in sorted((ROOT / "derivations").glob("*.yaml")):
        report = report_of(path.name)
        rows.append(f"| `derivations/{path.name}` | {_cell(report.title or '')} | {_cell(report.counts_text())} |")
    return "\n".join(rows)


def replaced(readme: str, new_table: str) -> str:
    """README's text with the table between the markers replaced."""
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{new_table}\n{END}{tail}"


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from symbound import verify

    text = README.read_text(encoding="utf-8")
    new = replaced(text, table(lambda name: verify(ROOT / "derivations" / name)))
    if "--check" in sys.argv:
        if new != text:
            print("README.md: the table of shipped derivations is out of date: run python scripts/docs_tables.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
