"""Properties of a sequence's elements (issue 24 notation, issue 22 item 1): ``W: {kind: sequence, shape: [n, n],
assume: [orthogonal]}`` says every element W[e] (any index expression) is orthogonal.  The reader accepts it when
each property fits the element's shape, the prover and the kernel read it through the one property table
(symbound.rules.properties.declared), the falsifier draws every element with the properties, and the witness
checker refuses a witness with one element that lacks them.  A forged proof without the declaration is rejected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp

from conftest import derivation_file, derivation_from
from kernelcheck import rejection
from symbound.check.checker import check
from symbound.errors import InputError
from symbound.kernel.kernel import Kernel
from symbound.kernel.witnesscheck import Candidate, check as check_witness
from symbound.ops import SeqElem
from symbound.rules.properties import exact_check
from symbound.search.prover import Prover

SQUARE = """
symbols:
  n: dimension
  j: index
  W: {kind: sequence, shape: [n, n]%s}
  S: {kind: sequence, shape: [n, n]%s}
  x: {kind: vector, shape: [n]}
"""

LAYERS = """
symbols:
  n: {kind: dimension, indexed: true}
  j: index
  W: {kind: sequence, shape: ["n[l]", "n[l-1]"], assume: [%s]}
  x: {kind: vector, shape: ["n[0]"]}
