"""`symbound html`: the proof map page, checked as markup and in a real (headless) Chromium.

Like the LaTeX tests with pdflatex, these FAIL (they do not skip) when Graphviz's `dot` or Chromium
is missing: scripts/test.sh installs both (apt-get install graphviz chromium).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from symbound.render.html import render
from symbound.render.proofmap import COLOURS, graph

from conftest import DERIVATIONS, ROOT, run_cli

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def arxiv_page(arxiv_report, tmp_path_factory) -> Path:
    from symbound.passes.audit import audit

    assert shutil.which("dot"), "Graphviz's dot is not installed: run scripts/test.sh, or apt-get install graphviz"
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render(arxiv_report, audit(arxiv_report)), encoding="utf-8")
    return path


class Nodes(HTMLParser):
    """The SVG nodes of a page (id → class and fill of their shape) and its panels (id → hidden)."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: dict[str, dict] = {}
        self.panels: dict[str, bool] = {}
        self._current: str | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        for key in ("src", "href", "xlink:href"):
            if a.get(key) and re.match(r"[a-z]+:", a[key]) and not a[key].startswith(("data:", "javascript:")):
                self.external.append(a[key])
        if tag == "g" and "node" in (a.get("class") or "").split():
            self._current = a["id"]
            self.nodes[a["id"]] = {"class": a["class"].split(), "fill": None}
        elif tag in ("path", "polygon") and self._current and self.nodes[self._current]["fill"] is None:
            self.nodes[self._current]["fill"] = a.get("fill")
        elif tag == "section" and "panel" in (a.get("class") or ""):
            self.panels[a["id"]] = "hidden" in a

    def handle_endtag(self, tag: str) -> None:
        if tag == "g":
            self._current = None


def parse(html: str) -> Nodes:
    p = Nodes()
    p.feed(html)
    return p


def panel_text(html: str, panel_id: str) -> str:
    m = re.search(rf'<section[^>]*id="{re.escape(panel_id)}".*?</section>', html, re.S)
    assert m, panel_id
    return re.sub(r"<[^>]+>", " ", m.group())


def test_the_map_has_every_premise_definition_chain_and_the_conclusion_coloured_by_verdict(arxiv_report, arxiv_page):
    page = parse(arxiv_page.read_text(encoding="utf-8"))
    expected = {f"premise-{p}": "premise" for p in arxiv_report.premises}
    expected |= {f"definition-{d.name}": "definition" for d in arxiv_report.derivation.definitions}
    expected |= {f"chain-{c.id}": c.status for c in arxiv_report.chains}
    expected["conclusion-conclusion"] = arxiv_report.conclusion.status
    assert set(page.nodes) == set(expected)
    from symbound.render.proofmap import DOWNSTREAM_FILL, rests_on

    through = rests_on(arxiv_report)  # failing only through a failing chain: its verdict's pale fill
    for node, verdict in expected.items():
        assert f"verdict-{verdict}" in page.nodes[node]["class"], node
        assert page.nodes[node]["fill"] == (DOWNSTREAM_FILL[verdict] if node in through else COLOURS[verdict][0]), node
    # the slip: first_factor refuted, eta_lt_one (η < 1 from P2) proved
    assert page.nodes["chain-first_factor"]["fill"] == COLOURS["refuted"][0]
    assert page.nodes["chain-eta_lt_one"]["fill"] == COLOURS["proved"][0]


def test_edges_run_from_what_a_step_rests_on(arxiv_report):
    dot = graph(arxiv_report)
    assert '"chain-first_factor" -> "chain-eq6"' in dot
    assert '"premise-P2" -> "chain-eta_lt_one"' in dot
    assert '"definition-lambda_1" -> "definition-eta"' in dot
    assert '"chain-product" -> "conclusion-conclusion"' in dot
    assert dot == graph(arxiv_report)  # deterministic


def test_the_page_is_self_contained_and_carries_mathml(arxiv_page):
    html = arxiv_page.read_text(encoding="utf-8")
    page = parse(html)
    assert page.external == []
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert html.count("<math") > 20 and "<msub>" in html  # presentation MathML from sympy's printer
    assert "<svg" in html and "<?xml" not in html


