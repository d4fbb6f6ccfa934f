"""The model's one-step Jacobians: derived from the recurrence in numerator layout, for every recurrence
shape docs/format.md lists, checked against central finite differences of the recurrence on random
numeric instances (several seeds and sizes, including one-unit states, non-normal matrices)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
import sympy as sp

from symbound import verify
from symbound.read.derivation import read
from symbound.errors import InputError
from symbound.ops import KNOWN
from symbound.ops.objects import numeric
from symbound.ops import Jacobian, Norm, SeqElem

SYMBOLS = """
symbols:
  n: dimension
  m: dimension
  W: {kind: matrix, shape: [n, n]}
  V: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, m]}
  W1: {kind: matrix, shape: [1, 1]}
  b: {kind: vector, shape: [n]}
  v: {kind: vector, shape: [n]}
  c: {kind: vector, shape: [n]}
  x: {kind: sequence, shape: [n]}
  y: {kind: sequence, shape: [1]}
  u: {kind: sequence, shape: [m]}
  sigma: activation
  tanh: {kind: activation, function: tanh}
  sigmoid: {kind: activation, function: sigmoid}
  relu: {kind: activation, function: relu}
  z: scalar
  g: scalar
  eps: scalar
  w: scalar
  k: index
"""

ABSTRACT = {0: np.sin, 1: np.cos}  # the abstract σ of the tests: sin, with σ' = cos


def tanh(a):
    return np.tanh(a)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def relu(a):
    return np.maximum(a, 0)


@dataclass(frozen=True)
class Shape:
    name: str
    recurrence: str  # in the state x (vector, n) or y (one unit)
    update: Callable  # the same recurrence in numpy: F(X, p) with p the parameters and the input p["u"]


SHAPES = (
    Shape("rnn_pascanu", "x[k] = W @ sigma(x[k-1]) + U @ u[k] + b", lambda X, p: p["W"] @ np.sin(X) + p["U"] @ p["u"] + p["b"]),
    Shape("rnn_elman", "x[k] = tanh(W @ x[k-1] + U @ u[k] + b)", lambda X, p: tanh(p["W"] @ X + p["U"] @ p["u"] + p["b"])),
    Shape("rnn_sigmoid", "x[k] = sigmoid(W @ x[k-1] + U @ u[k])", lambda X, p: sigmoid(p["W"] @ X + p["U"] @ p["u"])),
    Shape("leaky", "x[k] = z*x[k-1] + (1 - z)*tanh(W @ x[k-1] + U @ u[k])",
          lambda X, p: p["z"] * X + (1 - p["z"]) * tanh(p["W"] @ X + p["U"] @ p["u"])),
    Shape("gated_vector", "x[k] = hadamard(v, x[k-1]) + hadamard(c, tanh(W @ x[k-1] + U @ u[k]))",
          lambda X, p: p["v"] * X + p["c"] * tanh(p["W"] @ X + p["U"] @ p["u"])),
    Shape("residual", "x[k] = x[k-1] + tanh(W @ x[k-1])", lambda X, p: X + tanh(p["W"] @ X)),
    Shape("antisymmetric", "x[k] = x[k-1] + eps*tanh((W - W.T - g*I) @ x[k-1] + U @ u[k])",
          lambda X, p: X + p["eps"] * tanh((p["W"] - p["W"].T - p["g"] * np.eye(len(X))) @ X + p["U"] @ p["u"])),
    Shape("indrnn", "x[k] = relu(U @ u[k] + v * x[k-1])", lambda X, p: relu(p["U"] @ p["u"] + p["v"] * X)),
    Shape("indrnn_hadamard", "x[k] = relu(U @ u[k] + hadamard(v, x[k-1]))", lambda X, p: relu(p["U"] @ p["u"] + p["v"] * X)),
    Shape("linear", "x[k] = W @ x[k-1]", lambda X, p: p["W"] @ X),
    Shape("two_layer", "x[k] = W @ sigma(V @ x[k-1])", lambda X, p: p["W"] @ np.sin(p["V"] @ X)),
    Shape("nested", "x[k] = tanh(W @ sigma(x[k-1]) - 2 * V @ x[k-1])", lambda X, p: tanh(p["W"] @ np.sin(X) - 2 * p["V"] @ X)),
    Shape("unit_scalar_weight", "y[k] = w * sigma(y[k-1])", lambda X, p: p["w"] * np.sin(X)),
    Shape("unit_matrix_weight", "y[k] = W1 @ sigma(y[k-1]) + y[k-1]", lambda X, p: p["W1"] @ np.sin(X) + X),
    Shape("unit_product_rule", "y[k] = sigma(y[k-1]) @ W1 @ tanh(y[k-1])", lambda X, p: np.sin(X) @ p["W1"] @ tanh(X)),
)
SEEDS = (0, 1, 2)
SIZES = (1, 2, 4)


def derivation_text(recurrence: str, chains: str = "") -> str:
    state = recurrence.split("[", 1)[0].strip()
    chains = chains or f"""
