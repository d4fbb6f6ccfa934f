from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DERIVATIONS = ROOT / "derivations"

# The tests check, they do not replay: no verdict cache (tests/test_cache.py turns it on in its own folders),
# and a cache turned on authenticates its entries with a key of the test session's, never the user's.
os.environ["SYMBOUND_NO_CACHE"] = "1"
os.environ["SYMBOUND_CACHE_KEY"] = str(Path(tempfile.mkdtemp(prefix="symbound-key-")) / "cache-key")


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 120, env: dict | None = None, without: str = "") -> subprocess.CompletedProcess:
    """Run `python -m symbound ARGS` in a fresh process and capture its output (``env``: None removes a variable;
    ``without``: a module that cannot be imported there, as when an optional extra is not installed)."""
    env = {**os.environ, "COLUMNS": "160", **(env or {})}
    env = {k: v for k, v in env.items() if v is not None}
    program = ["-m", "symbound"] if not without else \
        ["-c", f"import sys\nsys.modules[{without!r}] = None\nsys.argv[0] = 'symbound'\nfrom symbound.cli import main\nmain()"]
    return subprocess.run([sys.executable, *program, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


_SHIPPED: dict[str, object] = {}


def shipped_report(name: str):
    """The report of ``derivations/NAME`` checked once per session (reports are values: tests only read them)."""
    if name not in _SHIPPED:
        from symbound import verify

        _SHIPPED[name] = verify(DERIVATIONS / name)
    return _SHIPPED[name]


@pytest.fixture(scope="session")
def pascanu_report():
    return shipped_report("pascanu.yaml")


@pytest.fixture(scope="session")
def arxiv_report():
    return shipped_report("pascanu_arxiv.yaml")


def derivation_file(tmp_path: Path, text: str, name: str = "d.yaml") -> Path:
    """A derivation's YAML ``text`` (dedented) written to ``tmp_path/name``."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# the weights of a recurrent model h[k] = W h[k−1] + U x[k] + b, n states and m inputs: a file's first symbols
RNN_WEIGHTS = """symbols:
  n: {kind: dimension}
  m: {kind: dimension}
  W: {kind: matrix, shape: [n, n]}
  U: {kind: matrix, shape: [n, m]}
  b: {kind: vector, shape: [n]}
"""

# the one trivial link of a file that exists for its declarations (the LaTeX reading tests' scopes)
ONE_LINK = """chains:
  - id: c
    start: '$1$'
    steps:
      - "<=": '$1$'
"""


def declared_scope(tmp_path_factory, name: str, text: str):
    """The scope the formulas of the file ``text`` are read in (written as NAME.yaml in a fresh folder)."""
    from symbound.read.derivation import read

    path = tmp_path_factory.mktemp(name) / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return read(path).scope


def derivation_from(tmp_path: Path, text: str, name: str = "d.yaml"):
    """The derivation the YAML ``text`` states, read as a file is (``symbound.read.derivation.read``)."""
    from symbound.read.derivation import read

    return read(derivation_file(tmp_path, text, name))


def one_link_status(tmp_path: Path, header: str, start: str, rel: str, end: str, search: bool = False) -> str:
    """The verdict of the one link ``start rel end`` under ``header`` (the file's symbols, definitions, premises:
    YAML at the top level), with a counterexample search only when ``search``."""
    from symbound.check.checker import check

    text = textwrap.dedent(header).strip("\n") + "\n" + textwrap.dedent(f"""\
        chains:
          - id: c
            start: "{start}"
            steps:
              - "{rel}": "{end}"
    """)
    (link,) = check(derivation_from(tmp_path, text), search=search).links
    return link.status
