"""The proof map of the HTML page: a directed graph of premises, definitions, chains and the
conclusion (an edge from what a step rests on to the step), in Graphviz's dot language, and the
finishing of Graphviz's SVG for the page.

* Every node is filled by its verdict.  A chain that fails on its own (a link refuted or unproved
  that rests on no failing chain) is the *root cause*: drawn with a heavy border and labelled so; a
  chain or conclusion that fails only because it rests on a failing chain is drawn dashed and pale,
  and says which chain it rests on.
* ``finish(svg, report)``: each node's formula typeset as MathML in place of Graphviz's text (a long
  one wrapped over the lines Graphviz sized the node for, between its terms), each node reachable by keyboard (``tabindex``, a name for screen
  readers), and every node's and edge's tooltip in words ("premise P1 is used by chain eq6, link 2").
"""

from __future__ import annotations

import re
import textwrap
from html import escape, unescape
from typing import Any

import sympy as sp

from symbound.render.mathml import wrapped
from symbound.render.mathtext import Notation
from symbound.render.text import name as display
from symbound.values import PROVED, REFUTED, UNPROVED, ChainVerdict, LinkVerdict, Report

# fill and border of a node, by its verdict; the legend and the tests read the same table
COLOURS = {
    PROVED: ("#c8e6c9", "#2e7d32"),
    REFUTED: ("#ffcdd2", "#c62828"),
    UNPROVED: ("#ffe0b2", "#ef6c00"),
    "premise": ("#bbdefb", "#1565c0"),
    "unused": ("#eeeeee", "#757575"),
    "definition": ("#e1bee7", "#6a1b9a"),
}
DOWNSTREAM_FILL = {REFUTED: "#fdeeee", UNPROVED: "#fff4e6"}  # pale: fails only through what it rests on
MARK = {PROVED: "✓", REFUTED: "✗", UNPROVED: "?"}
LABEL_CHARS = 48  # a label's formula longer than this is wrapped over several lines
ROOM = 0.04  # inches of margin a node gets for each line of its formula: MathML stands taller than text


def node_id(kind: str, name: str) -> str:
    """The DOM id of a node (and of its panel, with ``panel-`` in front)."""
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def direct_premises(link: LinkVerdict) -> list[str]:
    """The premises a link's own proof cites (not those reached through earlier chains)."""
    return sorted({u.name for u in link.uses if u.kind == "premise"})


def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _lines(s: str) -> str:
    """A label's formula as text lines of at most ``LABEL_CHARS`` (broken at spaces): Graphviz sizes the
    node for them, and ``finish`` puts the MathML over them."""
    return "\n".join(textwrap.wrap(" ".join(s.split()), LABEL_CHARS, break_long_words=False, break_on_hyphens=False)) or " "


def _failing(chains: dict[str, ChainVerdict], names: list[str]) -> list[str]:
    return [c for c in names if c in chains and chains[c].status != PROVED]


def rests_on(report: Report) -> dict[str, list[str]]:
    """Node id → the failing chains it fails through, for every chain or conclusion that fails only
    because it rests on them (each of its failing links cites one); a failing node not listed here is a
    root cause: it fails on its own."""
    chains = {ch.id: ch for ch in report.chains}
    out: dict[str, list[str]] = {}
    for ch in report.chains:
        bad = [link for link in ch.links if link.status != PROVED]
        if bad and all(_failing(chains, [c for c in link.chains if c != ch.id]) for link in bad):
            out[node_id("chain", ch.id)] = sorted({c for link in bad for c in _failing(chains, link.chains) if c != ch.id})
    c = report.conclusion
    if c is not None and c.status != PROVED and _failing(chains, c.chains):
        out[node_id("conclusion", "conclusion")] = _failing(chains, c.chains)
    return out


def _links(chain: ChainVerdict, used: Any) -> str:
    """"link 2" or "links 1 and 3": the links of ``chain`` for which ``used(link)`` holds."""
    ix = [str(link.index) for link in chain.links if used(link)]
    return ("link " if len(ix) == 1 else "links ") + (", ".join(ix[:-1]) + " and " + ix[-1] if len(ix) > 1 else "".join(ix))


