"""Mutation testing of the checker's soundness: from a real derivation, make false or unjustified
variants and check that none of their false links comes out ``proved``.

Run on its own for the counts:  python tests/mutants.py [derivations/*.yaml]
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import sympy as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

from judge import Judge  # noqa: E402
from symbound.check.checker import Checker
from symbound.read.derivation import read
from symbound.read.document import Derivation
from symbound.check.certificate import terms
from symbound.kernel.replay import replay
from symbound.ops import Diag, Elementwise, Jacobian, MaxAbs, Norm, ScalarApply, SeqElem, SigmaMax, SigmaMin, SpectralRadius

TIGHTER = {"<=": "<", "=": "<", ">=": ">"}
TARGET = ROOT / "tests" / "mutation_target.yaml"  # square products, a Jacobian written out, indices in definitions
ENTRYWISE = 7  # max|Mᵢⱼ| ≤ b/7 implies ‖M‖₂ ≤ b for n·m ≤ 49: a counterexample needs a larger matrix


@dataclass
class Mutant:
    name: str
    derivation: Derivation
    global_change: bool  # a definition or premise changed: every link must be re-examined


def _swaps(node: Any) -> list[tuple[str, Any]]:
    """The mutations of one node: operator swaps, norm changes, a dropped transpose, a tightened constant."""
    out: list[tuple[str, Any]] = []
    if isinstance(node, SpectralRadius):
        out.append(("rho->norm2", Norm(node.matrix, "2")))
    if isinstance(node, Norm) and node.kind == "2":
        A = node.matrix
        if A.shape[0] == A.shape[1]:
            out.append(("norm2->rho", SpectralRadius(A)))
        out.append(("norm2->fro", Norm(A, "fro")))
    if isinstance(node, Norm) and node.kind == "fro":
        out.append(("fro->norm2", Norm(node.matrix, "2")))
    if isinstance(node, SigmaMax):
        out.append(("sigma_max->sigma_min", SigmaMin(node.matrix)))
    if isinstance(node, SigmaMin):
        out.append(("sigma_min->sigma_max", SigmaMax(node.matrix)))
    if isinstance(node, sp.Transpose) and node.args[0].shape[0] == node.args[0].shape[1]:
        out.append(("drop-transpose", node.args[0]))
    if isinstance(node, sp.MatMul) and len(node.args) == 2 and all(isinstance(a, sp.MatrixExpr) for a in node.args):
        a, b = node.args
        if a.shape[0] == a.shape[1] == b.shape[0] == b.shape[1]:
            out.append(("swap-transpose-in-product", sp.MatMul(sp.Transpose(a), b)))
    if isinstance(node, sp.MatMul):
        out += _reordered(node)
    if isinstance(node, Jacobian) and isinstance(node.derived, sp.MatMul):  # written out, factors reversed
        out.append(("reorder-jacobian", sp.MatMul(*reversed(node.derived.args))))
    if node == sp.Integer(1):
        out.append(("tighten-constant", sp.Rational(1, 2)))
    if isinstance(node, sp.Pow) and node.args[1] == -1 and node.args[0].is_Symbol:
        out.append(("tighten-reciprocal", sp.Pow(2 * node.args[0], -1)))
    return out


def _is_jacobian_factor(e: Any) -> bool:
    """diag(σ'(x)): the factor a written-out Jacobian has besides the weights."""
    return isinstance(e, Diag) and isinstance(e.args[0], Elementwise) and e.args[0].order == 1


def _reordered(node: sp.MatMul) -> list[tuple[str, Any]]:
    """The first two adjacent matrix factors swapped (A@B → B@A), where the shapes allow it: a written-out
    Jacobian (a factor diag(σ'(x))) is reordered, any other product has its factors swapped."""
    args = list(node.args)
    for i in range(len(args) - 1):
        a, b = args[i], args[i + 1]
        if isinstance(a, sp.MatrixExpr) and isinstance(b, sp.MatrixExpr) and a != b and b.shape[1] == a.shape[0] and b.shape[0] == a.shape[1]:
            label = "reorder-jacobian" if any(_is_jacobian_factor(x) for x in args) else "swap-product"
            return [(label, sp.MatMul(*args[:i], b, a, *args[i + 2:]))]
    return []


def _index_moves(expr: Any, indices: list[sp.Symbol]) -> Iterator[tuple[str, Any]]:
    """Each sequence element read one step later (x[k] → x[k+1]), and each time index renamed (k → t)."""
    for node in sorted({n for n in sp.preorder_traversal(expr) if isinstance(n, SeqElem)}, key=str):
        moved = SeqElem(node.name, node.index + 1, *node.shape)
        yield "shift-index", _replace(expr, node, moved)
    for k in sorted(expr.free_symbols & set(indices), key=str):
        other = next((t for t in indices if t != k), None)
        if other is not None:
            yield "rename-index", expr.xreplace({k: other})


def _sites(expr: Any) -> Iterator[tuple[str, Any, Any]]:
    """Each mutable node of an expression (not inside a derived Jacobian) with its replacements."""
    seen = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if not isinstance(node, sp.Basic) or isinstance(node, (sp.MatrixSymbol, SeqElem)) or node in seen:
            continue  # not into the shapes of symbols
        seen.add(node)
        if isinstance(node, Jacobian):  # not inside a derived Jacobian; it may be written out reordered
            yield from ((label, node, new) for label, new in _swaps(node))
            continue
        for label, new in _swaps(node):
            yield label, node, new
        stack.extend(reversed(node.args[2:] if isinstance(node, (Elementwise, ScalarApply)) else node.args))  # not the derivative's order


def _replace(expr: Any, old: Any, new: Any) -> Any:
    """``expr`` with every ``old`` replaced by ``new``, not inside derived Jacobians nor the shapes of symbols (as _sites)."""
    if expr == old:
        return new
    if not isinstance(expr, sp.Basic) or not expr.args or isinstance(expr, (Jacobian, sp.MatrixSymbol, SeqElem)):
        return expr
    args = [_replace(a, old, new) for a in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args)) else expr.func(*args)


