"""A refuted step as a standalone numpy script that anyone can run: the counterexample, reproduced.

``script(report, "chain.index")`` (or ``"conclusion"``) reads the step's ``Witness`` verdict — the
values of the symbols, as exact text — and writes a Python program that needs only numpy.  It sets
every symbol to its witness value, defines the activation the witness chose, evaluates every premise
(definitions unfolded) and the claim in floating point, prints each with its two sides, and exits:

* 0 — the claim holds at these values (the counterexample is not reproduced);
* 1 — every premise holds and the claim fails: the counterexample, reproduced;
* 2 — a premise does not hold at these values (not a counterexample).

For a refuted limit (``conclusion: tends_to_zero``) the witness holds the state at a fixed point x*,
so every one-step Jacobian is the same J*; the script evaluates the claimed quantity for t − k = 1 …
``N_MAX`` next to the bound the derivation claims for it (the chain that starts from it), and the claim
fails when it does not go to 0 (ρ(J*) ≥ 1).  ``python out.py --plot out.png`` draws both against
t − k (matplotlib, imported only then).

Expressions are turned into Python by a small printer over symbound's objects (``_Code``); the text
of the derivation file is never put into the script except as escaped string literals and comments.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symbound.errors import WitnessScriptError
from symbound.read.model import hold_state
from symbound.ops import SeqElem
from symbound.ops import hook
from symbound.values import Formula, Report, Slope, Witness
from symbound.render.text import REL, Notation, text, value_name, witness_summary
from symbound.render.text import name as display
from symbound.rules.properties import PROPERTIES, declared

N_MAX = 20  # t − k = 1 … N_MAX for a limit
EXIT_HOLDS, EXIT_REPRODUCED, EXIT_PREMISE_FAILS = 0, 1, 2
RESERVED = {"np", "sys", "math", "Fraction", "norm", "rho", "sigma_max", "sigma_min", "max_abs", "diag", "mul", "matprod",
            "prod", "holds", "check", "check_premises", "main", "TOL", "N_MAX", "Z_GRID", "lambda", "abs", "max", "min",
            "int", "float", "range", "print", "len", "sum"}




# ---------------------------------------------------------------- reading a witness back


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?:/\d+)?")


def parse_value(s: str) -> Any:
    """'1/2' → Fraction(1, 2); '[[0, 1], [0, 0]]' → nested lists of Fractions (no eval: a tokenizer)."""
    s = s.strip()
    if not re.fullmatch(r"[\[\]\s,\d./eE+-]*", s):
        raise WitnessScriptError(f"cannot read the witness value {s!r}")
    pos = 0

    def item() -> Any:
        nonlocal pos
        while pos < len(s) and s[pos] in " ,":
            pos += 1
        if s[pos] == "[":
            pos += 1
            out = []
            while True:
                while pos < len(s) and s[pos] in " ,":
                    pos += 1
                if s[pos] == "]":
                    pos += 1
                    return out
                out.append(item())
        m = _NUMBER.match(s, pos)
        if m is None:
            raise WitnessScriptError(f"cannot read the witness value {s!r}")
        pos = m.end()
        return Fraction(m.group()) if "/" in m.group() or "." not in m.group() else Fraction(float(m.group()))

    try:
        return item()
    except IndexError:
        raise WitnessScriptError(f"cannot read the witness value {s!r}") from None


_ACTIVATION = re.compile(r"(?:(?P<s>-?\d+(?:/\d+)?(?:\.\d+)?)·|(?P<neg>-))?(?P<f>z|sin\(z\)|tanh\(z\))")


# ---------------------------------------------------------------- expressions as Python


class _Code:
    """symbound's objects as numpy code; symbols by (safe) name, sequences as dicts by time index."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def var(self, name: str) -> str:
        return self.names.setdefault(name, name + "_" if name in RESERVED or not name.isidentifier() else name)

    def __call__(self, e: Any) -> str:
        p = self
        form = hook(e, "numpy")  # an operator's declared form (``Op.numpy``)
        if form is not None:
            return form(e, self)
        if isinstance(e, (sp.Symbol, sp.MatrixSymbol)):
            return self.var(e.name)
        if isinstance(e, sp.Indexed):  # a width per layer, n[j]: a dict by layer
            return f"{self.var(str(e.base))}[int({p(e.indices[0])})]"
        if isinstance(e, sp.Integer):
            return str(int(e))
        if isinstance(e, sp.Rational):
            return f"({e.p} / {e.q})"
        if isinstance(e, sp.Float):
            return repr(float(e))
        if isinstance(e, sp.ZeroMatrix):
            return f"np.zeros(({p(e.shape[0])}, {p(e.shape[1])}))"
        if isinstance(e, sp.Identity):
            return f"np.eye({p(e.shape[0])})"
        if isinstance(e, (sp.Add, sp.MatAdd)):
            return "(" + " + ".join(p(a) for a in e.args) + ")"
        if isinstance(e, (sp.Mul, sp.MatMul)):
            return "mul(" + ", ".join(p(a) for a in e.args) + ")"
        if isinstance(e, sp.Pow):
            return f"({p(e.args[0])}) ** ({p(e.args[1])})"
        if isinstance(e, sp.Function) and not isinstance(e, MatrixExpr) and hasattr(__import__("numpy"), e.func.__name__):
            return f"np.{e.func.__name__}(" + ", ".join(p(a) for a in e.args) + ")"
        if getattr(e, "is_number", False):
            return repr(float(sp.N(e)))
        raise WitnessScriptError(f"the script cannot evaluate {type(e).__name__} ({text(e)})")

    def activation(self, fname: str, order: int) -> str:
        return self.var(fname.lstrip("?")) + ("" if order == 0 else f"_d{order}")