def test_panels_give_links_witnesses_repairs_proofs_and_removals(arxiv_page):
    html = arxiv_page.read_text(encoding="utf-8")
    first = panel_text(html, "panel-chain-first_factor")
    assert "first_factor.1" in first and "Counterexample" in first and "[[0, 1], [0, 0]]" in first
    assert "σ_max(W_rec)" in first  # the checked repair
    proved = panel_text(html, "panel-chain-eta_lt_one")
    assert "The proof that was checked" in proved and "mul_le_mul" in proved
    p2 = panel_text(html, "panel-premise-P2")
    assert "Without P2" in p2 and "eta_lt_one.2" in p2


def test_file_text_is_escaped(tmp_path):
    src = (DERIVATIONS / "pascanu.yaml").read_text(encoding="utf-8")
    src = re.sub(r"^title: .*$", 'title: "<script>alert(1)</script> & <b>"', src, count=1, flags=re.M)
    path = tmp_path / "evil.yaml"
    path.write_text(src, encoding="utf-8")
    out = tmp_path / "evil.html"
    done = run_cli("html", str(path), "-o", str(out), "--no-removals", "--budget", "0")
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_an_unused_premise_is_marked(tmp_path):
    src = (DERIVATIONS / "pascanu.yaml").read_text(encoding="utf-8")
    src = src.replace("premises:\n", 'premises:\n  P0:\n    text: "never used"\n    claim: "gamma <= 7"\n', 1)
    path = tmp_path / "unused.yaml"
    path.write_text(src, encoding="utf-8")
    out = tmp_path / "unused.html"
    done = run_cli("html", str(path), "-o", str(out), "--no-removals", "--budget", "0")
    assert done.returncode == 0, done.stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert "verdict-unused" in page.nodes["premise-P0"]["class"]
    assert page.nodes["premise-P0"]["fill"] == COLOURS["unused"][0]
    assert "verdict-premise" in page.nodes["premise-P1"]["class"]


def chromium(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert exe, "Chromium is not installed: run scripts/test.sh (it installs it), or apt-get install chromium"
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)


def test_in_chromium_a_clicked_node_shows_its_panel(arxiv_page, tmp_path):
    """Chromium loads the page from disk; the address selects a node (as a click does) and sets a toggle."""
    url = arxiv_page.as_uri() + "#node=first_factor&without=P2"
    done = chromium("--dump-dom", url, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    page = parse(dom)
    assert page.nodes["chain-first_factor"]["fill"] == COLOURS["refuted"][0]
    assert "selected" in page.nodes["chain-first_factor"]["class"]  # set by the page's script
    assert page.panels["panel-chain-first_factor"] is False  # shown
    assert all(hidden for pid, hidden in page.panels.items() if pid != "panel-chain-first_factor")
    shown = panel_text(dom, "panel-chain-first_factor")
    assert "first_factor.1" in shown and "Counterexample" in shown
    # without P2: eq6 and eta_lt_one lose their proofs (the audit), marked on the map
    breaks = re.search(r'<p id="breaks"[^>]*>(.*?)</p>', dom, re.S).group(1)
    assert breaks.startswith("without P2:") and "eta_lt_one.2" in breaks
    broken = {n for n, v in page.nodes.items() if "broken" in v["class"]}
    assert "chain-eta_lt_one" in broken and "chain-first_factor" not in broken


def test_in_chromium_the_page_renders(arxiv_page, tmp_path):
    """A screenshot: the map is drawn with the verdicts' colours (not a blank or unstyled page)."""
    Image = pytest.importorskip("PIL.Image", reason="Pillow comes with the plot extra, part of the test extra")
    shot = tmp_path / "map.png"
    done = chromium("--window-size=1400,1200", f"--screenshot={shot}", arxiv_page.as_uri() + "#node=first_factor", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    colours = {rgb: n for n, rgb in Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 24)}

    def count(colour: str) -> int:
        return colours.get(tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)), 0)

    assert count(COLOURS["refuted"][0]) > 5000  # six refuted nodes (and the legend)
    assert count(COLOURS["proved"][0]) > 1000  # eta_lt_one
    assert count(COLOURS["premise"][0]) > 1000  # P1, P2, P3
    assert count("#fff3f3") > 1000  # the first_factor panel's counterexample box, shown


