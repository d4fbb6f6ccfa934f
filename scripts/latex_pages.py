"""Page 1 of the LaTeX of a derivation, one- and two-column, as PNG (pdflatex + pdftoppm), to look at:
`python scripts/latex_pages.py derivations/pascanu.yaml docs/img` writes latex_pascanu_1col.png and
latex_pascanu_2col.png."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from symbound import verify
from symbound.render.latex import render


def pages(derivation: Path, out: Path, tag: str = "") -> list[Path]:
    fragment = render(verify(derivation))
    written = []
    for columns, name in (("", "1col"), ("twocolumn", "2col")):
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "fragment.tex").write_text(fragment, encoding="utf-8")
            doc = f"\\documentclass[{columns}]{{article}}\n\\usepackage{{amsmath,amssymb,xcolor}}\n\\begin{{document}}\n\\input{{fragment}}\n\\end{{document}}\n"
            (Path(tmp) / "paper.tex").write_text(doc, encoding="utf-8")
            for _ in range(2):  # the second run resolves \eqref
                subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=tmp, capture_output=True, check=True, timeout=120)
            target = out / f"latex_{derivation.stem}_{name}{tag}"
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(Path(tmp) / "paper.pdf"), str(target)], check=True, timeout=120)
            written.append(target.with_suffix(".png"))
    return written


if __name__ == "__main__":
    *files, folder = sys.argv[1:]
    for f in files:
        for p in pages(Path(f), Path(folder)):
            print(p)
