"""Docs that cannot go stale: every output block of README.md and docs/*.md that starts with a
command (``$ symbound ...``) is run, and each line it shows is a line of what the command prints, in
order (``...`` stands for lines left out).  The commands run at 100 columns (COLUMNS=100)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WIDTH = "100"


def shown_outputs() -> list[tuple[str, int, list[str], list[str]]]:
    """(file, line, command, shown lines) for every fenced block whose first line is ``$ symbound ...``."""
    out = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"^```[a-z]*\n\$ (symbound [^\n]*)\n(.*?)^```", text, re.S | re.M):
            line = text[: m.start()].count("\n") + 1
            out.append((path.name, line, shlex.split(m.group(1))[1:], m.group(2).rstrip("\n").split("\n")))
    return out


BLOCKS = shown_outputs()


def test_there_are_output_blocks_to_check():
    assert len(BLOCKS) >= 3, BLOCKS  # README's two samples, the tutorial's ...


@pytest.mark.parametrize("name, line, command, shown", BLOCKS, ids=[f"{b[0]}:{b[1]}" for b in BLOCKS])
def test_shown_output_is_what_symbound_prints(name, line, command, shown):
    printed = [ln.rstrip() for ln in run_cli(*command, env={"COLUMNS": WIDTH}, timeout=600).stdout.splitlines()]
    at = 0
    for want in shown:
        if want.strip() == "...":
            continue
        try:
            at = printed.index(want.rstrip(), at) + 1
        except ValueError:
            pytest.fail(f"{name}:{line}: `{' '.join(command)}` does not print (here, in this order):\n{want}\n\nit prints:\n" + "\n".join(printed))
