"""symbound's imports point one way: every module sits in a layer and imports only its own layer or lower ones.

The folders are the layers, lowest first: the plain foundations (version, errors, limits, trees) → ``ops/``
(each operator once, the objects and their evaluation, the file-syntax printer) → ``rules/`` (the lemma library
and predicates as data) → ``read/`` (source, syntax, model, the file's lemmas, the derivation) → ``kernel/`` (the
only code that makes a theorem, and the witness checker) → verdict values → ``search/`` (prover, falsifier) →
``check/`` (the checker and its caches) → ``passes/`` (refute, repair, audit) → ``render/`` → ``cli/`` and the
Python API.  Every import counts, including those inside functions and under ``TYPE_CHECKING``.  A new module
gets its layer from its folder; a new top-level module must be named in ``LAYERS``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "symbound"

# lowest first; a module name is relative to the package ("" is symbound/__init__.py); "pkg.*" is a
# subpackage with every module in it
LAYERS: dict[str, tuple[str, ...]] = {
    "foundations": ("version", "errors", "limits", "trees"),
    "ops": ("ops.*",),
    "rules": ("rules.*",),
    "read": ("read.*",),
    "kernel": ("kernel.*",),
    "values": ("values",),
    "search": ("search.*",),
    "check": ("check.*",),
    "passes": ("passes.*",),
    "render": ("render.*",),
    "cli": ("", "__main__", "api", "cli.*"),
}
NAMES = list(LAYERS)
# render prints what the analyses found; it never runs a search, a proof or a check itself
RENDER_MAY_NOT_IMPORT = ("search", "kernel", "check", "passes")
# the kernel is trusted: it imports nothing from the search above it (nor from anything above it)
KERNEL_MAY_NOT_IMPORT = ("search", "check", "passes", "render", "cli")


def rank(module: str) -> int | None:
    """The layer of a module (its index in LAYERS), None when LAYERS does not name it."""
    for i, entries in enumerate(LAYERS.values()):
        for entry in entries:
            package = entry.removesuffix(".*")
            if module == entry or (entry.endswith(".*") and (module == package or module.startswith(package + "."))):
                return i
    return None


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its text."""
    package = name.split(".") if path.name == "__init__.py" and name else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name == "symbound" or a.name.startswith("symbound.")]
            found |= {t.removeprefix("symbound").lstrip(".") for t in targets}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                module = ".".join(base + ([node.module] if node.module else []))
            elif node.module and (node.module == "symbound" or node.module.startswith("symbound.")):
                module = node.module.removeprefix("symbound").lstrip(".")
            else:
                continue
            submodules = {f"{module}.{a.name}".lstrip(".") for a in node.names} & known
            # `from . import arith` imports the module arith, not the package's __init__
            found |= submodules if submodules and len(submodules) == len(node.names) else submodules | {module}
    return found & known - {name}


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def test_every_module_has_a_layer():
    unknown = sorted(m for m in modules() if rank(m) is None)
    assert not unknown, f"give these modules a layer in LAYERS of tests/test_layers.py: {', '.join(m or '__init__' for m in unknown)}"
    named = [e for entries in LAYERS.values() for e in entries if not e.endswith(".*")]
    stale = sorted(set(named) - set(modules()))
    assert not stale, f"LAYERS names modules that no longer exist: {', '.join(stale)}"


def test_imports_point_down():
    upward = [
        f"{m or 'symbound'} ({NAMES[rank(m)]}) imports {d} ({NAMES[rank(d)]})"
        for m, deps in graph().items() if rank(m) is not None for d in sorted(deps) if rank(d) is not None and rank(d) > rank(m)
    ]
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_render_runs_no_analysis():
    bad = [f"{m} imports {d}" for m, deps in graph().items() if m.startswith("render") for d in sorted(deps)
           if d.split(".")[0] in RENDER_MAY_NOT_IMPORT]
    assert not bad, "render must be given what it prints:\n" + "\n".join(bad)


def test_kernel_imports_no_search():
    bad = [f"{m} imports {d}" for m, deps in graph().items() if m.startswith("kernel") for d in sorted(deps)
           if d.split(".")[0] in KERNEL_MAY_NOT_IMPORT]
    assert not bad, "the kernel may not depend on search or anything above it:\n" + "\n".join(bad)


def test_no_import_cycle():
    g = graph()
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles: list[list[str]] = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(g.get(m, ())):
            if state.get(d) == 1:
                cycles.append(path[path.index(d):] + [d] if d in path else [m, d])
            elif d not in state:
                visit(d, path + [d])
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m, [m])
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(m or "symbound" for m in c) for c in cycles)


def test_the_walk_sees_imports_inside_functions(tmp_path):
    """The walker itself: a lazy import in a function body, a relative import two levels up, `from . import x`."""
    pkg = tmp_path / "symbound"
    (pkg / "render").mkdir(parents=True)
    (pkg / "checker.py").write_text("")
    (pkg / "arith.py").write_text("")
    (pkg / "render" / "x.py").write_text("def f():\n    from ..checker import check\n    from .. import arith\n")
    known = {"checker", "arith", "render.x", "", "render"}
    assert imports("render.x", pkg / "render" / "x.py", known) == {"checker", "arith"}


def test_the_soundness_doc_lists_the_kernel_s_import_closure():
    """docs/soundness.md's trusted-base table is every module ``symbound.kernel.*`` imports, transitively (imports
    inside functions too, and the subpackages' ``__init__`` Python runs on the way), except empty files."""
    import re

    g = graph()
    known = modules()
    todo = [m for m in known if m.startswith("kernel.")]
    closure: set[str] = set()
    while todo:
        m = todo.pop()
        if m in closure:
            continue
        closure.add(m)
        parts = m.split(".")
        todo += [d for d in g[m]] + [".".join(parts[:i]) for i in range(1, len(parts))]
    paths = {known[m].relative_to(PACKAGE.parent.parent).as_posix() for m in closure if m and known[m].read_text(encoding="utf-8").strip()}
    doc = (PACKAGE.parent.parent / "docs" / "soundness.md").read_text(encoding="utf-8")
    table = doc[doc.index("### The trusted base"):doc.index("### Conventions that matter")]
    listed = set(re.findall(r"\| `(src/symbound/[a-z_/]+\.py)` \|", table))
    assert listed == paths, f"missing from the doc: {sorted(paths - listed)}; not imported by the kernel: {sorted(listed - paths)}"


MAX_MODULE_LINES = 600  # a module longer than this is split along a seam of its mathematics


def test_every_module_is_at_most_600_lines():
    """Every Python module under src/ (the package and anything beside it) has at most ``MAX_MODULE_LINES`` lines."""
    paths = sorted(PACKAGE.parent.rglob("*.py"))
    assert len(paths) >= len(modules()) > 100  # the walk sees the whole package
    long = {p.relative_to(PACKAGE.parent.parent).as_posix(): n for p in paths
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split each along a seam): {long}"