def mutants(d: Derivation) -> Iterator[Mutant]:
    chains = d.chains
    for ci, chain in enumerate(chains):
        for li, link in enumerate(chain.links):
            where = f"{chain.id}.{li + 1}"
            if link.rel in TIGHTER:
                yield Mutant(f"{where}: {link.rel} -> {TIGHTER[link.rel]}", _with_link(d, ci, li, rel=TIGHTER[link.rel]), False)
            for label, old, new in _sites(link.expr):
                yield Mutant(f"{where}: {label}", _with_link(d, ci, li, expr=_replace(link.expr, old, new)), False)
        for label, old, new in _sites(chain.start):
            new_chains = list(chains)
            new_chains[ci] = dataclasses.replace(chain, start=_replace(chain.start, old, new))
            yield Mutant(f"{chain.id}.start: {label}", dataclasses.replace(d, chains=new_chains), False)
    indices = sorted((decl.obj for decl in d.symbols.values() if decl.kind == "index"), key=str)
    for k, definition in enumerate(d.definitions):
        values = [(label, _replace(definition.value, old, new)) for label, old, new in _sites(definition.value)]
        for label, value in values + list(_index_moves(definition.value, indices)):
            defs = list(d.definitions)
            defs[k] = dataclasses.replace(definition, value=value)
            yield Mutant(f"definition {definition.name}: {label}", dataclasses.replace(d, definitions=defs), True)
    for name, decl in d.symbols.items():
        if decl.properties:  # the falsifier and the witness checker must not use what is no longer declared
            symbols = {**d.symbols, name: dataclasses.replace(decl, properties=frozenset())}
            yield Mutant(f"drop declaration {name}: {', '.join(sorted(decl.properties))}", dataclasses.replace(d, symbols=symbols), True)
    for k, premise in enumerate(d.premises):
        yield Mutant(f"drop premise {premise.id}", dataclasses.replace(d, premises=d.premises[:k] + d.premises[k + 1:]), True)
        if not premise.bound and any(r.rel in ("<=", ">=") for r in premise.relations):  # an equality the sampler rarely meets
            rels = [dataclasses.replace(r, rel="=") if r.rel in ("<=", ">=") else r for r in premise.relations]
            premises = list(d.premises)
            premises[k] = dataclasses.replace(premise, relations=rels)
            yield Mutant(f"premise {premise.id}: hard-to-meet", dataclasses.replace(d, premises=premises), True)
        entrywise = [_entrywise(d, r) for r in premise.relations]
        if not premise.bound and any(entrywise):  # weakened where the dimension is large only
            premises = list(d.premises)
            premises[k] = dataclasses.replace(premise, relations=[w or r for w, r in zip(entrywise, premise.relations)])
            yield Mutant(f"premise {premise.id}: entrywise-large-dimension", dataclasses.replace(d, premises=premises), True)
        for label, old, new in (s for rel in premise.relations for s in list(_sites(rel.lhs)) + list(_sites(rel.rhs))):
            rels = [dataclasses.replace(r, lhs=_replace(r.lhs, old, new), rhs=_replace(r.rhs, old, new)) for r in premise.relations]
            premises = list(d.premises)
            premises[k] = dataclasses.replace(premise, relations=rels)
            yield Mutant(f"premise {premise.id}: {label}", dataclasses.replace(d, premises=premises), True)
        for i, rel in enumerate(premise.relations):
            for side in ("lhs", "rhs"):
                for label, new in _index_moves(getattr(rel, side), indices):
                    rels = list(premise.relations)
                    rels[i] = dataclasses.replace(rel, **{side: new})
                    premises = list(d.premises)
                    premises[k] = dataclasses.replace(premise, relations=rels)
                    yield Mutant(f"premise {premise.id}: {label}", dataclasses.replace(d, premises=premises), True)