# ---------------------------------------------------------------- the script


_HELPERS = '''
TOL = 1e-9


def norm(A, kind):
    """An induced matrix norm (1, 2, inf) or the Frobenius norm (fro)."""
    order = {"1": 1, "2": 2, "inf": np.inf, "fro": "fro"}[kind]
    return float(np.linalg.norm(np.atleast_2d(A), order))


def rho(A):
    """The spectral radius: the largest |eigenvalue|."""
    return float(max(abs(np.linalg.eigvals(np.atleast_2d(A)))))


def sigma_max(A):
    return float(np.linalg.svd(np.atleast_2d(A), compute_uv=False)[0])


def sigma_min(A):
    return float(np.linalg.svd(np.atleast_2d(A), compute_uv=False)[-1])


def max_abs(v):
    return float(np.max(np.abs(v)))


def diag(v):
    return np.diag(np.asarray(v, dtype=float).ravel())


def mul(*factors):
    """A product: matrix product between matrices, scalar product otherwise."""
    out = factors[0]
    for f in factors[1:]:
        out = out @ f if np.ndim(out) == 2 and np.ndim(f) == 2 else out * f
    return out


def matprod(body, lo, hi, n):
    """The ordered product body(lo) body(lo + 1) ... body(hi); the identity when empty."""
    out = np.eye(n)
    for i in range(int(lo), int(hi) + 1):
        out = out @ body(i)
    return out


def prod(body, lo, hi):
    out = 1.0
    for i in range(int(lo), int(hi) + 1):
        out = out * body(i)
    return out


def holds(a, rel, b):
    """Whether a rel b holds, within TOL (strict relations must hold by more than TOL)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = TOL * (1 + np.maximum(np.abs(a), np.abs(b)))
    out = {"<=": a <= b + scale, "<": a < b - scale, "=": np.abs(a - b) <= scale,
           ">=": a >= b - scale, ">": a > b + scale}[rel]
    return bool(np.all(out))


def show(v):
    v = np.asarray(v, dtype=float)
    if v.ndim == 0:
        return f"{float(v):.6g}"
    return "max " + f"{float(np.max(v)):.6g}" if v.size > 8 else np.array2string(v, precision=6)


def has(label, statement, ok, verbose=True):
    """A declared property of a matrix of the witness (symbound's table of properties, in numpy)."""
    if verbose:
        print(f"  {label:<8} {statement}:  {'holds' if ok else 'DOES NOT HOLD'}")
    return bool(ok)


def check(label, statement, a, rel, b, verbose=True):
    ok = holds(a, rel, b)
    if verbose:
        print(f"  {label:<8} {statement}:  {show(a)} {rel} {show(b)}   {'holds' if ok else 'DOES NOT HOLD'}")
    return ok
'''


