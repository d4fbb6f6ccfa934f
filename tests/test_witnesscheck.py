"""The witness checker: a candidate is a counterexample only when it satisfies every declaration, the
model, every premise (for_all ones for every real value), and the claim fails; "certified exactly" only
when every part was decided exactly.  Unit tests on hand-made candidates, then through `verify`."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from conftest import derivation_file, derivation_from, run_cli
from symbound import verify
from symbound.ops import SeqElem
from symbound.render.text import shown_values, witness_summary
from symbound.kernel.witnesscheck import ActivationValue, Candidate, Z, check


def names(d):
    return d.scope.names


def link(d):
    chain = d.chains[0]
    return chain.start, chain.links[0].rel, chain.links[0].expr


# ---------------------------------------------------------------- declarations

MATRIX = """
symbols:
  n: dimension
  A: {kind: matrix, shape: [n, n], assume: [%s]}
chains:
  - id: c
    start: norm(A, 1)
    steps:
      - "<=": norm(A, inf) / 2
"""


@pytest.mark.parametrize("prop,bad,good", [
    ("symmetric", [[0, 2], [0, 1]], [[0, 2], [2, 1]]),
    ("normal", [[0, 1], [0, 0]], [[0, -1], [1, 0]]),
    ("orthogonal", [[0, 1], [0, 0]], [[0, -1], [1, 0]]),  # was accepted: a false refutation of ||Q + R|| <= 2
    ("orthogonal", [[2, 0], [0, 2]], [[0, 1], [1, 0]]),  # normal, but not orthogonal
])
def test_declared_matrix_properties_are_checked(tmp_path, prop, bad, good):
    d = derivation_from(tmp_path, MATRIX % prop)
    n, A = names(d)["n"], names(d)["A"]
    wrong = check(d, Candidate({n: 2}, {A: sp.Matrix(bad)}, {}), *link(d))
    assert "declaration of A" in wrong.failed and not wrong.ok
    right = check(d, Candidate({n: 2}, {A: sp.Matrix(good)}, {}), *link(d))
    assert right.certified, right.failed


def test_scalar_assumptions_are_checked(tmp_path):
    d = derivation_from(tmp_path, """
        symbols:
          g: {kind: scalar, assume: [positive]}
        chains:
          - id: c
            start: g
            steps:
              - "<=": 1
        """)
    g = names(d)["g"]
    assert "declaration of g" in check(d, Candidate({}, {g: sp.Integer(-2)}, {}), *link(d)).failed
    assert check(d, Candidate({}, {g: sp.Integer(2)}, {}), *link(d)).certified


def test_wrong_shape_is_rejected(tmp_path):
    d = derivation_from(tmp_path, MATRIX % "symmetric")
    n, A = names(d)["n"], names(d)["A"]
    result = check(d, Candidate({n: 3}, {A: sp.Matrix([[1, 0], [0, 1]])}, {}), *link(d))
    assert "declaration of A" in result.failed


# ---------------------------------------------------------------- the model

MODEL = """
symbols:
  n: dimension
  W: {kind: matrix, shape: [n, n]}
  h: {kind: sequence, shape: [n]}
  t: index
model:
  recurrence: "h[t] = W @ h[t-1]"
chains:
  - id: c
    start: norm(h[t])
    steps:
      - "<=": norm(W) ** t * norm(h[0])
