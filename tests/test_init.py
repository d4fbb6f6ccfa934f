"""`symbound init` writes a commented starting file that verifies, and never overwrites by accident."""

from __future__ import annotations

from conftest import run_cli


def test_init_writes_a_file_that_verifies(tmp_path):
    target = tmp_path / "mine.yaml"
    out = run_cli("init", str(target))
    assert out.returncode == 0, out.stderr
    text = target.read_text(encoding="utf-8")
    assert text.count("#") >= 8  # commented for the next author
    check = run_cli("verify", str(target))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "4 links: 4 proved" in check.stdout


def test_init_refuses_to_overwrite(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("keep me", encoding="utf-8")
    out = run_cli("init", str(target))
    assert out.returncode == 2 and "exists" in out.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