chains:
  - start: norm(jacobian({state}[k+1], {state}[k]))
    steps:
      - "=": norm(jacobian({state}[k+1], {state}[k]))
"""
    return SYMBOLS + f'model:\n  recurrence: "{recurrence}"\n' + chains


@lru_cache(maxsize=None)
def derived(recurrence: str, tmp: Path) -> tuple:
    """The derivation and the Jacobian ∂s[k+1]/∂s[k] symbound derives from the recurrence."""
    path = tmp / f"model_{abs(hash(recurrence))}.yaml"
    path.write_text(derivation_text(recurrence), encoding="utf-8")
    d = read(path)
    (jac,) = d.model.jacobians.values()
    return d, jac


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("model")


def activation_functions() -> dict:
    """fn:<name>:<order> for the evaluator: symbound's own formulas for the known activations."""
    z = sp.Symbol("z", real=True)
    env = {f"fn:sigma:{d}": f for d, f in ABSTRACT.items()}
    for name in ("tanh", "sigmoid", "relu"):
        for order in (0, 1):
            env[f"fn:{name}:{order}"] = sp.lambdify(z, sp.diff(KNOWN[name](z), z, order), "numpy")
    return env


def instance(d, n: int, seed: int) -> tuple[dict, dict]:
    """Random parameters (non-normal matrices: a random matrix plus a large strictly upper part)."""
    rng = np.random.default_rng(seed)
    m = 3
    mat = lambda r, c: rng.normal(size=(r, c)) + (3 * np.triu(rng.normal(size=(r, c)), 1) if r == c else 0)  # noqa: E731
    p = {
        "W": mat(n, n), "V": mat(n, n), "U": mat(n, m), "W1": rng.normal(size=(1, 1)),
        "b": rng.normal(size=(n, 1)), "v": rng.normal(size=(n, 1)), "c": rng.normal(size=(n, 1)),
        "u": rng.normal(size=(m, 1)),
        "z": rng.uniform(0.1, 0.9), "g": rng.uniform(0, 1), "eps": rng.uniform(0.1, 1), "w": rng.normal() * 2,
    }
    env = activation_functions()
    for name, decl in d.symbols.items():
        if name in p:
            env[decl.obj] = p[name]
    env[d.symbols["n"].obj] = n
    env[d.symbols["m"].obj] = m
    return p, env


