"""HTML rendering of a report: one self-contained page with a clickable proof map.

The map is a directed graph — premises, definitions, chains and the conclusion, an edge from what a
step rests on to the step — laid out by Graphviz (``dot -Tsvg``, through the ``graphviz`` package: ``symbound[html]``) and embedded
inline as SVG (``symbound.render.proofmap``).  Every node is filled by its verdict (proved, refuted,
unproved; premises used or unused), the root cause of a failure set apart from what fails only because
it rests on it; its formula typeset as MathML.  Clicking a node, or focusing it by keyboard (Tab) and
pressing Enter, (or opening ``report.html#node=NAME``) shows its panel: the links with
their justifications, the proof tree that was checked, the witness and the checked repairs.  A
toggle per premise marks the steps that are no longer proved without it (from ``symbound.passes.audit``;
``#without=P1,P2`` in the address sets the toggles).

Mathematics is presentation MathML (``symbound.render.mathml``; browsers render it natively), so the page
needs no network: no script, style or font is loaded from anywhere else.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any, Collection, Iterable

import sympy as sp

from symbound.values import PROVED, REFUTED, UNPROVED, ChainVerdict, LinkVerdict, Report, Witness
from symbound.render.layout import layout
from symbound.render.mathml import relation
from symbound.render.mathtext import Notation
from symbound.render.proofmap import COLOURS, DOWNSTREAM_FILL, MARK, direct_premises, finish, graph, node_id
from symbound.render.text import ASSUMED, REL, assumed_uses, conclusion_reason, consistency_text, repair_text, shown_values, value_text, witness_checks, witness_summary
from symbound.render.text import name as display

if TYPE_CHECKING:  # pragma: no cover
    from symbound.values import Audit

# ---------------------------------------------------------------- the panels


def _list(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items) if items else "—"


def _links_to(names: Iterable[str], kind: str) -> str:
    return _list(f'<a href="#node={escape(n)}" data-node="{node_id(kind, n)}">{escape(display(n) if kind == "definition" else n)}</a>' for n in names)


def _proof_tree(proof: Any, nt: Notation, depth: int = 0) -> str:
    if proof is None:
        return ""
    rule = f'<span class="rule">{escape(proof.kind)}: {escape(proof.rule)}</span>'
    children = "".join(_proof_tree(c, nt, depth + 1) for c in proof.children)
    body = f"{relation(proof.lhs, proof.rel, proof.rhs, nt)} {rule}"
    return f"<li>{body}" + (f"<ul>{children}</ul>" if children else "") + "</li>"


def _witness(w: Witness | None, nt: Notation) -> str:
    if w is None:
        return ""
    kind = "certified exactly" if w.exact else "checked in floating point only"
    rows = "".join(f"<tr><td>{escape(k)}</td><td><code>{escape(v)}</code></td></tr>" for k, v in shown_values(w).items())
    checks = "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>" for k, v in witness_checks(w, nt).items())
    return (
        f'<div class="witness"><h4>Counterexample ({kind}, after {w.tried} instances)</h4>'
        f'<table class="values"><tr><th>symbol</th><th>value</th></tr>{rows}</table>'
        f"<p>the claim's sides there: {escape(value_text(w.lhs, w.lhs_value))} and {escape(value_text(w.rhs, w.rhs_value))}</p>"
        + (f"<p>premises at the witness:</p><ul>{checks}</ul>" if checks else "")
        + f'<p class="summary">{escape(witness_summary(w, nt))}</p></div>'
    )


def _repairs(repairs: list) -> str:
    if not repairs:
        return ""
    items = "".join(f"<li><b>{escape(r.kind)}</b>: {escape(repair_text(r))}</li>" for r in repairs)
    return f'<div class="repairs"><h4>Checked repairs</h4><ul>{items}</ul></div>'


def _cause(link: LinkVerdict, failing: Collection[str]) -> str:
    """For a link not proved: the root cause, or the failing chains it rests on."""
    if link.status == PROVED:
        return ""
    through = [c for c in link.chains if c in failing and c != link.chain]
    if through:
        return f' <span class="downstream-note">rests on {_links_to(through, "chain")}, which {"is" if len(through) == 1 else "are"} not proved</span>'
    return ' <span class="root-note">root cause</span>'


def _link_html(link: LinkVerdict, nt: Notation, failing: Collection[str] = ()) -> str:
    parts = [
        f'<div class="link verdict-{link.status}" id="{node_id("link", f"{link.chain}.{link.index}")}">',
        f'<h3><span class="mark">{MARK[link.status]}</span> {escape(link.chain)}.{link.index} '
        f'<span class="line">line {link.line}</span> <span class="status">{link.status}</span>{_cause(link, failing)}</h3>',
        f'<p class="claim">{relation(link.lhs, link.rel, link.rhs, nt)}</p>',
        f'<p class="source">as written: <code>{escape(REL.get(link.rel, link.rel))} {escape(link.source)}</code></p>' if link.source else "",
        '<table class="facts">',
        f"<tr><th>by</th><td>{_list(escape(x) for x in link.lemmas + [f'{n} ({ASSUMED})' for n in assumed_uses(link.uses)])}</td></tr>",
        f"<tr><th>premises</th><td>{_links_to(link.premises, 'premise')}</td></tr>",
        f"<tr><th>earlier chains</th><td>{_links_to(link.chains, 'chain')}</td></tr>",
        f"<tr><th>definitions</th><td>{_links_to(link.definitions, 'definition')}</td></tr>",
    ]
    if link.cited:
        parts.append(f"<tr><th>cited</th><td>{_list(escape(x) for x in link.cited)}</td></tr>")
    if link.miscited:
        parts.append(f'<tr><th>miscited</th><td class="bad">{_list(escape(x) for x in link.miscited)}</td></tr>')
    parts.append("</table>")
    if link.reason:
        parts.append(f'<p class="reason">{escape(nt.sentence(link.reason))}</p>')
    if link.blocker is not None:
        a, rel, b = link.blocker
        parts.append(f'<p class="blocker">the step that fails: {relation(a, rel, b, nt)}</p>')
    if link.near:
        near = "".join(f"<li><b>{escape(n.lemma)}</b>: {relation(n.lhs, n.rel, n.rhs, nt)} — {escape(n.why)}</li>" for n in link.near)
        parts.append(f'<div class="near"><h4>Nearest lemmas</h4><ul>{near}</ul></div>')
    if link.proof is not None and link.status == PROVED:
        parts.append(f'<details class="proof" open><summary>The proof that was checked</summary><ul class="tree">{_proof_tree(link.proof, nt)}</ul></details>')
    parts.append(_witness(link.witness, nt))
    parts.append(_repairs(link.repairs))
    if link.note:
        parts.append(f'<p class="note">note: {escape(link.note)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _chain_panel(chain: ChainVerdict, nt: Notation, failing: Collection[str]) -> str:
    head = relation(chain.start, chain.relation, chain.end, nt)
    links = "".join(_link_html(link, nt, failing) for link in chain.links)
    return (
        f'<section class="panel" id="panel-{node_id("chain", chain.id)}" data-name="{escape(chain.id)}" hidden>'
        f'<h2>chain {escape(chain.id)} <span class="status verdict-{chain.status}">{MARK[chain.status]} {chain.status}</span>'
        f' <span class="line">line {chain.line}</span></h2>'
        f'<p class="text">{escape(chain.text)}</p><p class="claim">{head}</p>'
        f"<p>rests on premises: {_links_to(chain.premises, 'premise')}</p>{links}</section>"
    )


def _premise_panel(report: Report, pid: str, audit: Audit | None, nt: Notation) -> str:
    users = [f"{link.chain}.{link.index}" for link in report.links if pid in direct_premises(link)]
    if report.conclusion is not None and pid in report.conclusion.premises:
        users.append("conclusion")
    unused = pid in report.unused_premises
    out = [
        f'<section class="panel" id="panel-{node_id("premise", pid)}" data-name="{escape(pid)}" hidden>',
        f"<h2>premise {escape(pid)}" + (' <span class="status verdict-unused">unused</span>' if unused else "") + "</h2>",
        f'<p class="text">{escape(report.premises.get(pid, ""))}</p>',
        f'<p class="claim"><code>{escape(report.premise_claims.get(pid, ""))}</code></p>',
        f"<p>cited directly by: {_list(escape(u) for u in users)}</p>",
    ]
    removal = next((r for r in (audit.removals or []) if r.premise == pid), None) if audit is not None else None
    if removal is not None:
        out.append(f"<h4>Without {escape(pid)}</h4>")
        if removal.breaks:
            items = "".join(f"<li>{escape(b.name)} (line {b.line}): {b.before} → {b.after}" + (f": {escape(conclusion_reason(b, nt))}" if b.reason or b.witness else "") + "</li>" for b in removal.breaks)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>nothing that was proved breaks</p>")
    out.append("</section>")
    return "".join(out)


def _definition_panel(report: Report, df: Any, nt: Notation) -> str:
    users = [f"{link.chain}.{link.index}" for link in report.links if df.name in link.definitions]
    return (
        f'<section class="panel" id="panel-{node_id("definition", df.name)}" data-name="{escape(df.name)}" hidden>'
        f"<h2>the definition of {escape(display(df.name))}</h2>"
        f'<p class="claim">{relation(df.symbol, "=", df.value, nt) if isinstance(df.symbol, sp.Basic) else escape(nt.text(df.value))}</p>'
        f'<p class="text">{escape(getattr(df, "text", "") or "")}</p>'
        f"<p>unfolded by: {_list(escape(u) for u in users)}</p></section>"
    )


def _conclusion_panel(report: Report, nt: Notation) -> str:
    c = report.conclusion
    assert c is not None
    lemmas = sorted({u.name for u in c.uses if u.kind in ("lemma", "gcongr")})
    return (
        f'<section class="panel" id="panel-{node_id("conclusion", "conclusion")}" data-name="conclusion" hidden>'
        f'<h2>conclusion <span class="status verdict-{c.status}">{MARK.get(c.status, "")} {c.status}</span> <span class="line">line {c.line}</span></h2>'
        f'<p class="text">{escape(c.text)}</p><p class="claim">{relation(c.lhs, c.rel, c.rhs, nt)}</p>'
        '<table class="facts">'
        f"<tr><th>by</th><td>{_list(escape(x) for x in lemmas + [f'{n} ({ASSUMED})' for n in c.assumed])}</td></tr>"
        f"<tr><th>premises</th><td>{_links_to(c.premises, 'premise')}</td></tr>"
        f"<tr><th>chains</th><td>{_links_to(c.chains, 'chain')}</td></tr></table>"
        + (f'<p class="reason">{escape(nt.sentence(c.reason))}</p>' if c.reason and c.witness is None else "")
        + _witness(c.witness, nt)
        + _repairs(report.repairs)
        + "</section>"
    )


def _user_lemmas(report: Report, nt: Notation) -> str:
    """The lemmas the file states itself (assumed, not from the library), with their status."""
    if not report.lemmas:
        return ""
    items = []
    for u in report.lemmas:
        status = {"used": "used by " + ", ".join(u.users), "unused": "unused"}.get(u.status, "refuted, not used")
        items.append(f'<li class="verdict-{"refuted" if u.status == "refuted" else "proved"}"><b>{escape(u.name)}</b> '
                     f'{relation(u.statement.lhs, u.statement.rel, u.statement.rhs, nt)} — {escape(u.reference)}; {escape(status)}{_witness(u.witness, nt)}</li>')
    return f'<div class="lemmas"><h4>Lemmas of this file ({ASSUMED})</h4><ul>{"".join(items)}</ul></div>'


def _toggles(report: Report, audit: Audit | None) -> str:
    if audit is None or audit.removals is None:
        return '<p class="toggles">what breaks without each premise: not computed</p>'
    boxes = []
    for r in audit.removals:
        broken = sorted({node_id("chain", b.chain) if b.chain is not None else node_id("conclusion", "conclusion") for b in r.breaks})
        said = f"{', '.join(b.name for b in r.breaks)} no longer proved" if r.breaks else "everything still proved"
        boxes.append(
            f'<label title="without premise {escape(r.premise)}: {escape(said)}">'
            f'<input type="checkbox" class="without" data-premise="{escape(r.premise)}" data-breaks="{" ".join(broken)}" '
            f'data-said="{escape(said)}"> without {escape(r.premise)}</label>'
        )
    return f'<div class="toggles"><b>What breaks without a premise:</b> {"".join(boxes)}<p id="breaks" class="breaks"></p></div>'


def _legend() -> str:
    words = {PROVED: "proved", REFUTED: "refuted", UNPROVED: "unproved", "premise": "premise", "unused": "unused premise", "definition": "definition"}
    items = "".join(f'<span class="key" style="background:{COLOURS[k][0]};border-color:{COLOURS[k][1]}">{w}</span>' for k, w in words.items())
    cause = (f'<span class="key root-key" style="background:{COLOURS[REFUTED][0]};border-color:{COLOURS[REFUTED][1]}">root cause (fails on its own)</span>'
             f'<span class="key downstream-key" style="background:{DOWNSTREAM_FILL[REFUTED]};border-color:{COLOURS[REFUTED][1]}">fails only through what it rests on</span>')
    return f'<div class="legend">{items}{cause}<span class="key broken-key">no longer proved without the toggled premise</span></div>'


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#212121;background:#fafafa}
header{padding:.6em 1.2em;background:#263238;color:#eceff1}header h1{font-size:1.15em;margin:.2em 0}
header p{margin:.2em 0;font-size:.9em;color:#b0bec5}
main{display:flex;gap:0;align-items:flex-start}
#map{flex:3;padding:.6em;overflow:auto;min-width:0}#map svg{max-width:100%;height:auto}
#side{flex:2;padding:.6em 1em;border-left:1px solid #cfd8dc;min-height:80vh;background:#fff;min-width:0;overflow-wrap:anywhere}
g.node{cursor:pointer}g.node.selected path,g.node.selected polygon{stroke-width:4;stroke:#000}
g.node:focus{outline:none}g.node:focus path,g.node:focus polygon{stroke:#0d47a1;stroke-width:5;stroke-dasharray:none}
foreignObject div.label{text-align:center;font-size:11px;line-height:20px;white-space:normal}foreignObject math{font-size:11px}
.legend .root-key{border-width:4px}.legend .downstream-key{border-style:dashed}
.root-note{background:#c62828;color:#fff;border-radius:3px;padding:0 .4em;font-size:.8em;font-weight:600}
.downstream-note{color:#78909c;font-weight:normal;font-size:.85em}
g.node.broken path,g.node.broken polygon{stroke:#6a1b9a;stroke-width:4;stroke-dasharray:6 3}
.legend .key{display:inline-block;border:2px solid;border-radius:4px;padding:0 .4em;margin:0 .3em .3em 0;font-size:.8em}
.legend .broken-key{border:3px dashed #6a1b9a}
.toggles{font-size:.9em}.toggles label{margin-right:1em;white-space:nowrap}.breaks{color:#6a1b9a;min-height:1.2em}
.verdict-proved .mark,.status.verdict-proved{color:#2e7d32}.verdict-refuted .mark,.status.verdict-refuted{color:#c62828}
.verdict-unproved .mark,.status.verdict-unproved{color:#ef6c00}.status.verdict-unused{color:#757575}
.link{border-left:4px solid #cfd8dc;padding:.1em .8em;margin:.8em 0}.link.verdict-refuted{border-color:#c62828}
.link.verdict-unproved{border-color:#ef6c00}.link.verdict-proved{border-color:#2e7d32}
.link h3{font-size:1em;margin:.3em 0}.line{color:#78909c;font-weight:normal;font-size:.85em}
table.facts th{text-align:left;padding-right:1em;font-weight:600;color:#546e7a;vertical-align:top}
table.values{border-collapse:collapse}table.values td,table.values th{border:1px solid #cfd8dc;padding:.1em .5em}
.witness{background:#fff3f3;padding:.3em .8em;border-radius:4px}.repairs{background:#f1f8e9;padding:.3em .8em;border-radius:4px;margin-top:.4em}
.tree{font-size:.9em}.tree .rule{color:#546e7a;font-size:.85em;margin-left:.5em}
.reason,.summary{color:#37474f}.bad{color:#c62828}math{font-size:1.05em}
h4{margin:.5em 0 .2em}#hint{color:#78909c}
"""