"""


def _states(d, values):
    n = names(d)["n"]
    return {SeqElem("h", sp.Integer(j), n, sp.Integer(1)): sp.Matrix(v) for j, v in values.items()}


def test_sequence_values_must_follow_the_recurrence(tmp_path):
    d = derivation_from(tmp_path, MODEL)
    n, W, t = names(d)["n"], names(d)["W"], sp.Symbol("t", integer=True)
    zero = sp.zeros(2, 2)
    # the witness: W = 0, h0 = 0, h3 = [0, 1] (h1 = h2 = 0)
    values = {W: zero, t: sp.Integer(3), **_states(d, {0: [0, 0], 1: [0, 0], 2: [0, 0], 3: [0, 1]})}
    result = check(d, Candidate({n: 2}, values, {}), *link(d))
    assert "the model's recurrence" in result.failed
    # a gap (h[2] missing) leaves values free: rejected too
    values = {W: zero, t: sp.Integer(3), **_states(d, {0: [0, 0], 1: [0, 0], 3: [0, 1]})}
    assert "the model's recurrence" in check(d, Candidate({n: 2}, values, {}), *link(d)).failed
    # values that follow the recurrence pass the model (and the true claim holds there)
    W2 = sp.Matrix([[0, 1], [1, 0]])
    values = {W: W2, t: sp.Integer(2), **_states(d, {0: [1, 2], 1: [2, 1], 2: [1, 2]})}
    result = check(d, Candidate({n: 2}, values, {}), *link(d))
    assert "the model's recurrence" in result.exact and "the model's recurrence" not in result.failed
    assert "the claim fails" in result.failed


# ---------------------------------------------------------------- for_all premises

FORALL = """
symbols:
  n: dimension
  sigma: activation
  gamma: scalar
  c: scalar
premises:
  P: {claim: "%s", for_all: %s}
chains:
  - id: c
    start: gamma
    steps:
      - ">=": %s
