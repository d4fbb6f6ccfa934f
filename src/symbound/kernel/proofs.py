"""Proof terms: what the prover (untrusted search) returns and the kernel checks.

A node claims ``lhs rel rhs`` (rel is ``=``, ``<=`` or ``<``; ≥ and > are turned around first) by a
``rule`` of a ``kind``.  ``children`` are the proofs of its premises (hypotheses, parts, steps),
``binding`` the instantiation of a named fact's variables, ``rewrites`` the equalities the node may
use to identify terms (definitions unfolded, Jacobians, library rewrites).  The kinds:

* ``conv``: the sides equal those of the only child (or each other) up to the rewrites;
* ``arithmetic``: sympy decides the sign of ``rhs − lhs`` exactly (after the rewrites);
* ``calculus``: the supremum over ℝ of a one-variable ``lhs`` is at most ``rhs``;
* ``premise``, ``chain``, ``lemma``: an instance of a named statement under ``binding``;
* ``definition``, ``model``: an equality leaf (a definition, a derived Jacobian, a known activation);
* ``transitivity``: two steps sharing their middle term;
* ``gcongr``: monotonicity (``mul_le_mul``, ``add_le_add``, ``max_le_max``, ``pow_le_pow_left``,
  ``prod_le_prod``, ``mul_nonneg``), with the parts as children;
* ``induction``: ``x[e] = C`` by induction over the model's recurrence (``recurrence_induction``);
* ``limit``: a limit rule for a conclusion (``geometric_tendsto_zero``, ``gelfand_tendsto_zero``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class Proof:
    kind: str
    rule: str
    lhs: Any
    rel: str
    rhs: Any
    children: tuple["Proof", ...] = ()
    binding: tuple[tuple[Any, Any], ...] = ()
    rewrites: tuple["Proof", ...] = ()

    def walk(self) -> Iterable["Proof"]:
        """Every node of the proof: this one, its rewrites and its children, depth first."""
        yield self
        for r in self.rewrites:
            yield from r.walk()
        for c in self.children:
            yield from c.walk()

    def names(self) -> set[str]:
        return {p.rule for p in self.walk()}

    @property
    def bound(self) -> dict:
        return dict(self.binding)


def implies(given: str, wanted: str) -> bool:
    """Whether a relation ``given`` between two terms yields ``wanted`` between the same terms."""
    return given == wanted or (wanted == "<=" and given in ("<", "="))