"""


def chain(start: str, *steps: tuple[str, str]) -> str:
    return "chains:\n  - id: c\n    start: " + start + "\n    steps:\n" + "".join(f'      - "{r}": {e}\n' for r, e in steps)


def header(w: str = "orthogonal", s: str = "symmetric") -> str:
    return SQUARE % (f", assume: [{w}]" if w else "", f", assume: [{s}]" if s else "")


def verdicts(tmp_path, text: str, search: bool = True) -> list[str]:
    return [link.status for link in check(derivation_from(tmp_path, text), search=search).links]


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("text", [
    header(),
    header("orthogonal, invertible", "positive_semidefinite"),
    LAYERS % "semi_orthogonal",  # tall or square is not known here: as for a matrix of shape [n, m], only a known wide one is refused
    LAYERS.replace('"n[l-1]"', '"n[l]"') % "orthogonal",  # one width for both sides: square
])
def test_a_sequence_takes_the_properties_its_elements_can_have(tmp_path, text):
    d = derivation_from(tmp_path, text + chain("norm(x)", ("<=", "norm(x)")))
    assert d.symbols["W"].properties


@pytest.mark.parametrize("text, what, fix", [
    (LAYERS % "orthogonal", "the elements of 'W' (n[l] × n[l - 1]) are not square, so they cannot be orthogonal", "semi_orthogonal"),
    (LAYERS % "symmetric", "are not square, so they cannot be symmetric", '["n[l]", "n[l]"]'),
    (SQUARE.replace("[n, n]%s", "[2, 3]%s", 1) % (", assume: [semi_orthogonal]", ""), "have fewer rows than columns, so WᵀW = I cannot hold",
     "tall or square"),
    (header("orthogonl"), "unknown matrix property 'orthogonl'", "orthogonal"),
])
def test_a_property_the_elements_cannot_have_is_a_located_error_with_the_fix(tmp_path, text, what, fix):
    with pytest.raises(InputError) as error:
        derivation_from(tmp_path, text + chain("norm(x)", ("<=", "norm(x)")))
    assert what in error.value.message() and fix in error.value.message(), error.value.message()
    assert error.value.where.line == 5


@pytest.mark.parametrize("update", ["h[k-1] / 2", "W @ h[k-1]"])
def test_the_model_s_state_takes_no_properties(tmp_path, update):
    """The recurrence computes the states: unit-norm states (semi_orthogonal) with h[k] = h[k−1]/2 cannot exist, and
    taken as declared they made ‖h[k]‖₂ = 1 and ‖h[k]‖₂ ≤ 1/2 both "proved", with no finding."""
    text = ("symbols:\n  n: dimension\n  k: index\n  W: {kind: matrix, shape: [n, n]}\n"
            "  h: {kind: sequence, shape: [n], assume: [semi_orthogonal]}\n"
            f'model:\n  recurrence: "h[k] = {update}"\n' + chain("norm(h[k])", ("=", "1")))
    with pytest.raises(InputError) as error:
        derivation_from(tmp_path, text)
    assert "the state h of the model is declared semi_orthogonal" in error.value.message() and "for_all" in error.value.message()
    assert error.value.where.line == 5


# ---------------------------------------------------------------- proving


@pytest.mark.parametrize("text, start, steps", [
    (header(), "norm(W[1] @ x)", (("=", "norm(x)"),)),
    (header(), "norm(W[2] @ W[1] @ x)", (("=", "norm(W[1] @ x)"), ("=", "norm(x)"))),
    (header(), "norm(W[j - 1] @ x)", (("<=", "norm(x)"),)),  # any index expression
    (header(), "norm(transpose(W[j]) @ x)", (("=", "norm(x)"),)),
    (header(), "rho(S[j + 1])", (("=", "norm(S[j + 1])"),)),  # a symmetric element is normal
    (LAYERS % "semi_orthogonal", "norm(W[j])", (("<=", "1"),)),
    (LAYERS % "semi_orthogonal", "norm(W[1] @ x)", (("=", "norm(x)"),)),
])
def test_true_claims_about_elements_are_proved(tmp_path, text, start, steps):
    assert set(verdicts(tmp_path, text + chain(start, *steps), search=False)) == {"proved"}


@pytest.mark.parametrize("start, steps", [
    ("norm(W[1] @ x)", (("=", "norm(x)"),)),
    ("rho(S[j])", (("=", "norm(S[j])"),)),
])
def test_without_the_declaration_the_same_claims_are_not_proved(tmp_path, start, steps):
    assert "proved" not in verdicts(tmp_path, header("", "") + chain(start, *steps), search=False)


def test_a_proof_made_under_the_declaration_is_rejected_by_a_kernel_without_it(tmp_path):
    """The kernel takes W[1]'s orthogonality only from its own declarations: a proof term that applies
    norm_orthogonal_mul_2 to W[1] is refused where W is not declared orthogonal, or where another name is."""
    body = chain("norm(W[1] @ x)", ("=", "norm(x)"))
    d = derivation_from(tmp_path, header() + body)
    k = Kernel.for_derivation(d)
    lhs, rhs = d.chains[0].start, d.chains[0].links[0].expr
    proof = Prover(k.definitions, k.properties).prove(lhs, "=", rhs)
    assert proof is not None and any("orthogonal" in n.rule for n in proof.walk()), proof
    assert rejection(k, lhs, "=", rhs, proof) == ""
    for other in (header("", ""), header("", "orthogonal"), header("symmetric", "")):  # undeclared; S declared instead; too weak
        forged = Kernel.for_derivation(derivation_from(tmp_path, other + body, name="other.yaml"))
        assert "orthogonal" in rejection(forged, lhs, "=", rhs, proof)


# ---------------------------------------------------------------- refuting


@pytest.mark.parametrize("start, steps", [
    ("norm(W[1] + W[2])", (("<=", "1"),)),  # W[2] = −W[1]… or any two: ‖W[1] + W[2]‖ can reach 2
    ("norm(W[1] @ x)", (("<=", "norm(x) / 2"),)),
    ("norm(W[j] @ W[j + 1] - S[j])", (("<=", "1 / 2"),)),
])
def test_false_claims_are_refuted_with_elements_that_honour_the_declarations(tmp_path, start, steps):
    d = derivation_from(tmp_path, header() + chain(start, *steps))
    report = check(d)
    (link,) = report.links
    assert link.status == "refuted" and link.witness.exact
    elements = {k: v for k, v in link.witness.exact_values.items() if isinstance(k, SeqElem)}
    assert elements
    for key, M in elements.items():
        wanted = d.symbols[key.name].properties
        assert all(exact_check(p, M) for p in wanted), (key, M, wanted)


def test_a_premise_the_declaration_contradicts_is_found(tmp_path):
    text = header() + 'premises:\n  P1: {claim: "norm(W[1]) <= 1/2"}\n' + chain("norm(W[1] @ x)", ("<=", "norm(x) / 4"))
    found = [f for f in check(derivation_from(tmp_path, text)).findings if f.kind == "contradiction"]
    assert found and found[0].premises == ["P1"]
    control = header("", "") + 'premises:\n  P1: {claim: "norm(W[1]) <= 1/2"}\n' + chain("norm(W[1] @ x)", ("<=", "norm(x) / 2"))
    assert not [f for f in check(derivation_from(tmp_path, control, name="control.yaml")).findings if f.kind == "contradiction"]


# ---------------------------------------------------------------- the witness checker


@pytest.mark.parametrize("prop, good, bad", [
    ("orthogonal", [[0, -1], [1, 0]], [[1, 1], [0, 1]]),
    ("orthogonal", [[1, 0], [0, -1]], [[2, 0], [0, 2]]),  # normal, not orthogonal
    ("positive_semidefinite", [[1, 0], [0, 0]], [[0, 1], [1, 0]]),  # symmetric, indefinite
])
def test_a_witness_with_one_element_without_the_property_is_refused(tmp_path, prop, good, bad):
    d = derivation_from(tmp_path, header(prop, "") + chain("norm(W[1] + W[2])", ("<=", "0")))
    n = d.scope.names["n"]
    lhs, rhs = d.chains[0].start, d.chains[0].links[0].expr
    W1, W2 = (SeqElem("W", i, n, n) for i in (1, 2))
    right = check_witness(d, Candidate({n: 2}, {W1: sp.Matrix(good), W2: sp.Matrix(good)}, {}), lhs, "<=", rhs)
    assert right.certified, right.failed
    wrong = check_witness(d, Candidate({n: 2}, {W1: sp.Matrix(good), W2: sp.Matrix(bad)}, {}), lhs, "<=", rhs)
    assert not wrong.ok and "declaration of W" in wrong.failed


def test_the_format_doc_s_example_proves(tmp_path):
    """docs/format.md's example of a sequence with properties reads and proves as the doc says."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Properties of every element\.\*\*.*?```yaml\n(.*?)```", doc, re.S).group(1)
    assert "assume: [orthogonal]" in block
    report = check(derivation_from(tmp_path, block), search=False)
    assert [link.status for link in report.links] == ["proved", "proved"]