"""


def _forall_check(tmp_path, claim, bound, formula, gamma, rhs="-1"):
    d = derivation_from(tmp_path, FORALL % (claim, bound, rhs))
    g = names(d)["gamma"]
    act = formula if isinstance(formula, ActivationValue) else ActivationValue(formula)
    return check(d, Candidate({}, {g: sp.Rational(gamma)}, {"sigma": act}), *link(d))


@pytest.mark.parametrize("claim,bound,formula,gamma", [
    ("abs(sigma'(z)) <= gamma", "z", sp.Integer(0), -1),                # γ < 0: no σ can satisfy it
    ("abs(sigma(z)) <= 1", "z", 2 * sp.sin(Z), 1),                      # a bound on σ itself
    ("abs(sigma'(z)) <= gamma * abs(z)", "z", Z / 2, 1),                # a bound that depends on z
    ("abs(sigma(z) - sigma(w)) <= gamma * abs(z - w)", "[z, w]", 2 * Z, 1),  # two names, each its own value
    ("abs(sigma'(z)) <= gamma", "z", ActivationValue(None, ((sp.Integer(1), sp.Integer(2)),), sp.Integer(0)), 1),
])
def test_for_all_premises_that_fail_are_caught(tmp_path, claim, bound, formula, gamma):
    result = _forall_check(tmp_path, claim, bound, formula, gamma)
    assert "premise P" in result.failed, (result.exact, result.numeric)


@pytest.mark.parametrize("claim,bound,formula,gamma", [
    ("abs(sigma'(z)) <= gamma", "z", sp.tanh(Z), 1),
    ("abs(sigma(z)) <= 1", "z", sp.tanh(Z), 1),
    ("abs(sigma'(z)) <= gamma", "z", ActivationValue(None, ((sp.Integer(1), sp.Rational(-1, 2)),), sp.Integer(1)), 1),
])
def test_for_all_premises_that_hold_are_decided_exactly(tmp_path, claim, bound, formula, gamma):
    result = _forall_check(tmp_path, claim, bound, formula, gamma, rhs="2")  # γ = 1 ≥ 2 fails: a witness
    assert "premise P" in result.exact and result.certified, (result.failed, result.numeric)


def test_a_premise_only_sampled_on_a_grid_is_undecided(tmp_path):
    # |σ(z) + σ(w)| ≤ γ(|z| + |w|) for σ = z/2: holds, but sympy has no exact decision over two variables, and
    # no violation on a grid is no evidence that a premise holds for every value: the witness is not accepted
    result = _forall_check(tmp_path, "abs(sigma(z) + sigma(w)) <= gamma * (abs(z) + abs(w))", "[z, w]", Z / 2, 1, rhs="2")
    assert not result.ok and not result.certified
    assert any("premise P" in part and "undecided" in part for part in result.failed)
    # the Lipschitz form is decided exactly (sup |σ'| = 1/2 ≤ γ)
    result = _forall_check(tmp_path, "abs(sigma(z) - sigma(w)) <= gamma * abs(z - w)", "[z, w]", Z / 2, 1, rhs="2")
    assert result.ok and result.certified


# ---------------------------------------------------------------- the claim

def test_a_matrix_claim_is_decided_entrywise(tmp_path):
    d = derivation_from(tmp_path, """
        symbols:
          n: dimension
          A: {kind: matrix, shape: [n, n]}
          B: {kind: matrix, shape: [n, n]}
        chains:
          - id: c
            start: A @ B
            steps:
              - "=": B @ A
        """)
    n, A, B = names(d)["n"], names(d)["A"], names(d)["B"]
    fails = check(d, Candidate({n: 2}, {A: sp.Matrix([[0, 1], [0, 0]]), B: sp.Matrix([[0, 0], [1, 0]])}, {}), *link(d))
    assert fails.certified and fails.lhs_value == sp.Matrix([[1, 0], [0, 0]])
    holds = check(d, Candidate({n: 2}, {A: sp.eye(2), B: sp.Matrix([[0, 0], [1, 0]])}, {}), *link(d))
    assert "the claim fails" in holds.failed


# ---------------------------------------------------------------- through verify: no false refutations

TRUE_CLAIMS = {
    "symmetric": """
        symbols:
          n: dimension
          A: {kind: matrix, shape: [n, n], assume: [symmetric]}
        chains:
          - id: c
            start: norm(A, 1)
            steps:
              - "<=": norm(A, inf)
        """,
    "recurrence": MODEL.replace("chains:", "premises:\n  P: \"t >= 0\"\nchains:"),
    "recurrence_with_input": """
        symbols:
          n: dimension
          W: {kind: matrix, shape: [n, n]}
          h: {kind: sequence, shape: [n]}
          u: {kind: sequence, shape: [n]}
          t: index
        model:
          recurrence: "h[t] = W @ h[t-1] + u[t]"
        chains:
          - id: c
            start: norm(h[t] - u[t])
            steps:
              - "<=": norm(W) * norm(h[t-1])
        """,
    "gamma_nonnegative": FORALL % ("abs(sigma'(z)) <= gamma", "z", "0"),
    "sigma_bounded": """
        symbols:
          sigma: activation
          c: scalar
        premises:
          P: {claim: "abs(sigma(z)) <= 1", for_all: z}
        chains:
          - id: c
            start: sigma(c) * sigma(c)
            steps:
              - "<=": 1
        """,
    "bound_depends_on_z": """
        symbols:
          sigma: activation
          gamma: {kind: scalar, assume: [positive]}
        premises:
          P: {claim: "abs(sigma'(z)) <= gamma * abs(z)", for_all: z}
        chains:
          - id: c
            start: sigma'(0) * sigma'(0)
            steps:
              - "<=": 0
        """,
    "lipschitz_two_names": """
        symbols:
          sigma: activation
          gamma: {kind: scalar, assume: [positive]}
        premises:
          P: {claim: "abs(sigma(z) - sigma(w)) <= gamma * abs(z - w)", for_all: [z, w]}
        chains:
          - id: c
            start: sigma(1) - sigma(0)
            steps:
              - "<=": gamma
        """,
}


@pytest.mark.parametrize("name", sorted(TRUE_CLAIMS))
def test_true_claims_are_not_refuted(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(TRUE_CLAIMS[name]), encoding="utf-8")
    report = verify(path, budget=400, repair=False)
    (only,) = report.links
    assert only.status != "refuted", only.witness and witness_summary(only.witness)


def test_false_claim_under_symmetry_gets_a_symmetric_witness(tmp_path):
    path = derivation_file(tmp_path, textwrap.dedent(TRUE_CLAIMS["symmetric"]).replace('"<=": norm(A, inf)', '"<=": rho(A) / 2'), "sym.yaml")
    report = verify(path, budget=400, repair=False)
    (only,) = report.links
    assert only.status == "refuted" and only.witness.exact
    A = sp.Matrix(sp.sympify(shown_values(only.witness)["A"]))  # our own output, not file text
    assert A == A.T


def test_false_claim_over_a_recurrence_gets_a_witness_that_follows_it(tmp_path):
    path = derivation_file(tmp_path, MODEL.replace('"<=": norm(W) ** t * norm(h[0])', '"<=": norm(h[0])'), "rec.yaml")
    report = verify(path, budget=400, repair=False)
    (only,) = report.links
    assert only.status == "refuted" and only.witness.exact
    v = shown_values(only.witness)
    W, t = sp.Matrix(sp.sympify(v["W"])), int(v["t"])
    assert sp.Matrix(sp.sympify(v[f"h[{t}]"])) == W**t * sp.Matrix(sp.sympify(v["h[0]"]))


# ---------------------------------------------------------------- contradictory assumptions (item 12)

@pytest.mark.parametrize("assume", ["[positive, negative]", "[negative, nonnegative]", "[positive, nonpositive]"])
def test_contradictory_assumptions_are_an_input_error(tmp_path, assume):
    path = derivation_file(tmp_path, f"symbols:\n  a: {{kind: scalar, assume: {assume}}}\nchains:\n  - start: a\n    steps:\n      - \"<=\": 1\n", "a.yaml")
    out = run_cli("verify", str(path))
    assert out.returncode == 2
    assert f"{path}:2:" in out.stderr and "contradict" in out.stderr and "Traceback" not in out.stderr


# ---------------------------------------------------------------- states the model reaches

REACHED = """
symbols:
  n: dimension
  k: index
  h: {kind: sequence, shape: [n]}
  W: {kind: matrix, shape: [n, n]}
  relu: {kind: activation, function: relu}
  tanh: {kind: activation, function: tanh}