def _activation_defs(code: _Code, name: str, act: Any, value: str | None, table: dict[str, str], seq_values: dict, max_order: int) -> list[str]:
    """The activation σ and its derivatives as numpy functions, as the witness chose them."""
    if value is not None:
        m = _ACTIVATION.fullmatch(value.replace(" ", ""))
        if m is None:
            raise WitnessScriptError(f"cannot read the activation {value!r}")
        s = repr(float(Fraction(m.group("s") or ("-1" if m.group("neg") else "1"))))  # "z" is 1·z
        forms = {
            "z": [f"{s} * z", f"{s} + 0 * z", "0 * z"],
            "sin(z)": [f"{s} * np.sin(z)", f"{s} * np.cos(z)", f"-{s} * np.sin(z)"],
            "tanh(z)": [f"{s} * np.tanh(z)", f"{s} * (1 - np.tanh(z) ** 2)", f"-2 * {s} * np.tanh(z) * (1 - np.tanh(z) ** 2)"],
        }[m.group("f")]
        out = [f"# {display(name)}(z) = {value}, as the witness chose it"]
        for order, body in enumerate(forms):
            out += [f"def {code.activation(name, order)}(z):", "    z = np.asarray(z, dtype=float)", f"    return {body}", ""]
        return out
    if table:
        points: dict[float, float] = {}
        for seq_key, vals in table.items():
            xs = [float(a) for a in _flat(seq_values[seq_key])]
            for x, y in zip(xs, _flat(parse_value(vals))):
                points[x] = float(y)
        d1 = code.activation(name, 1)
        return [
            f"# {display(name)}' is free within its bound: the witness gives its values at the points it is evaluated at",
            f"{d1.upper()}_TABLE = {points!r}",
            "",
            f"def {d1}(z):",
            f"    keys = np.array(sorted({d1.upper()}_TABLE))",
            f"    look = lambda v: {d1.upper()}_TABLE[float(keys[np.argmin(np.abs(keys - v))])]",
            "    return np.vectorize(look, otypes=[float])(np.asarray(z, dtype=float))",
            "",
        ]
    if act is not None and act.function is not None:
        from sympy.printing.numpy import NumPyPrinter

        from symbound.ops import KNOWN

        z = sp.Symbol("z", real=True)
        out = [f"# {display(name)} = {act.function}"]
        for order in range(max_order + 1):
            body = NumPyPrinter().doprint(sp.diff(KNOWN[act.function](z), z, order)).replace("numpy.", "np.")
            out += [f"def {code.activation(name, order)}(z):", "    z = np.asarray(z, dtype=float)", f"    return {body} + 0 * z", ""]
        return out
    raise WitnessScriptError(f"the witness gives no values for the activation {display(name)}")


def _flat(v: Any) -> list:
    return [x for row in v for x in _flat(row)] if isinstance(v, list) else [v]


def _literal(v: Any) -> str:
    if isinstance(v, list):
        return "np.array(" + repr(_floats(v)) + ", dtype=float)"
    return repr(int(v)) if v.denominator == 1 else f"{v.numerator} / {v.denominator}"


def _floats(v: Any) -> Any:
    return [_floats(x) for x in v] if isinstance(v, list) else (int(v) if v.denominator == 1 else float(v))


