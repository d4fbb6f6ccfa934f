"""The commented starting file that ``symbound init`` writes (it verifies as it stands)."""

STARTER = """\
# A derivation for symbound: a paper's argument, in the paper's own notation.
# Replace the symbols, premises and chains below with your paper's; `symbound verify THIS_FILE`
# checks every step. docs/format.md describes every section, docs/tutorial.md works an example,
# docs/lemmas.md lists the lemmas a step may cite under `by:`.
title: "A two-step norm bound (a starting point)"
source: "Author et al. (year), section, equation"    # where the argument is printed

symbols:                       # every name an expression uses, with its kind and shape
  n: {kind: dimension}
  A: {kind: matrix, shape: [n, n], latex: '\\mathbf{A}', text: "a square weight matrix"}
  x: {kind: vector, shape: [n], latex: '\\mathbf{x}'}
  c: {kind: scalar, assume: [positive], text: "a bound on the norm of A"}

premises:                      # what the argument assumes, each with an id to cite
  P1:
    text: "the spectral norm of A is below c"
    claim: "norm(A) < c"

chains:                        # calc-style chains: a start, then one relation per step
  - id: two_steps
    text: "‖A A x‖ ≤ ‖A‖ ‖A x‖ ≤ ‖A‖ ‖A‖ ‖x‖ ≤ c² ‖x‖"
    start: norm(A @ A @ x)
    steps:
      - "<=": norm(A) * norm(A @ x)
        by: submultiplicative          # optional: symbound checks that the cited lemma does the job
      - "<=": norm(A) * norm(A) * norm(x)
        by: submultiplicative
      - "<=": c * c * norm(x)
        by: P1
      - "=": c ** 2 * norm(x)

conclusion:                    # checked to follow from the chains
  text: "A applied twice stretches x by at most c²."
  claim: "norm(A @ A @ x) <= c ** 2 * norm(x)"
"""
