"""The images of README.md and docs/, regenerated from the code, with a record of what each was made from:

    python scripts/docs_images.py     # rewrite docs/img/*.png and docs/img/sources.json

* proof_map_pascanu_arxiv.png: `symbound html` of pascanu_arxiv.yaml in headless Chromium, the node
  first_factor selected and `without P2` toggled;
* counterexample_pascanu_arxiv.png: `symbound witness pascanu_arxiv.yaml conclusion --plot`;
* latex_<stem>_1col.png, latex_<stem>_2col.png: page 1 of the LaTeX of pascanu.yaml and
  pascanu_arxiv.yaml (scripts/latex_pages.py).

``sources()`` is the SHA-256 of the text each image is drawn from (the map's dot source, the witness
script, the LaTeX fragment); tests/test_docs.py recomputes it and fails when docs/img/sources.json differs,
that is when the code prints something other than what the images show.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"
RECORD = IMG / "sources.json"
LATEX = ("pascanu.yaml", "pascanu_arxiv.yaml")


def _sha(text: str, report: object) -> str:
    """The text's SHA-256, the file named as from the repository's root however it was checked."""
    path = str(report.path)  # type: ignore[attr-defined]
    return hashlib.sha256(text.replace(path, "derivations/" + Path(path).name).encode("utf-8")).hexdigest()


def sources(report_of: Callable[[str], object]) -> dict[str, str]:
    """Image file → SHA-256 of the text it is drawn from; ``report_of(name)`` checks a shipped file."""
    from symbound.passes.reproduce import claim
    from symbound.render.latex import render as render_latex
    from symbound.render.proofmap import graph
    from symbound.render.script import script

    arxiv = report_of("pascanu_arxiv.yaml")
    out = {"proof_map_pascanu_arxiv.png": _sha(graph(arxiv), arxiv),
           "counterexample_pascanu_arxiv.png": _sha(script(arxiv, "conclusion", claim(arxiv, "conclusion")), arxiv)}
    for name in LATEX:
        report = report_of(name)
        fragment = _sha(render_latex(report), report)
        stem = name.removesuffix(".yaml")
        out |= {f"latex_{stem}_1col.png": fragment, f"latex_{stem}_2col.png": fragment}
    return out


def _proof_map(target: Path) -> None:
    from symbound import verify
    from symbound.passes.audit import audit
    from symbound.render.html import render

    report = verify(Path("derivations") / "pascanu_arxiv.yaml")  # the page names the file as a user's run would
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        raise SystemExit("the proof map's image needs Chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(render(report, audit(report)), encoding="utf-8")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
                        "--window-size=1400,760", f"--screenshot={target}", page.as_uri() + "#node=first_factor&without=P2"],
                       check=True, capture_output=True, timeout=180)


def main() -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "scripts"))
    from latex_pages import pages

    from symbound import verify

    _proof_map(IMG / "proof_map_pascanu_arxiv.png")
    subprocess.run([sys.executable, "-m", "symbound", "witness", "derivations/pascanu_arxiv.yaml", "conclusion", "--script",
                    str(Path(tempfile.gettempdir()) / "symbound_lim.py"), "--plot", str(IMG / "counterexample_pascanu_arxiv.png")],
                   cwd=ROOT, check=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    for name in LATEX:
        pages(ROOT / "derivations" / name, IMG)
    RECORD.write_text(json.dumps(sources(lambda name: verify(ROOT / "derivations" / name)), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