def script(report: Report, target: str, claim: Any, n_max: int = N_MAX) -> str:
    """The standalone script reproducing the counterexample of ``target`` ("chain.index" or "conclusion"), from
    ``claim`` (``symbound.passes.reproduce.claim(report, target)``: the step unfolded and the falsifier's problem)."""
    d = report.derivation
    verdict, w, goal, problem, held = claim.verdict, claim.witness, claim.goal, claim.problem, claim.held
    limit = held is not None
    state = d.model.state.name if limit else ""

    code = _Code({})
    symbols = {str(s): s for s in problem.dims + problem.indices + problem.scalars + problem.matrices}
    activations = problem.activations
    lines_values: list[str] = []
    seq_values: dict[str, Any] = {}
    seqs: dict[str, dict[int, Any]] = {}
    widths: dict[str, dict[int, str]] = {}
    act_value: dict[str, str] = {}
    act_table: dict[str, dict[str, str]] = {}
    for key, value in w.values.items():
        shown = value_name(key)
        if isinstance(key, Slope) and key.activation in activations:
            act_table.setdefault(key.activation, {})[value_name(key.at)] = value
        elif isinstance(key, Formula) and key.activation in activations:
            act_value[key.activation] = value
        elif isinstance(key, SeqElem) and key.index.is_Integer:
            seq_values[shown] = parse_value(value)
            seqs.setdefault(shown.rpartition("[")[0], {})[int(key.index)] = seq_values[shown]
        elif isinstance(key, sp.Indexed) and str(key.base) in problem.widths and key.indices[0].is_Integer:
            widths.setdefault(str(key.base), {})[int(key.indices[0])] = value
        elif str(key) in symbols:
            lines_values.append(f"{code.var(str(key))} = {_literal(parse_value(value))}  # {shown} = {value}")
        else:
            raise WitnessScriptError(f"the witness names {shown!r}, which the step does not use")
    for name, sizes in widths.items():
        lines_values.append(f"{code.var(name)} = {{{', '.join(f'{i}: {v}' for i, v in sorted(sizes.items()))}}}  # {name}[j]: the width of layer j")
    for name, elems in seqs.items():
        body = ", ".join(f"{i}: {_literal(v)}" for i, v in sorted(elems.items()))
        lines_values.append(f"{code.var(name)} = {{{body}}}  # {name}[i] for the time indices the step uses")
    named = {n.name for c in problem.constraints for side in (c.lhs, c.rhs) for n in _nodes(side) if isinstance(n, SeqElem)}
    for name in sorted(named - set(seqs)):  # a family the witness gives no element of (a network of depth 0)
        lines_values.append(f"{code.var(name)} = {{}}  # {name}[i]: no element at this witness")
    needed = {f for f, _ in problem.uses}
    for name in activations:
        if name in needed or name in act_value or name in act_table:
            orders = [o for f, o in problem.uses if f == name] or [1]
            lines_values.append("")
            lines_values += _activation_defs(code, name, activations[name], act_value.get(name), act_table.get(name, {}), seq_values, max(orders))

    # premises, checked at the witness (for a limit: for every t − k = 1 … N_MAX)
    premise_lines = ["def check_premises(verbose=True):", "    ok = True", *_declared_lines(code, problem, w)]
    for c in problem.constraints:
        shown = f"{text(c.lhs)} {REL.get(c.rel, c.rel)} {text(c.rhs)}" + (f" for all {', '.join(map(str, c.bound))}" if c.bound else "")
        line = f"ok &= check({c.id!r}, {shown!r}, {code(c.lhs)}, {c.rel!r}, {code(c.rhs)}, verbose)"
        families = sorted({n.name for side in (c.lhs, c.rhs) for n in _nodes(side) if isinstance(n, SeqElem) and set(c.bound) & n.index.free_symbols})
        if len(c.bound) == 1 and c.bound[0].is_integer and families:  # over every element the witness gives
            (b,) = c.bound
            premise_lines += [f"    for {code.var(str(b))} in sorted(set().union({', '.join(code.var(f) + '.keys()' for f in families)})):",
                              "        try:", f"            {line}",
                              "        except KeyError:  # an element the witness leaves free meets the premise",
                              "            pass"]
            continue
        if c.bound:
            premise_lines += [f"    {', '.join(code.var(str(b)) for b in c.bound)} = Z_GRID" if len(c.bound) == 1 else "    raise SystemExit('several bound variables')"]
        premise_lines.append(f"    {line}")
    premise_lines.append("    return ok")

    index_vars: list[str] = []
    if limit:
        grows = d.conclusion.as_
        free = sorted(grows.free_symbols, key=str)
        rising = [s for s in free if sp.diff(grows, s).is_positive]
        if len(rising) != 1 or not sp.Poly(grows, *free).is_linear:
            raise WitnessScriptError(f"cannot choose the time indices for {text(grows)} = 1 … {n_max}")
        up = rising[0]
        others = [s for s in free if s != up]
        solved = sp.solve(sp.Eq(grows.xreplace({s: 0 for s in others}), sp.Symbol("N")), up)[0]
        index_vars = [f"    {code.var(str(s))} = 0" for s in others] + [f"    {code.var(str(up))} = {code(solved)}"]
        main = _limit_main(code, d, report, claim.unfold, state, held, goal, index_vars, w, target)
    else:
        main = _link_main(code, verdict, goal, w, target)

    head = _header(report, target, verdict, w)
    grid = "Z_GRID = np.concatenate([np.linspace(-50, 50, 20001)" + "".join(
        f", np.array(sorted({code.activation(n, 1).upper()}_TABLE))" for n in act_table) + "])"
    body = [*lines_values, "", grid, "", "# ---- the premises (definitions unfolded)", *premise_lines, "", "", *main, ""]
    imports = ["import functools", "import sys"] if any("functools." in line for line in body) else ["import sys"]
    return "\n".join([head, *imports, "", "import numpy as np", _HELPERS, "", "# ---- the witness", *body])