# ---------------------------------------------------------------- the witness script


@pytest.mark.parametrize("text, changed", [
    (header() + chain("norm(W[1] + W[2])", ("<=", "1")), {"W[2]": "[[2, 0], [0, 2]]"}),  # normal, not orthogonal
    (header("", "positive_semidefinite") + chain("norm(S[1] - S[2])", ("<=", "1/2")), {"S[1]": "[[0, 1], [1, 0]]"}),
    # a matrix's declared properties are checked the same way
    ("symbols:\n  n: dimension\n  Q: {kind: matrix, shape: [n, n], assume: [orthogonal]}\n  R: {kind: matrix, shape: [n, n], assume: [orthogonal]}\n"
     + chain("norm(Q + R)", ("=", "2")), {"Q": "[[1, 1], [0, 1]]"}),
])
def test_the_witness_script_checks_every_declared_property(tmp_path, text, changed):
    from symbound import verify
    from test_witness_script import run_script, with_values, witness_script
    from symbound.render.script import EXIT_PREMISE_FAILS, EXIT_REPRODUCED

    report = verify(derivation_file(tmp_path, text))
    (link,) = [l for c in report.chains for l in c.links]
    assert link.status == "refuted"
    done = run_script(witness_script(report, "c.1"), tmp_path)
    assert done.returncode == EXIT_REPRODUCED, done.stdout + done.stderr
    declared = [line for line in done.stdout.splitlines() if line.strip().startswith("declared")]
    assert declared and all(line.rstrip().endswith("holds") for line in declared), done.stdout
    assert {line.split()[1] for line in declared} >= set(changed)
    broken = run_script(witness_script(with_values(report, "c.1", **changed), "c.1"), tmp_path)
    assert broken.returncode == EXIT_PREMISE_FAILS, broken.stdout + broken.stderr
    assert any(line.split()[1] in changed and "DOES NOT HOLD" in line for line in broken.stdout.splitlines() if "declared" in line), broken.stdout
