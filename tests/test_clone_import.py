"""`import symbound` from the folder above a clone (issue 21, item 7): the clone's folder, named symbound, has no
__init__.py, so with the src/ layout it is never taken for the package (a namespace package whose
``symbound.verify`` would be an AttributeError); the installed (here: src/) package is imported."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_import_symbound_from_the_folder_above_a_clone(tmp_path):
    (tmp_path / "symbound").symlink_to(ROOT, target_is_directory=True)  # the clone, as `git clone …/symbound` names it
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", "import symbound; print(symbound.__file__, callable(symbound.verify))"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    path, ok = done.stdout.split()
    assert ok == "True" and path.endswith(os.path.join("src", "symbound", "__init__.py")), done.stdout