def _declared_lines(code: _Code, problem: Any, w: Witness) -> list[str]:
    """A check of every declared property of every matrix and sequence element the witness gives (the witness
    checker decided them exactly; the script shows them in numpy, by the table's ``numpy`` form)."""
    out = []
    for key in w.values:
        if isinstance(key, sp.MatrixSymbol) or (isinstance(key, SeqElem) and key.index.is_Integer):
            for prop in sorted(declared(problem.properties, key)):
                form = f"(lambda A: {PROPERTIES[prop].numpy})(np.atleast_2d(np.asarray({code(key)}, dtype=float)))"
                out.append(f"    ok &= has('declared', {f'{value_name(key)} is {prop}'!r}, {form}, verbose)")
    return out


def _header(report: Report, target: str, verdict: Any, w: Witness) -> str:
    what = "the conclusion" if target == "conclusion" else f"link {target} (line {verdict.line})"
    kind = "certified exactly" if w.exact else "found in floating point"
    doc = (f"Counterexample to {what} of {report.path}, {kind} by symbound.\n\n"
           f"    {witness_summary(w, Notation(report.derivation))}\n\n"
           "Needs only numpy. Exit status: 0 the claim holds at these values (counterexample not reproduced),\n"
           "1 every premise holds and the claim fails (the counterexample, reproduced), 2 a premise does not hold.\n")
    return "#!/usr/bin/env python3\n" + '"""' + doc.replace("\\", "\\\\").replace('"""', "'''") + '"""\n'


def _link_main(code: _Code, link: Any, goal: tuple, w: Witness, target: str) -> list[str]:
    lhs, rel, rhs = goal
    statement = f"{text(link.lhs)} {REL.get(link.rel, link.rel)} {text(link.rhs)}"
    return [
        "def main(argv):",
        "    sys.stdout.reconfigure(encoding='utf-8')",
        f"    print({('premises at the witness:')!r})",
        "    premises = check_premises()",
        f"    print({f'the claim, {target}:'!r})",
        f"    claim = check('claim', {statement!r}, {code(lhs)}, {rel!r}, {code(rhs)})",
        f"    print({f'symbound found: {w.lhs_value} and {w.rhs_value}'!r})",
        "    if not premises:",
        "        print('a premise does not hold: this is not a counterexample')",
        f"        return {EXIT_PREMISE_FAILS}",
        "    if claim:",
        "        print('the claim holds here: the counterexample is NOT reproduced')",
        f"        return {EXIT_HOLDS}",
        "    print('every premise holds and the claim fails: counterexample reproduced')",
        f"    return {EXIT_REPRODUCED}",
        "",
        "",
        "if __name__ == '__main__':",
        "    sys.exit(main(sys.argv[1:]))",
    ]


def claimed_bound(report: Report, unfold: Any, state: str) -> tuple[str, Any] | None:
    """The bound a chain of the derivation claims for the limit's quantity (the chain that starts from it)."""
    c = report.derivation.conclusion
    for chain in report.chains:
        if chain.start == c.tends_to_zero and chain.relation in ("<=", "<"):
            return chain.id, hold_state(unfold(chain.end), state)
    return None