def _entrywise(d: Derivation, r: Any) -> Any:
    """``max_abs(M) rel b / ENTRYWISE`` for a premise ``f(M) rel b`` (rel < or ≤) bounding ‖M‖₂, ρ(M) or σ_max(M),
    directly or through a definition; else None."""
    lhs, rel, rhs = (r.rhs, r.rel.replace(">", "<"), r.lhs) if r.rel in (">", ">=") else (r.lhs, r.rel, r.rhs)
    defined = {df.symbol: df.value for df in d.definitions}
    lhs = defined.get(lhs, lhs)
    if rel not in ("<", "<=") or not (isinstance(lhs, (SpectralRadius, SigmaMax)) or (isinstance(lhs, Norm) and lhs.kind == "2")):
        return None
    return dataclasses.replace(r, lhs=MaxAbs(lhs.args[0]), rel=rel, rhs=rhs / ENTRYWISE)


def _with_link(d: Derivation, ci: int, li: int, **changes: Any) -> Derivation:
    chain = d.chains[ci]
    links = list(chain.links)
    links[li] = dataclasses.replace(links[li], **changes)
    chains = list(d.chains)
    chains[ci] = dataclasses.replace(chain, links=links)
    return dataclasses.replace(d, chains=chains)


@dataclass
class Outcome:
    mutant: str
    verdict: str  # caught | still-true | wrongly-proved
    detail: str = ""
    judged: str = ""  # on how many instances the judge checked the mutant's new proved claims


def classify(original: Any, mutant: Mutant, budget: int = 200, instances: int = 200) -> Outcome:
    """Check a mutant; a proved link (or conclusion) is wrongly proved when its proof term does not pass a
    fresh kernel (``replay``) or the independent judge (tests/judge.py) finds the claim false."""
    checker = Checker(mutant.derivation, timeout=10.0, seed=0, budget=budget, search=True)
    report = checker.run()
    rejected = list(replay(report.derivation, *terms(report)).rejected.items())
    if rejected:
        step, why = rejected[0]
        return Outcome(mutant.name, "wrongly-proved", f"{step}: its proof does not pass the kernel: {why}")
    before = {(str(l.lhs), l.rel, str(l.rhs)) for l in original.links if l.status == "proved"}
    if original.conclusion is not None and original.conclusion.status == "proved":
        before.add((str(original.conclusion.lhs), original.conclusion.rel, str(original.conclusion.rhs)))
    claims = [(f"{l.chain}.{l.index}", l.lhs, l.rel, l.rhs) for l in report.links if l.status == "proved"]
    c = report.conclusion
    if c is not None and c.status == "proved" and c.rel in ("<", "<=", "=", ">=", ">"):  # not a limit
        claims.append(("conclusion", c.lhs, c.rel, c.rhs))
    claims = [c for c in claims if mutant.global_change or (str(c[1]), c[2], str(c[3])) not in before]
    verdicts = Judge(mutant.derivation, seed=7).judge_many([c[1:] for c in claims], instances=instances)
    for (where, *_), verdict in zip(claims, verdicts):
        if verdict.false:
            return Outcome(mutant.name, "wrongly-proved", f"{where}: the judge finds it false at {verdict.example}")
    seen = f"judged on {min(v.instances for v in verdicts)} instances" if verdicts else ""
    if report.exit_code == 0:
        return Outcome(mutant.name, "still-true", judged=seen)
    return Outcome(mutant.name, "caught", "refuted" if _refuted_anew(original, report) else "unproved", judged=seen)


def _refuted_anew(original: Any, report: Any) -> bool:
    """Whether the mutant has a refuted link (or conclusion) the original does not have refuted: a refutation
    of what the mutation made false, not one the original file already had."""
    before = {(l.chain, l.index) for l in original.links if l.status == "refuted"}
    if any(l.status == "refuted" and (l.chain, l.index) not in before for l in report.links):
        return True
    c, o = report.conclusion, original.conclusion
    return c is not None and c.status == "refuted" and (o is None or o.status != "refuted")


def run(paths: list[Path]) -> list[Outcome]:
    out = []
    for path in paths:
        d = read(path)
        original = Checker(d, timeout=10.0, seed=0, budget=200).run()  # with its own refutations, as the mutants'
        for m in mutants(d):
            o = classify(original, m)
            o.mutant = f"{path.name}: {o.mutant}"
            out.append(o)
    return out


