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


def test_the_readme_table_of_shipped_derivations_is_what_symbound_says():
    """README's table is generated (scripts/docs_tables.py) from every derivations/*.yaml: its title and
    the counts `symbound verify` prints; it fails here when a file, a title or a verdict changed."""
    import importlib.util

    from conftest import shipped_report

    spec = importlib.util.spec_from_file_location("docs_tables", ROOT / "scripts" / "docs_tables.py")
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tables.replaced(readme, tables.table(shipped_report)) == readme, "run: python scripts/docs_tables.py"
    assert readme.count("| `derivations/") == len(list((ROOT / "derivations").glob("*.yaml")))
    # the check can fail: a verdict changed in the table is caught
    stale = readme.replace("| 3 links: 2 proved, 1 refuted, 0 unproved |", "| 3 links: 3 proved, 0 refuted, 0 unproved |", 1)
    assert stale != readme and tables.replaced(stale, tables.table(shipped_report)) != stale


def test_the_images_are_drawn_from_what_the_code_prints_now():
    """docs/img/sources.json records what each image was drawn from (scripts/docs_images.py, which
    regenerates the images): the proof map's dot source, the witness script, the LaTeX fragments.  A change
    of output that leaves the images behind fails here."""
    import importlib.util
    import json

    from conftest import shipped_report

    spec = importlib.util.spec_from_file_location("docs_images", ROOT / "scripts" / "docs_images.py")
    images = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(images)
    recorded = json.loads((ROOT / "docs" / "img" / "sources.json").read_text(encoding="utf-8"))
    assert images.sources(shipped_report) == recorded, "run: python scripts/docs_images.py"
    assert all((ROOT / "docs" / "img" / name).exists() for name in recorded)
    shown = {m for path in DOCS for m in re.findall(r"\(((?:docs/)?img/[^)]+\.png)\)", path.read_text(encoding="utf-8"))}
    assert {Path(m).name for m in shown} <= set(recorded)  # every image the docs show is regenerated