model:
  recurrence: "h[k] = %s"
chains:
  - id: c
    start: "%s"
    steps:
      - "%s": "%s"
"""


def test_the_first_state_may_not_be_one_the_claim_uses(tmp_path):
    """The recurrence holds at every index, so a state the claim uses is the update of the one before it: a
    witness whose drawn first state is h[k] itself (h[k] = (0, −1), no relu output) is rejected."""
    d = derivation_from(tmp_path, REACHED % ("relu(h[k-1])", "relu(h[k])", "=", "h[k]"))
    n, k = names(d)["n"], sp.Symbol("k", integer=True)
    values = {k: sp.Integer(3), **_states(d, {3: [0, -1]})}
    result = check(d, Candidate({n: 2}, values, {}), *link(d))
    assert any(part.startswith("the first state") for part in result.failed)
    values = {k: sp.Integer(3), **_states(d, {2: [0, -1], 3: [0, 0]})}
    result = check(d, Candidate({n: 2}, values, {}), *link(d))
    assert not any(part.startswith("the first state") for part in result.failed)


@pytest.mark.parametrize("update, start, rel, rhs", [
    ("relu(h[k-1])", "relu(h[k])", "=", "h[k]"),  # le_irnn copy.3: the state is a relu output
    ("relu(W @ h[k-1])", "relu(h[k])", "=", "h[k]"),
    ("relu(h[k-1])", "relu(h[k + 1])", "=", "h[k + 1]"),
    ("tanh(W @ h[k-1])", "norm(h[k], inf)", "<=", "1"),  # a tanh output has entries in (−1, 1)
    ("relu(h[k-1])", "relu(h[k])", "=", "h[k - 1]"),  # h[k−1] is a relu output too: relu(h[k]) = h[k] = h[k−1]
])
def test_claims_true_of_every_reached_state_are_not_refuted(tmp_path, update, start, rel, rhs):
    path = derivation_file(tmp_path, REACHED % (update, start, rel, rhs), "r.yaml")
    (only,) = verify(path, budget=600, repair=False).links
    assert only.status != "refuted", only.reason


@pytest.mark.parametrize("update, start, rel, rhs", [
    ("relu(h[k-1])", "relu(h[k])", "=", "2 * h[k]"),
    ("tanh(W @ h[k-1])", "norm(h[k], inf)", "<=", "1/2"),
    ("relu(W @ h[k-1])", "h[k]", "=", "W @ h[k]"),
])
def test_false_claims_over_reached_states_are_still_refuted(tmp_path, update, start, rel, rhs):
    path = derivation_file(tmp_path, REACHED % (update, start, rel, rhs), "r.yaml")
    (only,) = verify(path, budget=600, repair=False).links
    assert only.status == "refuted", only.reason
    states = sorted(int(key[2:-1]) for key in shown_values(only.witness) if key.startswith("h["))
    assert states  # the witness shows the states the claim uses
