"""JSON rendering of a report: every verdict with its expressions as text and as LaTeX."""

from __future__ import annotations

import json
from typing import Any

from symbound.values import Audit, LemmaUse, LinkVerdict, Repair, Report, Witness
from symbound.render.mathtext import Notation
from symbound.render.text import conclusion_reason, consistency_text, repair_text, shown_values, witness_checks, witness_summary

FORMAT_VERSION = 1


def _expr(e: Any, names: Notation) -> dict[str, str]:
    """An expression as the file wrote it, in Unicode and in LaTeX (the printer every view uses)."""
    return {"text": names.text(e), "latex": names.latex(e)}


def _use(u: LemmaUse, names: Notation) -> dict[str, Any]:
    return {"name": u.name, "kind": u.kind, "lhs": names.text(u.lhs), "rel": u.rel, "rhs": names.text(u.rhs)}


def _link(link: LinkVerdict, names: Notation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "index": link.index,
        "line": link.line,
        "lhs": _expr(link.lhs, names),
        "rel": link.rel,
        "rhs": _expr(link.rhs, names),
        "source": link.source,
        "status": link.status,
        "trusts": link.trusts,
        "lemmas": link.lemmas,
        "uses": [_use(u, names) for u in link.uses],
        "premises": link.premises,
        "chains": link.chains,
        "definitions": link.definitions,
        "cited": list(link.cited),
        "miscited": link.miscited,
        "reason": names.sentence(link.reason),
        "note": link.note,
    }
    if link.blocker is not None:
        a, rel, b = link.blocker
        out["blocker"] = {"lhs": names.text(a), "rel": rel, "rhs": names.text(b)}
    out["near_misses"] = [{"lemma": n.lemma, "lhs": names.text(n.lhs), "rel": n.rel, "rhs": names.text(n.rhs), "why": n.why} for n in link.near]
    out["witness"] = _witness(link.witness, names)
    out["repairs"] = [_repair(r) for r in link.repairs]
    if link.assumed:
        out["assumed_lemmas"] = link.assumed  # the file's own lemmas it rests on: assumed, not from the library
    return out


def _witness(w: Witness | None, names: Notation) -> dict[str, Any] | None:
    """A counterexample with its values as exact strings (rationals, algebraic numbers), to re-check elsewhere."""
    if w is None:
        return None
    return {"values": shown_values(w), "lhs_value": w.lhs_value, "rhs_value": w.rhs_value, "exact": w.exact,
            "instances_tried": w.tried, "premises_at_witness": witness_checks(w, names), "summary": witness_summary(w, names),
            "floating_point_parts": w.floating}


def _repair(r: Repair) -> dict[str, Any]:
    return {"kind": r.kind, "text": repair_text(r), "lemmas": r.lemmas}


def to_data(report: Report) -> dict[str, Any]:
    names = Notation(report.derivation)
    c = report.conclusion
    return _with_lemmas({
        "symbound_format": FORMAT_VERSION,
        "file": report.path,
        "title": report.title,
        "source": report.source,
        "premises": [{"id": pid, "claim": report.premise_claims.get(pid, ""), "text": t} for pid, t in report.premises.items()],
        "chains": [
            {
                "id": ch.id,
                "line": ch.line,
                "text": ch.text,
                "start": _expr(ch.start, names),
                "relation": ch.relation,
                "end": _expr(ch.end, names),
                "status": ch.status,
                "premises": ch.premises,
                "links": [_link(link, names) for link in ch.links],
                "note": ch.note,
                **({"repaired": ch.repaired} if ch.repaired else {}),
            }
            for ch in report.chains
        ],
        "conclusion": None
        if c is None
        else {
            "text": c.text,
            "line": c.line,
            "lhs": _expr(c.lhs, names),
            "rel": c.rel,
            "rhs": _expr(c.rhs, names),
            "status": c.status,
            "trusts": c.trusts,
            "premises": c.premises,
            "chains": c.chains,
            "lemmas": sorted({u.name for u in c.uses if u.kind in ("lemma", "gcongr", "calculus", "limit")}),
            "reason": conclusion_reason(c, names),
            "witness": _witness(c.witness, names),
            **({"repaired": c.repaired} if c.repaired else {}),
        },
        "repairs": [_repair(r) for r in report.repairs],
        "findings": [{"kind": f.kind, "premises": f.premises, "text": f.text} for f in report.findings],
        "consistency": _consistency(report),
        "search": {"seed": report.seed, "budget": report.budget},
        "summary": {**report.counts(), "links": len(report.links), "unused_premises": report.unused_premises, "exit_code": report.exit_code},
    }, report)


def _consistency(report: Report) -> dict[str, Any] | None:
    """The instance of the premises: shown (with its values) or not, the instances tried, the proved steps at risk."""
    c = report.consistency
    if c is None:
        return None
    return {"shown": c.shown, "searched": c.searched, "tried": c.tried, "values": shown_values(c.witness) if c.witness else {},
            "every_step": list(c.every_step), "vacuous_risk": report.vacuous_risk, "text": consistency_text(report)}


def _with_lemmas(data: dict[str, Any], report: Report) -> dict[str, Any]:
    """The file's own lemmas (only when it states some): each with its status, users and witness."""
    if not report.lemmas:
        return data
    names = Notation(report.derivation)
    data["lemmas"] = [{"name": u.name, "assumed": "not from the library", "statement": u.source,
                       "lhs": _expr(u.statement.lhs, names), "rel": u.statement.rel, "rhs": _expr(u.statement.rhs, names),
                       "hypotheses": [{"lhs": _expr(h.lhs, names), "rel": h.rel, "rhs": _expr(h.rhs, names)} for h in u.hypotheses],
                       "reference": u.reference, "text": u.text, "line": u.line, "status": u.status, "used_by": u.users,
                       "instances_tried": u.tried, "witness": _witness(u.witness, names)} for u in report.lemmas]
    if report.conclusion is not None and data["conclusion"] is not None:
        data["conclusion"]["assumed_lemmas"] = report.conclusion.assumed
    return data


def render(report: Report) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False, sort_keys=False)


def audit_data(a: Audit) -> dict[str, Any]:
    """The audit (what each step rests on, what breaks without each premise) as JSON data."""
    nt = Notation(a.derivation)
    return {
        "steps": [
            {"step": i.name, "chain": i.chain, "index": i.index, "line": i.line, "status": i.status,
             "premises": i.premises, "definitions": i.definitions, "chains": i.chains, "trusts": i.trusts}
            for i in a.items
        ],
        "unused_premises": a.unused,
        "removals": None
        if a.removals is None
        else [
            {"premise": r.premise, "text": r.text, "conclusion_breaks": r.conclusion_breaks,
             "breaks": [{"step": b.name, "chain": b.chain, "index": b.index, "line": b.line, "before": b.before, "after": b.after, "reason": conclusion_reason(b, nt)} for b in r.breaks]}
            for r in a.removals
        ],
        "load_bearing": a.load_bearing if a.removals is not None else None,
        "searched": a.searched,
        "note": a.note,
    } | ({"assumed_lemmas": [{"name": n, "status": st, "used_by": users} for n, st, users in a.lemmas]} if a.lemmas else {})
