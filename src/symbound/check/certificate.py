"""Certificates: every proved verdict's proof term, to replay in a fresh kernel without the search.

``symbound verify FILE --certificate FILE.cert.json`` writes ``certificate(report)``: for each proved link
("chain.index") and the conclusion, its proof term and side proofs, encoded once for all steps in the structural
encoding of symbound.check.encoding (no text is ever evaluated), and the file's own lemmas the theorems assume.
``symbound check FILE FILE.cert.json`` reads the file and the certificate and replays every term
(``symbound.kernel.replay``); this module imports nothing of the search, the checker or the verdict cache, and
the verdicts' classes only to write a certificate.  ``reproved`` gives a report its theorems again from its
proof terms (a report that crossed a process boundary, where theorems cannot go).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from symbound.check.encoding import decode, encoded
from symbound.kernel.replay import Replayed, Terms, replay
from symbound.read.syntax import normalised

if TYPE_CHECKING:
    from symbound.values import Report

FORMAT = 1


def terms(report: Report) -> tuple[Terms, set[str]]:
    """The proof terms of the report's proved links and conclusion, by step, and the file's lemmas they assume."""
    from symbound.values import PROVED

    out: Terms = {}
    assumed: set[str] = set()
    for link in report.links:
        if link.status == PROVED:
            out[f"{link.chain}.{link.index}"] = (link.theorem.proof, link.theorem.side_proofs)
            assumed |= set(link.theorem.named("assumed"))
    c = report.conclusion
    if c is not None and c.status == PROVED:
        out["conclusion"] = (c.theorem.proof, c.theorem.side_proofs)
        assumed |= set(c.theorem.named("assumed"))
    return out, assumed


def certificate(report: Report) -> dict[str, Any]:
    """The certificate of a report as JSON data; a step whose term the encoding does not cover is left out
    (and listed under ``"left_out"``)."""
    steps, assumed = terms(report)
    kept, left_out, flat = [], [], []
    for step, (proof, sides) in steps.items():
        if encoded((proof, *sides)) is None:
            left_out.append(step)
            continue
        kept.append([step, 1 + len(sides)])
        flat += [proof, *sides]
    return {"symbound_certificate": FORMAT, "file": report.path, "assumed": sorted(assumed), "steps": kept,
            "terms": encoded(tuple(flat)), "left_out": left_out}


def read_certificate(data: Any) -> tuple[Terms, set[str]]:
    """The terms and assumed lemmas of certificate data; raises ValueError when it is malformed."""
    try:
        if data["symbound_certificate"] != FORMAT:
            raise ValueError(f"not a symbound certificate of format {FORMAT}")
        proofs = decode(data["terms"])
        out: Terms = {}
        at = 0
        for step, count in data["steps"]:
            if type(step) is not str or type(count) is not int or count < 1 or step in out:
                raise ValueError("a malformed step")
            out[step] = (proofs[at], tuple(proofs[at + 1 : at + count]))
            at += count
        if at != len(proofs):
            raise ValueError("terms that belong to no step")
        assumed = set(data["assumed"])
        if not all(type(a) is str for a in assumed):
            raise ValueError("a malformed lemma name")
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever else a malformed body raises (sympy's constructors too)
        raise ValueError(f"a malformed certificate ({type(exc).__name__})") from None
    return out, assumed


def reproved(report: Report, steps: Terms, assumed: set[str]) -> Report:
    """The report with the theorems of a replay of ``steps`` in a fresh kernel: a verdict whose term does not
    pass is unproved, with why."""
    from symbound.values import PROVED

    again: Replayed = replay(report.derivation, steps, assumed)

    def link(v: Any) -> Any:
        step = f"{v.chain}.{v.index}"
        if step in again.links:
            return dataclasses.replace(v, theorem=again.links[step])
        if step in again.rejected:
            return dataclasses.replace(v, reason=f"its proof term does not replay: {again.rejected[step]}")
        return v

    def chain(ch: Any) -> Any:
        links = [link(v) for v in ch.links]
        t = again.chains.get(ch.id)
        fits = t is not None and all(v.status == PROVED for v in links) and t.statement == normalised(ch.start, ch.relation, ch.end)
        return dataclasses.replace(ch, links=links, theorem=t if fits else None)

    chains = [chain(ch) for ch in report.chains]
    c = report.conclusion
    if c is not None and again.conclusion is not None:
        c = dataclasses.replace(c, theorem=again.conclusion)
    elif c is not None and "conclusion" in again.rejected:
        c = dataclasses.replace(c, reason=f"its proof term does not replay: {again.rejected['conclusion']}")
    return dataclasses.replace(report, chains=chains, conclusion=c)