def graph(report: Report, nt: Notation | None = None) -> str:
    """The proof map in Graphviz's dot language (deterministic: nodes and edges in file order)."""
    nt = nt or Notation(report.derivation)
    used = set(report.premises) - set(report.unused_premises)
    downstream = rests_on(report)
    lines = [
        "digraph proofmap {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.3, ranksep=0.45, fontname="sans-serif"];',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11, penwidth=1.6];',
        '  edge [color="#607d8b", arrowsize=0.7];',
    ]

    def node(kind: str, name: str, label: str, colour: str, tooltip: str, extra: str = "") -> None:
        """A node whose label ends with its formula's lines (after a first line, for all but a definition)."""
        fill, border = COLOURS[colour]
        extra += f', margin="0.11,{0.055 + ROOM * (label.count(chr(10)) + (kind == "definition")):.3f}"'
        nid = node_id(kind, name)
        cls = "verdict-" + colour
        if colour in (REFUTED, UNPROVED):
            if nid in downstream:
                fill, cls, extra = DOWNSTREAM_FILL[colour], cls + " downstream", extra + ', style="rounded,filled,dashed"'
            else:
                cls, extra = cls + " root-cause", extra.replace("penwidth=2.6", "") + ", penwidth=3.4"
        lines.append(f"  {_dot_str(nid)} [id={_dot_str(nid)}, class={_dot_str(cls)}, label={_dot_str(label)}, "
                     f"fillcolor={_dot_str(fill)}, color={_dot_str(border)}, tooltip={_dot_str(tooltip)}{extra}];")

    def verdict(nid: str, status: str) -> str:
        if status == PROVED:
            return f"{MARK[status]} {status}"
        if nid in downstream:
            return f"{MARK[status]} {status}: rests on {', '.join(downstream[nid])}"
        return f"{MARK[status]} {status}: root cause"

    d = report.derivation
    relations = {p.id: ", ".join(nt.relation(r.lhs, r.rel, r.rhs) for r in p.relations) for p in (d.premises if d is not None else [])}
    for pid, sentence in report.premises.items():
        claim = relations.get(pid) or report.premise_claims.get(pid, "")
        state = "premise" if pid in used else "unused"
        node("premise", pid, f"{pid}" + ("" if pid in used else " (unused)") + f"\n{_lines(claim)}", state,
             f"premise {pid}: {sentence}", "" if pid in used else ', style="rounded,filled,dashed"')
    for df in d.definitions if d is not None else []:
        node("definition", df.name, _lines(f"{display(df.name)} := {nt.text(df.value)}"), "definition",
             f"the definition of {display(df.name)}" + (f": {df.text}" if df.text else ""))
    for chain in report.chains:
        nid = node_id("chain", chain.id)
        label = f"{chain.id}   {verdict(nid, chain.status)}\n{_lines(nt.relation(chain.start, chain.relation, chain.end))}"
        node("chain", chain.id, label, chain.status, f"chain {chain.id}" + (f": {chain.text}" if chain.text else ""))
    c = report.conclusion
    if c is not None:
        node("conclusion", "conclusion", f"conclusion   {verdict(node_id('conclusion', 'conclusion'), c.status)}\n{_lines(nt.claim(c))}",
             c.status, "the conclusion" + (f": {c.text}" if c.text else ""), ", penwidth=2.6")
    for (a, b), words in edges(report).items():
        lines.append(f"  {_dot_str(a)} -> {_dot_str(b)} [tooltip={_dot_str(words)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def edges(report: Report) -> dict[tuple[str, str], str]:
    """The map's edges (from, to) in file order, each with what it means in words."""
    out: dict[tuple[str, str], str] = {}
    d = report.derivation
    for df in d.definitions if d is not None else []:
        for other in d.definitions:
            if other.name != df.name and isinstance(df.value, sp.Basic) and df.value.has(other.symbol):
                out.setdefault((node_id("definition", other.name), node_id("definition", df.name)),
                               f"{display(other.name)} is used in the definition of {display(df.name)}")
    for chain in report.chains:
        target = node_id("chain", chain.id)
        for p in sorted({p for link in chain.links for p in direct_premises(link)}):
            out[(node_id("premise", p), target)] = f"premise {p} is used by chain {chain.id}, {_links(chain, lambda l: p in direct_premises(l))}"
        for df in sorted({x for link in chain.links for x in link.definitions}):
            out[(node_id("definition", df), target)] = f"the definition of {display(df)} is unfolded in chain {chain.id}, {_links(chain, lambda l: df in l.definitions)}"
        for ch in sorted({x for link in chain.links for x in link.chains if x != chain.id}):
            out[(node_id("chain", ch), target)] = f"chain {ch} is used by chain {chain.id}, {_links(chain, lambda l: ch in l.chains)}"
    c = report.conclusion
    if c is not None:
        target = node_id("conclusion", "conclusion")
        from_chains = {p for ch in report.chains if ch.id in c.chains for link in ch.links for p in link.premises}
        for p in sorted(set(c.premises) - from_chains):
            out[(node_id("premise", p), target)] = f"the conclusion uses premise {p}"
        for u in sorted({u.name for u in c.uses if u.kind == "definition"}):
            out[(node_id("definition", u), target)] = f"the conclusion unfolds the definition of {display(u)}"
        for ch in c.chains:
            out[(node_id("chain", ch), target)] = f"the conclusion follows from chain {ch}"
    return out


# ---------------------------------------------------------------- Graphviz's SVG, finished for the page


def _formulas(report: Report, nt: Notation) -> dict[str, tuple[int, int, str]]:
    """Node id → (its formula's first line in the label, how many lines, the MathML for it): every formula."""
    out: dict[str, tuple[int, int, str]] = {}

    def put(nid: str, first: int, shown: str, math: str) -> None:
        out[nid] = (first, _lines(shown).count("\n") + 1, math)

    d = report.derivation
    for p in d.premises if d is not None else []:
        if p.relations and p.id in report.premises:
            put(node_id("premise", p.id), 1, ", ".join(nt.relation(r.lhs, r.rel, r.rhs) for r in p.relations),
                '<math><mrow><mo>,</mo></mrow></math>&#8203;'.join(wrapped(r.lhs, r.rel, r.rhs, nt) for r in p.relations))
    for df in d.definitions if d is not None else []:
        if isinstance(df.symbol, sp.Basic):
            put(node_id("definition", df.name), 0, f"{display(df.name)} := {nt.text(df.value)}", wrapped(df.symbol, ":=", df.value, nt))
    for ch in report.chains:
        put(node_id("chain", ch.id), 1, nt.relation(ch.start, ch.relation, ch.end), wrapped(ch.start, ch.relation, ch.end, nt))
    c = report.conclusion
    if c is not None:
        put(node_id("conclusion", "conclusion"), 1, nt.claim(c), wrapped(c.lhs, c.rel, c.rhs, nt))
    return out


_NODE = re.compile(r'<g id="(?P<id>[^"]+)" class="node(?P<cls>[^"]*)">\n<title>(?P<title>[^<]*)</title>(?P<body>.*?</a>\n</g>\n</g>)', re.S)
_EDGE = re.compile(r'<g id="(?P<gid>edge\d+)" class="edge">\n<title>(?P<title>[^<]*)</title>')
_TEXT = re.compile(r'<text text-anchor="middle" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)"[^>]*>[^<]*</text>')
_POINT = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def _typeset(body: str, line: int, count: int, math: str) -> str:
    """The ``count`` texts of a node from the ``line``-th (its last: a formula ends every label) replaced by
    ``math`` in one foreignObject as wide as the node and as tall as those lines, in which the MathML pieces
    wrap, at Graphviz's line pitch."""
    texts = list(_TEXT.finditer(body))
    shape = re.search(r'<path [^>]*d="([^"]+)"', body)
    if line + count > len(texts) or shape is None:
        return body
    xs = [float(x) for x, _ in _POINT.findall(shape.group(1))]
    first, last = texts[line], texts[line + count - 1]
    left, right, top = min(xs) + 3, max(xs) - 3, float(first.group("y")) - 10
    height = float(last.group("y")) + 7 + ROOM * 72 * count - top  # the room below the text lines (``graph``)
    pitch = height / count
    math = math.replace("<math>", '<math xmlns="http://www.w3.org/1998/Math/MathML">')
    box = (f'<foreignObject x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{height:.1f}" overflow="visible">'
           f'<div xmlns="http://www.w3.org/1999/xhtml" class="label" style="line-height:{pitch:.1f}px">{math}</div></foreignObject>')
    return body[: first.start()] + box + body[last.end():]


def finish(svg: str, report: Report, nt: Notation | None = None) -> str:
    """Graphviz's SVG for the page: formulas as MathML, nodes focusable, tooltips in words."""
    nt = nt or Notation(report.derivation)
    formulas = _formulas(report, nt)
    words = {f"{a}->{b}": w for (a, b), w in edges(report).items()}

    def node(m: re.Match) -> str:
        nid = unescape(m.group("id"))
        tip = re.search(r'xlink:title="([^"]*)"', m.group("body"))
        title = tip.group(1) if tip else m.group("title")
        body = _typeset(m.group("body"), *formulas[nid]) if nid in formulas else m.group("body")
        return (f'<g id="{m.group("id")}" class="node{m.group("cls")}" tabindex="0" role="button" aria-label="{title}">\n'
                f"<title>{title}</title>{body}")

    def edge(m: re.Match) -> str:
        said = words.get(unescape(m.group("title")))
        return m.group(0) if said is None else f'<g id="{m.group("gid")}" class="edge">\n<title>{escape(said)}</title>'

    return _EDGE.sub(edge, _NODE.sub(node, svg))