def finite_differences(F: Callable, X: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """∂F/∂X by central differences, numerator layout: column j is the change of F along X_j."""
    cols = []
    for j in range(X.shape[0]):
        e = np.zeros_like(X)
        e[j, 0] = h
        cols.append(((F(X + e) - F(X - e)) / (2 * h)).ravel())
    return np.array(cols).T


def cases():
    for shape in SHAPES:
        for n in (SIZES if not shape.name.startswith("unit") else (1,)):
            for seed in SEEDS:
                yield pytest.param(shape, n, seed, id=f"{shape.name}-n{n}-s{seed}")


def evaluate_case(shape: Shape, n: int, seed: int, tmp: Path):
    """The derived Jacobian at a random state, the parameters, the state and symbound's reading of the update."""
    d, jac = derived(shape.recurrence, tmp)
    p, env = instance(d, n, seed)
    k = d.model.index
    now = SeqElem(d.model.state.name, k, *d.model.state.shape)
    inputs = d.symbols["u"].obj
    env[SeqElem("u", k + 1, inputs.rows, inputs.cols)] = p["u"]
    X = np.random.default_rng(100 + seed).normal(size=(n, 1))
    env[now] = X
    step = d.model.update.xreplace({k: k + 1})

    def symbound_update(Y: np.ndarray) -> np.ndarray:
        return numeric(step, {**env, now: Y})

    return jac, env, p, X, symbound_update


@pytest.mark.parametrize("shape,n,seed", list(cases()))
def test_jacobian_matches_finite_differences(shape, n, seed, tmp):
    jac, env, p, X, symbound_update = evaluate_case(shape, n, seed, tmp)
    J = numeric(jac, env)
    # the recurrence symbound read is the one written (checked against numpy), and so are its Jacobians
    assert np.allclose(symbound_update(X), shape.update(X, p), rtol=1e-12, atol=1e-12)
    reference = finite_differences(lambda Y: shape.update(Y, p), X)
    assert J.shape == (n, n)
    assert np.allclose(J, reference, rtol=1e-5, atol=1e-6), (J, reference)


@pytest.mark.parametrize("shape,n,seed", [c for c in cases() if c.values[1] != 2])
def test_layout_sensitive_norms_match_finite_differences(shape, n, seed, tmp):
    jac, env, p, X, _ = evaluate_case(shape, n, seed, tmp)
    reference = finite_differences(lambda Y: shape.update(Y, p), X)
    for kind, order in (("1", 1), ("inf", np.inf), ("2", 2), ("fro", "fro")):
        assert numeric(Norm(jac, kind), env) == pytest.approx(np.linalg.norm(reference, order), rel=1e-5, abs=1e-6)


def test_the_norm_test_tells_the_layouts_apart(tmp):
    """The finite-difference Jacobians of the shapes have ‖J‖₁ ≠ ‖Jᵀ‖₁, so a transposed layout fails the test above."""
    distinct = 0
    for shape in SHAPES:
        for seed in SEEDS:
            if shape.name.startswith("unit"):
                continue
            _, _, p, X, _ = evaluate_case(shape, 4, seed, tmp)
            reference = finite_differences(lambda Y: shape.update(Y, p), X)
            distinct += not np.isclose(np.linalg.norm(reference, 1), np.linalg.norm(reference.T, 1), rtol=1e-3)
    assert distinct >= len(SHAPES) * len(SEEDS) // 2


@pytest.mark.parametrize(
    "recurrence,expected",
    [
        ("x[k] = W @ sigma(x[k-1]) + U @ u[k] + b", "W diag(σ'(x[k]))"),
        ("x[k] = W @ x[k-1]", "W"),
        ("x[k] = W @ sigma(V @ x[k-1])", "W diag(σ'(V x[k])) V"),
        ("x[k] = relu(U @ u[k] + v * x[k-1])", "diag(relu'(U u[k + 1] + v ⊙ x[k])) diag(v)"),
    ],
)
def test_jacobian_is_written_in_numerator_layout(recurrence, expected, tmp):
    from symbound.render.text import text

    _, jac = derived(recurrence, tmp)
    assert text(jac.derived) == expected


def test_one_unit_state_abs_is_the_norm(tmp):
    """For a one-unit state |J| and ‖J‖ are the same number (every norm of a 1×1 matrix is |entry|)."""
    path = tmp / "unit.yaml"
    path.write_text(derivation_text("y[k] = w * sigma(y[k-1])", """
chains:
  - start: abs(jacobian(y[k+1], y[k]))
    steps:
      - "=": norm(jacobian(y[k+1], y[k]))
"""), encoding="utf-8")
    d = read(path)
    (chain,) = d.chains
    assert chain.start == chain.links[0].expr and isinstance(chain.start, Norm) and isinstance(chain.start.matrix, Jacobian)
    _, env = instance(d, 1, 0)
    now = SeqElem("y", d.model.index, 1, 1)
    for value in (-1.5, 0.0, 2.0):
        env[now] = np.array([[value]])
        J = numeric(chain.start.matrix, env)
        expected = env[d.symbols["w"].obj] * np.cos(value)
        assert J.shape == (1, 1) and J[0, 0] == pytest.approx(expected)
        for kind in ("1", "2", "inf", "fro"):
            assert numeric(Norm(chain.start.matrix, kind), env) == pytest.approx(abs(expected))


@pytest.mark.parametrize(
    "recurrence,message",
    [
        ("x[k] = tanh(W @ x[k-1]) * norm(x[k-1])", "scalar factor"),
        ("x[k] = diag(x[k-1]) @ (W @ x[k-1])", "other than the last"),
    ],
)
def test_recurrences_it_cannot_differentiate_are_input_errors(recurrence, message, tmp):
    path = tmp / "bad.yaml"
    path.write_text(derivation_text(recurrence), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read(path)
    assert message in err.value.message()


# ---- end to end: the layout decides ‖·‖∞ bounds

LAYOUT_FILE = SYMBOLS.replace("  k: index\n", "  k: index\n  gamma: {kind: scalar, assume: [positive]}\n") + """
model:
  recurrence: "x[k] = sigma(W @ x[k-1] + U @ u[k])"
premises:
  P1:
    claim: "abs(sigma'(s)) <= gamma"
    for_all: s
chains:
  - id: bound
    start: norm(jacobian(x[k+1], x[k]), inf)
    steps:
      - "<=": norm(diag(sigma'(W @ x[k] + U @ u[k+1])), inf) * norm(%s, inf)
      - "<=": gamma * norm(%s, inf)
"""


def layout_report(matrix: str, tmp: Path):
    path = tmp / f"layout_{matrix.replace('.', '_')}.yaml"
    path.write_text(LAYOUT_FILE % (matrix, matrix), encoding="utf-8")
    return verify(path, budget=600)


def test_infinity_norm_bound_true_in_numerator_layout_is_proved(tmp):
    """‖diag(σ'(·)) W‖∞ ≤ γ‖W‖∞: true (numerator layout), so never refuted."""
    report = layout_report("W", tmp)
    assert [l.status for l in report.links] == ["proved", "proved"]


def test_infinity_norm_bound_of_the_transposed_layout_is_not_proved(tmp):
    """‖∂x_{k+1}/∂x_k‖∞ ≤ γ‖Wᵀ‖∞ would follow from the denominator layout Wᵀ diag(σ'(·)); it is false."""
    report = layout_report("W.T", tmp)
    first = report.links[0]
    assert first.status != "proved"
    assert first.status == "refuted"


# ---- end to end: the AntisymmetricRNN one-step bound (Chang et al. 2019), through ‖I‖ = 1

ANTISYMMETRIC = """
symbols:
  n: dimension
  m: dimension
  W: {kind: matrix, shape: [n, n]}
  V: {kind: matrix, shape: [n, m]}
  h: {kind: sequence, shape: [n]}
  x: {kind: sequence, shape: [m]}
  tanh: {kind: activation, function: tanh}
  eps: {kind: scalar, assume: [positive]}
  g: {kind: scalar, assume: [nonnegative]}
  k: index
model:
  recurrence: "h[k] = h[k-1] + eps*tanh((W - W.T - g*I) @ h[k-1] + V @ x[k])"
chains:
  - id: one_step
    start: norm(jacobian(h[k+1], h[k]))
    steps:
      - "<=": norm(I + eps * diag(tanh'((W - W.T - g*I) @ h[k] + V @ x[k+1])) @ (W - W.T - g*I))
      - "<=": %s
"""


def test_antisymmetric_jacobian_bound_is_proved_and_a_wrong_one_refuted(tmp):
    path = tmp / "antisymmetric.yaml"
    path.write_text(ANTISYMMETRIC % "1 + eps * norm(W - W.T - g*I)", encoding="utf-8")
    report = verify(path, timeout=120, budget=300, repair=False)
    assert [l.status for l in report.links] == ["proved", "proved"]
    # (it needs the rewrite ‖I‖₂ = 1, norm_identity, applied while canonicalising the term)
    path.write_text(ANTISYMMETRIC % "eps * norm(W - W.T - g*I)", encoding="utf-8")  # without ‖I‖ = 1
    wrong = verify(path, timeout=120, budget=600, repair=False)
    assert wrong.links[1].status == "refuted"


# ---- the expression language's identity I and Hadamard product


@pytest.fixture(scope="module")
def scope():
    from symbound.read.syntax import Activation, Scope, Sequence

    n, m = sp.Symbol("n", integer=True, positive=True), sp.Symbol("m", integer=True, positive=True)
    return Scope({
        "n": n, "m": m, "W": sp.MatrixSymbol("W", n, n), "U": sp.MatrixSymbol("U", n, m), "v": sp.MatrixSymbol("v", n, 1),
        "r": sp.MatrixSymbol("r", 1, n), "a": sp.MatrixSymbol("a", 1, 1), "g": sp.Symbol("g", real=True),
        "h": Sequence("h", n, sp.Integer(1)), "k": sp.Symbol("k", integer=True), "tanh": Activation("tanh", "tanh"),
    })


@pytest.mark.parametrize(
    "text,size",
    [("W - W.T - g*I", "n"), ("I + W", "n"), ("W @ I", "n"), ("I @ U", "n"), ("U.T @ I", "n"), ("I @ U.T", "m"), ("(2*I - g*I).T + W", "n"),
     ("-I/2 + W", "n"), ("(I @ I) ** 2 + W", "n"), ("transpose(g * I) @ v", "n")],
)
def test_identity_takes_its_size_from_context(text, size, scope):
    from symbound.read.syntax import parse_expr

    e = parse_expr(text, scope)
    sizes = {i.shape[0] for i in sp.preorder_traversal(e) if isinstance(i, sp.Identity)}
    assert sizes == {scope.names[size]}


def test_identity_is_numerically_the_identity(scope):
    from symbound.read.syntax import parse_expr

    W = np.array([[1.0, 2.0], [0.0, 3.0]])
    env = {scope.names["W"]: W, scope.names["g"]: 0.5, scope.names["n"]: 2}
    assert np.allclose(numeric(parse_expr("W - W.T - g*I", scope), env), W - W.T - 0.5 * np.eye(2))
    assert np.allclose(numeric(parse_expr("(2*I - g*I) @ W", scope), env), 1.5 * W)


@pytest.mark.parametrize(
    "text,message",
    [("norm(I)", "cannot be inferred"), ("tanh(I)", "cannot be inferred"), ("I", "cannot be inferred"),
     ("v + I", "I is square"), ("I + 1", "cannot add a matrix and a scalar"), ("W * W", "hadamard(A, B)"),
     ("hadamard(v, W)", "same shape"), ("v * r", "ambiguous"), ("I ** g", "nonnegative integer")],
)
def test_identity_and_hadamard_errors(text, message, scope):
    from symbound.errors import ExprError
    from symbound.read.syntax import parse_expr

    with pytest.raises(ExprError) as err:
        parse_expr(text, scope)
    assert message in err.value.what + " " + err.value.instead


def test_hadamard_of_vectors_and_its_value(scope):
    from symbound.ops import Hadamard
    from symbound.render.text import text
    from symbound.read.syntax import parse_expr

    star, call = parse_expr("v * h[k]", scope), parse_expr("hadamard(v, h[k])", scope)
    assert star == call and isinstance(star, Hadamard) and text(star) == "v ⊙ h[k]"
    env = {scope.names["v"]: np.array([[2.0], [-1.0]]), SeqElem("h", scope.names["k"], scope.names["n"], 1): np.array([[3.0], [4.0]])}
    assert np.allclose(numeric(star, env), [[6.0], [-4.0]])


def test_abs_of_a_one_by_one_matrix_is_its_norm(scope):
    from symbound.read.syntax import parse_expr

    assert parse_expr("abs(a)", scope) == Norm(scope.names["a"], "2") == parse_expr("norm(a)", scope)
    assert isinstance(parse_expr("abs(g)", scope), sp.Abs)


def test_a_declared_I_hides_the_built_in(scope):
    from symbound.read.syntax import parse_expr

    mine = sp.MatrixSymbol("I", 3, 3)
    assert parse_expr("I", scope.with_names({"I": mine})) == mine
