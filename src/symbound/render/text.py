"""Plain-text (Unicode) rendering of expressions in the paper's notation: the names other modules
import, all printed by the one printer in ``mathtext``; and the sentences about witnesses and repairs,
which every view (terminal, JSON, LaTeX, HTML, scripts) takes from here."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symbound.values import Formula, PremiseAt, Repair, Slope, Witness, exact_text, value_of
from symbound.ops import GREEK, NORM_SUB
from symbound.ops.objects import evaluated
from symbound.render.mathtext import PLAIN, REL, Notation, UnicodePrinter, name, relation, text

__all__ = ["GREEK", "NORM_SUB", "REL", "Notation", "UnicodePrinter", "conclusion_reason", "name", "procedures", "relation",
           "repair_change", "repair_text", "shown_values", "summary", "text", "value_name", "witness_checks", "witness_summary"]

NEGATION = {"<=": ">", "<": "≥", "=": "≠", ">=": "<", ">": "≤"}

MARK = {"proved": "✓", "refuted": "✗", "unproved": "?"}


def summary(report: Any) -> str:
    """``str(report)``: the file, the counts, and each step that is not proved (a few lines)."""
    nt = Notation(report.derivation)
    lines = [f"symbound · {report.path}" + (f" · {report.title}" if report.title else ""), report.counts_text()]
    for link in report.links:
        if link.status != "proved" or link.miscited:
            status = link.status + (", miscited" if link.miscited else "")
            lines.append(f"  {MARK[link.status]} {link.chain}.{link.index} (line {link.line}): {nt.relation(link.lhs, link.rel, link.rhs)} — {status}")
    c = report.conclusion
    if c is not None:
        lines.append(f"  {MARK[c.status]} conclusion (line {c.line}): {nt.claim(c)} — {c.status}")
    return "\n".join(lines)


# ---------------------------------------------------------------- what decided a step

NORMAL_FORM = "matrix normal form"  # symbound.kernel.algebra: matrix polynomials, products never commuted


def procedures(proof: Any) -> list[str]:
    """The decision procedures that closed a proof's leaves, read from its nodes' rules: ``norm_coordinates``
    (‖v‖ in coordinates), the normal form of matrix polynomials (a ``conv`` leaf over matrices, without
    rewrites, whose sides sympy's evaluation leaves apart: the kernel's only other way to equate them), sympy's ``arithmetic``,
    ``linarith`` and ``calculus``; empty when none did (lemmas and rewriting carry it all)."""
    out: list[str] = []
    for node in proof.walk():
        if node.kind in ("coordinates", "calculus"):
            out.append(node.rule if node.kind == "coordinates" else node.kind)
        elif node.kind in ("arithmetic", "linarith"):
            out.append(node.kind)
        elif node.kind == "conv" and not node.children and not node.rewrites and getattr(node.lhs, "is_Matrix", False) \
                and evaluated(node.lhs) != evaluated(node.rhs):
            out.append(NORMAL_FORM)
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- counterexamples in words


def value_name(key: Any) -> str:
    """A witness's name for a value: "γ", "W_rec", "x[1]", "σ'(x[0])", "σ(z)"."""
    if isinstance(key, Slope):
        return f"{name(key.activation)}'({text(key.at)})"
    if isinstance(key, Formula):
        return f"{name(key.activation)}(z)"
    return key if isinstance(key, str) else text(key)


_VALUES = UnicodePrinter(False)


def value_text(v: Any, raw: str = "") -> str:
    """A witness's value in Unicode mathematics: [[0, −1], [1, 0]], √10, 1 + √6/2 (``raw``, its exact
    string, when there is no value: read with ``value_of`` when it can be, a formula 3*z/4 printed 3·z/4)."""
    if v is None:
        v = value_of(raw)
    if v is None:
        return raw
    if hasattr(v, "tolist"):
        return "[" + ", ".join("[" + ", ".join(_VALUES.doprint(a) for a in row) + "]" for row in v.tolist()) + "]"
    return _VALUES.doprint(v)


def witness_values(w: Witness) -> str:
    """'n = 2, W_rec = [[0, 1], [0, 0]], σ(z) = (3/4)·z' with numbers in Unicode (√10, −1)."""
    return ", ".join(f"{value_name(k)} = {value_text(w.exact_values.get(k), raw)}" for k, raw in w.values.items())


def shown_values(w: Witness) -> dict[str, str]:
    """The witness's values by their names, as exact strings (the JSON's ``values``)."""
    return {value_name(k): v for k, v in w.values.items()}


def consistency_text(report: Any) -> str:
    """One sentence on the instance of the premises: where they hold together, or that none was found."""
    c = report.consistency
    if c is None:
        return ""
    if c.contradicted:
        return "the premises cannot all hold (see the finding above)"
    if not c.searched:
        return "the premises' consistency was not searched (counterexample search off)"
    if c.shown:
        values = witness_values(c.witness)  # as a counterexample's: Unicode mathematics, σ(z) = 3·z/4, never 3*z/4
        return "the premises hold together" + (f" at {values}" if values else " (they constrain no value)")
    if c.every_step:
        out = f"the premises were not shown consistent ({', '.join(c.every_step)}: about the state at every step, which no instance shows)"
    else:
        out = f"the premises were not shown consistent ({_unmet(c)})"
    if report.vacuous_risk:
        out += f": {', '.join(report.vacuous_risk)} proved only if they can hold"
    return out