SCRIPT = r"""
(function(){
  function show(id){
    var panels=document.querySelectorAll('section.panel');
    for(var i=0;i<panels.length;i++){panels[i].hidden=(panels[i].id!=='panel-'+id);}
    var nodes=document.querySelectorAll('g.node');
    for(var j=0;j<nodes.length;j++){nodes[j].classList.toggle('selected',nodes[j].id===id);}
    var hint=document.getElementById('hint'); if(hint){hint.hidden=!!document.getElementById('panel-'+id);}
  }
  function byName(name){
    var kinds=['chain','conclusion','premise','definition'];
    for(var i=0;i<kinds.length;i++){
      var id=kinds[i]+'-'+name.replace(/[^A-Za-z0-9_.-]/g,'_');
      if(document.getElementById('panel-'+id)) return id;
    }
    return null;
  }
  function fromHash(){
    var w=/without=([^&]+)/.exec(location.hash);
    if(w){
      var names=decodeURIComponent(w[1]).split(',');
      var boxes=document.querySelectorAll('input.without');
      for(var i=0;i<boxes.length;i++){boxes[i].checked=names.indexOf(boxes[i].getAttribute('data-premise'))>=0;}
      updateBroken();
    }
    var m=/node=([^&]+)/.exec(location.hash); if(!m) return;
    var id=byName(decodeURIComponent(m[1])); if(id) show(id);
  }
  function updateBroken(){
    var on={}, lines=[];
    var boxes=document.querySelectorAll('input.without');
    for(var i=0;i<boxes.length;i++){
      if(!boxes[i].checked) continue;
      var ids=boxes[i].getAttribute('data-breaks').split(' ');
      for(var j=0;j<ids.length;j++){ if(ids[j]) on[ids[j]]=true; }
      lines.push('without '+boxes[i].getAttribute('data-premise')+': '+boxes[i].getAttribute('data-said'));
    }
    var nodes=document.querySelectorAll('g.node');
    for(var k=0;k<nodes.length;k++){nodes[k].classList.toggle('broken',!!on[nodes[k].id]);}
    document.getElementById('breaks').textContent=lines.join('; ');
  }
  document.addEventListener('click',function(ev){
    var g=ev.target.closest?ev.target.closest('g.node'):null;
    if(g){ show(g.id); history.replaceState(null,'','#node='+encodeURIComponent(document.getElementById('panel-'+g.id).getAttribute('data-name'))); return; }
    var a=ev.target.closest?ev.target.closest('a[data-node]'):null;
    if(a){ ev.preventDefault(); show(a.getAttribute('data-node')); }
  });
  document.addEventListener('keydown',function(ev){
    if(ev.key!=='Enter'&&ev.key!==' ') return;
    var g=ev.target.closest?ev.target.closest('g.node'):null;
    if(g){ ev.preventDefault(); show(g.id); history.replaceState(null,'','#node='+encodeURIComponent(document.getElementById('panel-'+g.id).getAttribute('data-name'))); }
  });
  document.addEventListener('change',function(ev){ if(ev.target.classList.contains('without')) updateBroken(); });
  window.addEventListener('hashchange',fromHash);
  fromHash(); updateBroken();
})();
"""


