"""What a new user met (issue 21, item 8), answered in symbound's words with the nearest valid form, never
Python's ("invalid character '‖'", "invalid syntax", "Perhaps you forgot a comma?"); ‖W‖ is read as the norm."""

from __future__ import annotations

import pytest

from conftest import run_cli

FILE = ("symbols:\n  n: {kind: dimension}\n  W: {kind: matrix, shape: [n, n]}\n  x: {kind: vector, shape: [n]}\n"
        "  c: {kind: scalar}\npremises:\n  P1: \"CLAIM\"\nchains:\n  - id: a\n    start: c\n    steps:\n      - \"=\": c\n")


@pytest.mark.parametrize("claim, said", [
    ("the weights are bounded", "reads as a sentence, not an expression"),
    ("norm(W x) <= c", "W @ x for a matrix times a matrix or vector"),
])
def test_a_mistake_is_said_in_symbound_s_words_at_its_place(tmp_path, claim, said):
    path = tmp_path / "m.yaml"
    path.write_text(FILE.replace("CLAIM", claim), encoding="utf-8")
    done = run_cli("verify", "--budget", "0", str(path))
    assert done.returncode == 2 and done.stderr.startswith(f"{path}:7:") and said in done.stderr, done.stderr
    assert not any(python in done.stderr for python in ("invalid syntax", "Perhaps you forgot", "invalid character", "Traceback"))


def test_a_unicode_norm_is_read(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(FILE.replace("CLAIM", "‖W‖ <= c"), encoding="utf-8")
    done = run_cli("verify", "--budget", "0", str(path))
    assert done.returncode == 0 and "‖W‖₂ ≤ c" in done.stdout, done.stdout + done.stderr