def _unmet(c: Any) -> str:
    """Why no instance shows the premises consistent: none evaluated, none met them, or none exactly."""
    if not c.tried:
        return "the search could evaluate the premises at no instance"
    if not c.met:
        return f"no instance met the premises ({c.tried} instances)"
    return f"{c.met} of {c.tried} instances met them in floating point, none exactly"


def say(v: Any) -> str:
    """A value in a sentence: irrational numbers in mathematical notation (√2, not sqrt(2))."""
    if isinstance(v, sp.Basic) and v.is_number and not v.is_Rational and not v.is_Float:
        return text(sp.radsimp(v))
    return exact_text(v)


def premise_at(p: PremiseAt, nt: Notation = PLAIN) -> str:
    """A premise at the witness: "ρ(W_rec) = 0 < 1 = 1/γ", or "… for all z (checked exactly)"."""
    if p.bound or p.values is None:
        how = "exactly" if p.exact else "in floating point only"
        return f"{nt.relation(p.lhs, p.rel, p.rhs)} for all {', '.join(map(str, p.bound))} (checked {how})"
    a, b = p.values
    left = say(a) if getattr(p.lhs, "is_number", False) else f"{nt.text(p.lhs)} = {say(a)}"
    right = say(b) if getattr(p.rhs, "is_number", False) else f"{say(b)} = {nt.text(p.rhs)}"
    return f"{left} {REL[p.rel]} {right}"


def witness_checks(w: Witness, nt: Notation = PLAIN) -> dict[str, str]:
    """Premise id -> the premise at the witness, in words (as the file wrote it, with ``nt``)."""
    return {pid: premise_at(p, nt) for pid, p in w.checks.items()}


def witness_summary(w: Witness, nt: Notation = PLAIN) -> str:
    """The counterexample in one line a reviewer reads: "W_rec = [[0, 1], [0, 0]]: ‖W_recᵀ‖₂ = 1 > 0 = λ₁"
    (the claim as the file wrote it, with ``nt``: (1/γ)·γ, not γ/γ)."""
    shown = witness_values(w)
    if w.limit is not None:
        kind = "certified exactly" if w.exact else "in floating point"
        grows = text(w.limit.grows)
        return (f"the claim itself is false under these premises ({kind}): with {shown}, and the state held at a fixed point "
                f"x* = x[0] by the inputs, every one-step Jacobian equals J* = {text(w.limit.J)}, whose spectral radius is "
                f"ρ(J*) = {value_text(w.lhs, w.lhs_value)} ≥ 1; so {nt.text(w.limit.expr)} ≥ ρ(J*)^({grows}) ≥ 1 for every {grows}, and does not go to 0")
    lhs, rel, rhs = w.claim
    a, b = w.sides if w.sides is not None else (w.lhs_value, w.rhs_value)
    out = f"{shown}: {nt.text(lhs)} = {say(a)} {NEGATION[rel]} {say(b)} = {nt.text(rhs)}"
    if w.floating:
        out += f" (decided in floating point: {', '.join(w.floating)})"
    return out


def conclusion_reason(c: Any, nt: Notation = PLAIN) -> str:
    """Why the conclusion is not proved; when a counterexample refutes it, the counterexample in a line."""
    return witness_summary(c.witness, nt) if c.witness is not None else nt.sentence(c.reason)


# ---------------------------------------------------------------- repairs in words


def repair_change(r: Repair) -> str:
    """The change a definition or premise repair makes: "with λ₁ := σ_max(W_rec) (instead of ρ(W_rec))"."""
    if r.kind == "premise":
        return f"with the extra premise that {r.matrix} is normal (for example symmetric)"
    return f"with {text(r.symbol)} := {text(r.value)} (instead of {text(r.instead_of)})"


def repaired_by(r: Repair) -> str:
    """The lemmas (as statements) and premises a repaired link is proved by."""
    from symbound.rules import BY_NAME
    from symbound.read.lemmas import compiled

    names = [n for n in r.lemmas if BY_NAME[n].use != "gcongr"] or r.lemmas
    shown = []
    for n in names:
        rel = compiled(n).relation
        shown.append(f"{n}: {relation(rel.lhs, rel.rel, rel.rhs)}" if rel is not None else n)
    return "; ".join(shown + [f"premise {p}" for p in r.premises]) or "arithmetic"


def repair_text(r: Repair) -> str:
    """A repair in one sentence: the change, and what then holds and by what."""
    if r.kind == "relation":
        strong = {"<": "<", ">": ">", "=": "=", "==": "="}[r.rel]
        weak = {"<=": "≤", ">=": "≥", "=": "="}[r.relation or {"<": "<=", ">": ">="}[r.rel]]
        failed = "does not" if r.refuted else "is not proved"  # an unproved relation may still hold
        return f"{weak} holds, {strong} {failed}: write {weak} here (by {repaired_by(r)})"
    if r.whole:
        return f"{repair_change(r)}, every link and the conclusion are proved"
    return f"{repair_change(r)}, this link holds, by {repaired_by(r)}"


def assumed_lemmas(a: Any) -> str:
    """'fro_le (used by c2.1), bad (refuted, not used)': the file's own lemmas, as the audit lists them."""
    return ", ".join(f"{n} ({'used by ' + ', '.join(users) if status == 'used' else 'refuted, not used' if status == 'refuted' else 'unused'})"
                     for n, status, users in a.lemmas)


ASSUMED = "assumed, not from the library"


def assumed_uses(uses: list[Any]) -> list[str]:
    """The file's own lemmas among a proof's uses (each printed with ASSUMED)."""
    return sorted({u.name for u in uses if u.kind == "assumed"})