def _consistency(report: Report) -> str:
    """The instance of the premises (or that none was found), one paragraph; nothing without premises."""
    sentence = consistency_text(report)
    return f'<p id="consistency">{escape(sentence)}</p>' if sentence else ""


def render(report: Report, audit: Audit | None = None, svg: str | None = None) -> str:
    """The whole page; ``svg`` is the laid-out map (default: ``layout(graph(report))``)."""
    d = report.derivation
    nt = Notation(d)
    if svg is None:
        svg = finish(layout(graph(report, nt)), report, nt)
    failing = {ch.id for ch in report.chains if ch.status != PROVED}
    panels = [_premise_panel(report, pid, audit, nt) for pid in report.premises]
    panels += [_definition_panel(report, df, nt) for df in (d.definitions if d is not None else [])]
    panels += [_chain_panel(ch, nt, failing) for ch in report.chains]
    if report.conclusion is not None:
        panels.append(_conclusion_panel(report, nt))
    title = report.title or report.path
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>symbound · {escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{escape(report.source)}</p>"
        f'<p>symbound · {escape(report.path)} · <span id="counts">{escape(report.counts_text())}</span></p>'
        f'{_consistency(report)}{_user_lemmas(report, nt)}</header>'
        f"<main><div id=\"map\">{_legend()}{_toggles(report, audit)}{svg}</div>"
        f'<div id="side"><p id="hint">Click a node of the map (or Tab to it and press Enter) to see its links, proofs, counterexamples and repairs.</p>{"".join(panels)}</div></main>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