def test_cli_writes_the_page(tmp_path):
    out = tmp_path / "p.html"
    done = run_cli("html", str(DERIVATIONS / "pascanu.yaml"), "-o", str(out), "--no-removals")
    assert done.returncode == 0, done.stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert page.nodes and all("verdict-refuted" not in v["class"] for v in page.nodes.values())


@pytest.mark.parametrize("missing", ["package", "dot"])
def test_a_missing_graphviz_says_what_to_install(missing, tmp_path):
    out = tmp_path / "p.html"
    done = run_cli("html", str(DERIVATIONS / "pascanu.yaml"), "-o", str(out), "--no-removals", "--budget", "0",
                   without="graphviz" if missing == "package" else "", env={"PATH": str(tmp_path)} if missing == "dot" else None)  # no `dot` on the path
    assert done.returncode == 2 and not out.exists()
    assert ("pip install 'symbound[html]'" if missing == "package" else "apt-get install graphviz") in done.stderr


def test_in_chromium_real_clicks_select_a_node_and_toggle_a_premise(arxiv_page, tmp_path):
    """The page's own handlers: a click on a node's label, then on the `without P2` checkbox (dispatched
    by a script appended to a copy of the page, as a user's clicks would be)."""
    clicks = ("<script>document.querySelector('#chain-eq6 text').dispatchEvent(new MouseEvent('click', {bubbles: true}));"
              "document.querySelector('input.without[data-premise=\"P2\"]').click();</script></body>")
    page = tmp_path / "clicked.html"
    page.write_text(arxiv_page.read_text(encoding="utf-8").replace("</body>", clicks), encoding="utf-8")
    done = chromium("--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = parse(done.stdout)
    assert "selected" in dom.nodes["chain-eq6"]["class"]
    assert [pid for pid, hidden in dom.panels.items() if not hidden] == ["panel-chain-eq6"]
    shown = panel_text(done.stdout, "panel-chain-eq6")
    assert "eq6.1" in shown and "eq6.2" in shown and "eq6.3" in shown and "submultiplicative" in shown
    assert {n for n, v in dom.nodes.items() if "broken" in v["class"]} == {"chain-eta_lt_one"}


def test_a_missing_graphviz_is_said_before_the_file_is_checked(tmp_path):
    """The extra's absence is reported at once, not after the (seconds-long) check of the file."""
    code = ("import sys, time\nsys.modules['graphviz'] = None\nfrom symbound.cli import main\nt = time.perf_counter()\n"
            "sys.argv = ['symbound', 'html', sys.argv[1], '-o', sys.argv[2]]\ntry:\n    main()\n"
            "finally:\n    print(f'{time.perf_counter() - t:.3f}', file=sys.stderr)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code, str(DERIVATIONS / "pascanu_arxiv.yaml"), str(tmp_path / "p.html")], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2 and "pip install 'symbound[html]'" in done.stderr
    assert float(done.stderr.strip().splitlines()[-1]) < 0.5  # checking pascanu_arxiv takes seconds


def test_the_root_cause_is_set_apart_from_what_rests_on_it(arxiv_report):
    """pascanu_arxiv.yaml: first_factor fails on its own (its link is refuted, citing no failing chain);
    eq6, eta_bound, product, eq7 and the conclusion fail only through it — drawn pale and dashed, and
    saying which chain they rest on; the panels say the same of each link."""
    from symbound.render.proofmap import DOWNSTREAM_FILL, rests_on

    through = rests_on(arxiv_report)
    assert "chain-first_factor" not in through
    assert through["chain-eq6"] == ["first_factor"] and through["chain-product"] == ["eta_bound"]
    assert through["conclusion-conclusion"] == ["product"] and "chain-eta_lt_one" not in through
    dot = graph(arxiv_report)
    first = next(line for line in dot.splitlines() if line.startswith('  "chain-first_factor" ['))
    eq6 = next(line for line in dot.splitlines() if line.startswith('  "chain-eq6" ['))
    assert "root-cause" in first and "root cause" in first and "penwidth=3.4" in first
    assert "downstream" in eq6 and "rests on first_factor" in eq6 and DOWNSTREAM_FILL["refuted"] in eq6 and "dashed" in eq6
    page = render(arxiv_report, None, svg="")
    assert re.search(r'first_factor\.1 <span class="line">line \d+</span> <span class="status">refuted</span> <span class="root-note">root cause</span>', page)
    assert re.search(r'eq6\.2 <span class="line">line \d+</span> <span class="status">refuted</span> <span class="downstream-note">rests on <a [^>]*>first_factor</a>', page)


def test_node_formulas_are_mathml_nodes_take_the_keyboard_and_tooltips_are_words(arxiv_report):
    from symbound.render.layout import layout
    from symbound.render.proofmap import finish

    svg = finish(layout(graph(arxiv_report)), arxiv_report)
    node = re.search(r'<g id="chain&#45;eq6" class="node[^"]*" tabindex="0" role="button" aria-label="chain eq6: [^"]*">.*?</g>\n</g>', svg, re.S).group(0)
    assert "<foreignObject" in node and "<mfrac>" in node and "‖∂x[k + 1]/∂x[k]‖₂" not in node  # typeset, not text
    assert svg.count('tabindex="0"') == len(re.findall(r'class="node', svg))
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert "premise P1 is used by chain eq6, link 2" in titles and "the conclusion follows from chain product" in titles
    assert not [t for t in titles if "&#45;&gt;" in t or re.fullmatch(r"(chain|premise|definition)&#45;\w+", t)]  # no ids
    assert "the definition of λ₁" in svg and "definition lambda_1" not in svg


def test_the_toggles_say_what_breaks_in_words():
    from types import SimpleNamespace

    from symbound.render.html import _toggles

    audit = SimpleNamespace(removals=[SimpleNamespace(premise="P1", breaks=[]),
                                      SimpleNamespace(premise="P2", breaks=[SimpleNamespace(name="eq6.2", chain="eq6")])])
    shown = _toggles(None, audit)
    assert 'title="without premise P1: everything still proved"' in shown and "nothing no longer proved" not in shown
    assert 'title="without premise P2: eq6.2 no longer proved"' in shown


def test_in_chromium_enter_on_a_focused_node_shows_its_panel(arxiv_page, tmp_path):
    """Keyboard only: the node is focused (as Tab does) and Enter pressed, through the page's handler."""
    keys = ("<script>var g=document.getElementById('chain-eq6');g.focus();"
            "g.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));"
            "document.body.setAttribute('data-focused', document.activeElement.id);</script></body>")
    page = tmp_path / "keys.html"
    page.write_text(arxiv_page.read_text(encoding="utf-8").replace("</body>", keys), encoding="utf-8")
    done = chromium("--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = parse(done.stdout)
    assert 'data-focused="chain-eq6"' in done.stdout  # focusable
    assert [pid for pid, hidden in dom.panels.items() if not hidden] == ["panel-chain-eq6"]


def test_hostile_text_stays_text_in_tooltips_labels_and_edges(tmp_path):
    """The texts that become tooltips, aria-labels and panel headings (a chain's, a premise's, a
    definition's) hold markup and quotes: all escaped once the SVG is finished."""
    from symbound import verify
    from symbound.render.layout import layout
    from symbound.render.proofmap import finish

    evil = '\\"><script>alert(1)</script><g onload=x>'
    src = (DERIVATIONS / "pascanu.yaml").read_text(encoding="utf-8")
    for line in ('    text: "eq. (6): ', '    text: "λ₁ is the largest', '    text: "|σ\'(x)| is bounded'):
        src = src.replace(line, line[: line.index('"') + 1] + evil, 1)
    path = tmp_path / "evil.yaml"
    path.write_text(src, encoding="utf-8")
    report = verify(path, search=False, repair=False)
    page = render(report, None, svg=finish(layout(graph(report)), report))
    assert "<script>alert(1)" not in page and "<g onload" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3


LONG = """\
symbols:
  a: {kind: scalar, assume: [positive]}
  b: {kind: scalar, assume: [positive]}
  c: {kind: scalar, assume: [positive]}
  d: {kind: scalar, assume: [positive]}
definitions:
  s: a**2 + 2*a*b + b**2 + c**2 + 2*c*d + d**2 + a*c + b*d + a*d + b*c
premises:
  P1: "a**2 + 2*a*b + b**2 + c**2 + 2*c*d + d**2 + a*c + b*d >= a*b*c*d/(1 + a*b*c*d)"
chains:
  - id: long
    start: (a + b)**2 + (c + d)**2 + a*c + b*d + a*d + b*c + a**2*b**2 + c**2*d**2 + a*b*c*d
    steps:
      - "=": a**2 + 2*a*b + b**2 + c**2 + 2*c*d + d**2 + a*c + b*d + a*d + b*c + a**2*b**2 + c**2*d**2 + a*b*c*d
"""


@pytest.fixture(scope="module")
def long_page(tmp_path_factory):
    """A map whose every formula is longer than a line: the page, its report and its SVG."""
    from symbound import verify
    from symbound.render.layout import layout
    from symbound.render.proofmap import finish

    folder = tmp_path_factory.mktemp("long")
    (folder / "long.yaml").write_text(LONG, encoding="utf-8")
    report = verify(folder / "long.yaml", search=False, repair=False)
    svg = finish(layout(graph(report)), report)
    page = folder / "long.html"
    page.write_text(render(report, None, svg=svg), encoding="utf-8")
    return page, report, svg


def test_every_node_formula_is_mathml_however_long(long_page):
    """No formula is cut (…) or left as Graphviz text: each is MathML over the lines Graphviz sized the node
    for, in pieces cut before the top-level terms, a sign leading a piece kept binary."""
    _, report, svg = long_page
    dot = graph(report)
    assert "…" not in dot
    chain = next(line for line in dot.splitlines() if line.startswith('  "chain-long" ['))
    assert chain.count("\\n") >= 3  # the header and three lines of formula
    nodes = re.findall(r'<g id="([^"]+)" class="node[^"]*".*?</g>\n</g>', svg, re.S)
    assert sorted(unescape(n) for n in nodes) == ["chain-long", "definition-s", "premise-P1"]
    for body in re.findall(r'<g id="[^"]+" class="node[^"]*".*?</g>\n</g>', svg, re.S):
        assert body.count("<foreignObject") == 1, body[:200]
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", body)
        assert not [t for t in texts if "+" in t or ":=" in t], texts  # the formula is not text any more
    long = re.search(r'<g id="chain&#45;long".*?</g>\n</g>', svg, re.S).group(0)
    assert long.count("<math") >= 10 and '<mo form="infix">+</mo>' in long and "&#8203;" in long
    assert float(re.search(r'<foreignObject [^>]*height="([\d.]+)"', long).group(1)) > 3 * 14


def test_in_chromium_a_long_formula_wraps_inside_its_node(long_page, tmp_path):
    """Chromium lays the pieces out on several lines, every one inside the node's box."""
    page, _, _ = long_page
    probe = ("<script>var out=[];document.querySelectorAll('g.node').forEach(function(g){"
             "var box=g.querySelector('path,polygon').getBoundingClientRect();var tops={};"
             "g.querySelectorAll('foreignObject math').forEach(function(m){var r=m.getBoundingClientRect();"
             "tops[Math.round(r.top)]=1;out.push([g.id,r.left>=box.left-1&&r.right<=box.right+1&&r.top>=box.top-1&&r.bottom<=box.bottom+1])});"
             "out.push([g.id+':lines',Object.keys(tops).length])});"
             "document.body.setAttribute('data-probe',JSON.stringify(out));</script></body>")
    probed = tmp_path / "probe.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8")
    done = chromium("--window-size=1400,900", "--dump-dom", probed.as_uri(), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    found = json.loads(unescape(re.search(r'data-probe="([^"]*)"', done.stdout).group(1)))
    inside = [ok for name, ok in found if not name.endswith(":lines")]
    lines = {name[:-6]: n for name, n in found if name.endswith(":lines")}
    assert inside and all(inside), found
    assert lines["chain-long"] >= 3 and lines["premise-P1"] >= 2, lines
