"""Every shipped derivation's terminal report, JSON and LaTeX stay byte-identical to tests/golden/.

A change of output is deliberate: regenerate with `python scripts/snapshot.py` and commit the
snapshot with the change, so the diff shows what a user will see differently.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("snapshot", ROOT / "scripts" / "snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)  # type: ignore[union-attr]


@pytest.mark.parametrize("path", snapshot.derivations(), ids=lambda p: p.stem)
def test_outputs_match_the_snapshot(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for ext, text in snapshot.outputs(path).items():
        golden = snapshot.GOLDEN / f"{path.stem}.{ext}"
        assert golden.exists(), f"no snapshot {golden.name}: run python scripts/snapshot.py"
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs: diff it against `python scripts/snapshot.py`"
