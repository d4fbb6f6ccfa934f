"""Test helpers: the kernel's answer on a goal — as text ('' when it makes the theorem, else why not), or whether it makes it."""

from __future__ import annotations

from typing import Any

from symbound.kernel.proofs import Proof
from symbound.kernel.theorem import Rejected


def rejection(kernel: Any, lhs: Any, rel: str, rhs: Any, proof: Proof, side_proofs: tuple[Proof, ...] = ()) -> str:
    try:
        kernel.prove_goal(lhs, rel, rhs, proof, tuple(side_proofs))
    except Rejected as exc:
        return str(exc)
    return ""


def accepts(kernel: Any, proof: Proof) -> bool:
    """Whether the kernel makes the theorem of ``proof``'s own statement from it."""
    try:
        kernel.prove_goal(proof.lhs, proof.rel, proof.rhs, proof)
    except Rejected:
        return False
    return True
