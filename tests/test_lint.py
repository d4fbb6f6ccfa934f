"""No unused import, dead local or undefined name in the sources and the tests (ruff's pyflakes rules)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_unused_or_undefined_names():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F", "--output-format", "concise", "--no-cache", "src", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