def summary(outcomes: list[Outcome]) -> str:
    c = Counter(o.verdict for o in outcomes)
    refuted = sum(1 for o in outcomes if o.verdict == "caught" and o.detail == "refuted")
    return (f"mutants: {len(outcomes)}, caught: {c['caught']} (refuted anew: {refuted}), "
            f"still true: {c['still-true']}, wrongly proved: {c['wrongly-proved']}")


_PREPARED: dict[str, tuple[Any, list[Mutant]]] = {}


def _classify_by_index(args: tuple[str, int]) -> Outcome:
    """Worker: regenerate the mutants of a file and classify the one at ``index`` (mutants are deterministic)."""
    path, index = args
    if path not in _PREPARED:  # once per worker process and file
        d = read(path)
        _PREPARED[path] = (Checker(d, timeout=10.0, seed=0, budget=200).run(), list(mutants(d)))  # with its own refutations
    original, all_mutants = _PREPARED[path]
    m = all_mutants[index]
    o = classify(original, m)
    o.mutant = f"{Path(path).name}: {o.mutant}"
    return o


def mutation_class(name: str) -> str:
    """The kind of a mutant, from its name: where it is (link, chain start, definition, premise) and what changed."""
    where, _, label = name.rpartition(": ")
    if name.startswith(("drop premise", "drop declaration")):
        return " ".join(name.split()[:2])
    if where.startswith(("definition ", "premise ")):
        return f"{where.split()[0]}: {label}"
    return f"{'start' if where.endswith('.start') else 'link'}: {label}"


def representatives(paths: list[Path]) -> list[tuple[str, int]]:
    """A small spread of mutants that covers every mutation class and every file: ``(path, index)`` pairs.

    Each class is taken from the file that has contributed fewest so far (on a tie the file with
    fewer mutants, the quicker to check; then path order), then every file without a mutant yet
    gives its first one.  Deterministic.
    """
    names = {str(p): [m.name for m in mutants(read(p))] for p in paths}
    taken: dict[str, list[int]] = {path: [] for path in names}
    classes = sorted({mutation_class(n) for ns in names.values() for n in ns})
    for cls in classes:
        having = [path for path, ns in names.items() if any(mutation_class(n) == cls for n in ns)]
        path = min(having, key=lambda p: (len(taken[p]), len(names[p]), list(names).index(p)))
        taken[path].append(next(k for k, n in enumerate(names[path]) if mutation_class(n) == cls))
    for path, ns in names.items():
        if ns and not taken[path]:
            taken[path].append(0)
    return [(path, k) for path, ks in taken.items() for k in sorted(ks)]


def selection(count: int, limit: int | None) -> list[int]:
    """Which of ``count`` mutants to run: all, or ``limit`` of them spread evenly (deterministic)."""
    if limit is None or count <= limit:
        return list(range(count))
    return sorted({round(k * (count - 1) / (limit - 1)) for k in range(limit)})


def run_parallel(paths: list[Path], workers: int = 2, limits: dict[str, int] | None = None,
                 jobs: list[tuple[str, int]] | None = None) -> list[Outcome]:
    """Classify the mutants of each file in a process pool; ``limits`` caps the mutants of some files,
    ``jobs`` (``(path, index)`` pairs, e.g. from ``representatives``) names the mutants instead."""
    from concurrent.futures import ProcessPoolExecutor

    limits = limits or {}
    if jobs is None:
        jobs = [(str(p), k) for p in paths for k in selection(len(list(mutants(read(p)))), limits.get(p.name))]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_classify_by_index, jobs))


def refuted_share(outcomes: list[Outcome]) -> str:
    """The share of the caught mutants refuted anew (a link the original does not have refuted), not merely
    left unproved."""
    caught = [o for o in outcomes if o.verdict == "caught"]
    refuted = sum(1 for o in caught if o.detail == "refuted")
    return f"refuted anew: {refuted} of {len(caught)} caught mutants ({100 * refuted / max(1, len(caught)):.0f} %)"


if __name__ == "__main__":
    # python tests/mutants.py [--only CLASS,CLASS] [files]: every mutant, or those of the classes named
    args = sys.argv[1:]
    only = args[args.index("--only") + 1].split(",") if "--only" in args else None
    args = [a for i, a in enumerate(args) if a != "--only" and (i == 0 or args[i - 1] != "--only")]
    files = [Path(p) for p in args] or sorted((ROOT / "derivations").glob("*.yaml")) + [TARGET]  # every mutant
    jobs = [(str(p), k) for p in files for k, m in enumerate(mutants(read(p))) if only is None or mutation_class(m.name) in only]
    results = run_parallel(files, jobs=jobs)
    for o in results:
        print(f"{o.verdict:15s} {o.mutant}  {o.detail}  {o.judged}")
    print(summary(results))
    print(refuted_share(results))