def _limit_main(code: _Code, d: Any, report: Report, unfold: Any, state: str, held: Any, goal: tuple, index_vars: list[str], w: Witness, target: str) -> list[str]:
    quantity, _, grows = goal
    J = held.args[0].args[0]
    bound = claimed_bound(report, unfold, state)
    bound_code = code(bound[1]) if bound else "float('nan')"
    bound_name = f"{text(bound[1])} (chain {bound[0]})" if bound else "none"
    i = held.args[0].args[1][0]
    j_code = code(J.xreplace({i: sp.Integer(0)}))
    return [
        f"N_MAX = {N_MAX}",
        f"QUANTITY = {text(d.conclusion.tends_to_zero)!r}",
        f"BOUND = {bound_name!r}",
        "",
        "",
        "def at(N):",
        f"    \"\"\"Set the time indices so that {text(grows)} = N.\"\"\"",
        f"    global {', '.join(v.split('=')[0].strip() for v in index_vars)}",
        *index_vars,
        "",
        "",
        "def series():",
        "    \"\"\"The claimed quantity and the claimed bound for N = 1 ... N_MAX, with the state held at x*.\"\"\"",
        "    rows = []",
        "    for N in range(1, N_MAX + 1):",
        "        at(N)",
        f"        rows.append((N, {code(quantity)}, {bound_code}))",
        "    return rows",
        "",
        "",
        "def plot(path, rows):",
        "    try:",
        "        import matplotlib",
        "    except ImportError:",
        "        raise SystemExit(\"--plot needs matplotlib: pip install matplotlib (or pip install 'symbound[plot]')\")",
        "    matplotlib.use('Agg')",
        "    import matplotlib.pyplot as plt",
        "    import matplotlib.ticker",
        "    N = [r[0] for r in rows]",
        "    fig, ax = plt.subplots(figsize=(6.4, 4), dpi=100)",
        "    ax.plot(N, [r[1] for r in rows], 'o-', color='#c62828', label='the witness: ' + QUANTITY)",
        "    ax.plot(N, [r[2] for r in rows], 's--', color='#1565c0', label='the claimed bound: ' + BOUND)",
        "    ax.set_yscale('symlog', linthresh=1e-2)",
        "    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))",
        "    ax.yaxis.set_major_locator(matplotlib.ticker.SymmetricalLogLocator(base=100, linthresh=1e-2))",
        f"    ax.set_xlabel({text(grows)!r})",
        "    ax.set_ylabel('value (symlog scale)')",
        "    ax.set_title('claimed: ' + QUANTITY + ' → 0; at the witness it grows', fontsize=10)",
        "    ax.legend(fontsize=8)",
        "    ax.grid(True, alpha=0.3)",
        "    fig.tight_layout()",
        "    fig.savefig(path)",
        "    print(f'wrote {path}')",
        "",
        "",
        "def main(argv):",
        "    sys.stdout.reconfigure(encoding='utf-8')",
        "    print('premises at the witness (checked for every N = 1 ... N_MAX, shown at N = 1):')",
        "    premises = True",
        "    for N in range(1, N_MAX + 1):",
        "        at(N)",
        "        premises &= check_premises(verbose=N == 1)",
        f"    J = {j_code}",
        "    r = rho(J)",
        f"    print(f'the state held at x* = {state}[0]: every one-step Jacobian is J* = {{np.array2string(J, precision=6)}}, rho(J*) = {{r:.6g}}')",
        "    rows = series()",
        "    print(f'{\"N\":>4}  {\"quantity\":>14}  {\"claimed bound\":>14}')",
        "    for N, q, b in rows:",
        "        if N <= 5 or N == N_MAX:",
        "            print(f'{N:>4}  {q:>14.6g}  {b:>14.6g}')",
        "    claim = not (r >= 1 - TOL and all(q >= 1 - TOL for _, q, _ in rows))",
        f"    print({f'symbound found: rho(J*) = {w.lhs_value}'!r})",
        "    if '--plot' in argv:",
        "        plot(argv[argv.index('--plot') + 1], rows)",
        "    if not premises:",
        "        print('a premise does not hold: this is not a counterexample')",
        f"        return {EXIT_PREMISE_FAILS}",
        "    if claim:",
        "        print('the quantity may go to 0 here: the counterexample is NOT reproduced')",
        f"        return {EXIT_HOLDS}",
        "    print('every premise holds and rho(J*) >= 1, so the quantity stays >= 1 for every N: it does not go to 0 (counterexample reproduced)')",
        f"    return {EXIT_REPRODUCED}",
        "",
        "",
        "if __name__ == '__main__':",
        "    sys.exit(main(sys.argv[1:]))",
    ]


def _nodes(e: Any) -> Any:
    return sp.preorder_traversal(e) if isinstance(e, sp.Basic) else ()
