"""The proof map's layout by Graphviz, and whether Graphviz is there (asked before any checking: this
module imports nothing heavy)."""

from __future__ import annotations

import re


class GraphvizMissing(RuntimeError):
    """``dot`` (Graphviz) is not installed."""


_NO_DOT = ("symbound html needs Graphviz's `dot` program to lay out the proof map: install Graphviz "
           "(apt-get install graphviz, brew install graphviz, or conda install graphviz)")


def require_graphviz() -> None:
    """Raise ``GraphvizMissing`` (saying what to install) unless the graphviz package and ``dot`` are
    there: the command asks before it checks the file, not after."""
    import shutil

    try:
        import graphviz  # noqa: F401 - only whether it is installed
    except ImportError:
        raise GraphvizMissing("symbound html needs the graphviz package: pip install 'symbound[html]' "
                              "(and Graphviz itself: apt-get install graphviz, brew install graphviz, or conda install graphviz)") from None
    if shutil.which("dot") is None:
        raise GraphvizMissing(_NO_DOT)


def layout(dot_source: str) -> str:
    """The graph laid out by Graphviz (through the ``graphviz`` package), as an inline ``<svg>`` element."""
    require_graphviz()
    import graphviz

    try:
        svg = graphviz.Source(dot_source).pipe(format="svg", engine="dot", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing(_NO_DOT) from None
    svg = svg[svg.index("<svg"):]
    return re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
