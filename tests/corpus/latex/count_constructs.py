#!/usr/bin/env python3
"""Count the LaTeX constructs of the excerpts: in display environments, in the whole files, and the files using them.

    python tests/corpus/latex/count_constructs.py     (prints the Markdown table of README.md)
Counts are of the source as written (a macro's body in the preamble counts once; its uses count as the macro).
"""
import pathlib, re

here = pathlib.Path(__file__).parent
C = [  # (label, regex)
 ("`\\begin{align}`", r"\\begin\{align\}"), ("`\\begin{align*}`", r"\\begin\{align\*\}"),
 ("`\\begin{equation}`", r"\\begin\{equation\}"), ("`\\begin{equation*}`", r"\\begin\{equation\*\}"),
 ("`&` alignment (`&=`, `&\\le` ...)", r"&\s*(=|\\le|\\ge|<|>)"), ("`\\\\` row break", r"\\\\(?![a-zA-Z])"),
 ("`\\nonumber`", r"\\nonumber"), ("`\\label{...}`", r"\\label\{"), ("`\\eqref{...}` / `~\\eqref`", r"\\eqref\{"),
 ("`\\left\\|` … `\\right\\|`", r"\\left\\\|"), ("`\\|` (bare double bar)", r"(?<!\\left)(?<!\\right)(?<!\\Bigl)(?<!\\Bigr)\\\|"),
 ("`\\Bigl\\|` … `\\Bigr\\|`", r"\\Bigl\\\|"), ("`\\lVert` … `\\rVert`", r"\\lVert"),
 ("`\\left(` … `\\right)`", r"\\left\("), ("norm subscript `_2`", r"(\\\||\\right\\\||\\rVert|\\Bigr\\\||\})_2"),
 ("norm subscript `_p`", r"(\\\||\})_p"), ("norm subscript `_\\infty`", r"\\\|_\\infty"), ("`_{\\sigma}` norm subscript", r"_\{\\sigma\}"),
 ("power of a norm `\\|…\\|_2^{T-t}`, `_2^{\\,t}`", r"_2\^"),
 ("`^T` (transpose as a letter)", r"\^T(?![a-zA-Z{])"), ("`^{\\top}` / `^\\top`", r"\^\{?\\top"), ("`^{\\mathsf T}`", r"\\mathsf\s*\{?T"),
 ("`\\mathbf{...}`", r"\\mathbf\{"), ("`\\boldsymbol{...}`", r"\\boldsymbol\{"), ("`\\bm{...}`", r"\\bm\{"),
 ("`\\mathcal{...}`", r"\\mathcal\{"), ("`\\mathbb{...}`", r"\\mathbb\{"), ("`\\tilde{...}`", r"\\tilde\{"),
 ("`\\operatorname{diag}`", r"\\operatorname\{diag\}"), ("`\\text{diag}`", r"\\text\{diag\}"),
 ("`\\diag` (a macro)", r"\\diag(?![a-zA-Z])"), ("`\\DeclareMathOperator`", r"\\DeclareMathOperator"),
 ("`\\operatorname{...}` (any)", r"\\operatorname\{"),
 ("`\\prod_{...}^{...}`", r"\\prod_"), ("`\\sum`", r"\\sum"), ("`\\max`", r"\\max"),
 ("`\\frac{\\partial …}{\\partial …}`", r"\\frac\{\\partial"), ("`\\frac{...}{...}` (any)", r"\\frac\{"),
 ("`\\sqrt{...}`", r"\\sqrt\{"),
 ("`\\newcommand` with arguments (`[1]`)", r"\\newcommand\{\\[a-zA-Z]+\}\[\d\]"), ("`\\newcommand` without arguments", r"\\newcommand\{\\[a-zA-Z]+\}\{"),
 ("`\\def\\X{...}`", r"\\def\\[a-zA-Z]+"),
 ("`=`", r"(?<![<>\\])=(?!=)"), ("`\\leq`", r"\\leq(?![a-zA-Z])"), ("`\\le`", r"\\le(?![a-zA-Z])"), ("`\\geq`", r"\\geq(?![a-zA-Z])"),
 ("`\\ge`", r"\\ge(?![a-zA-Z])"), ("`<`", r"(?<!\\)<"), ("`>`", r"(?<![\\-])>"),
 ("`\\cdot` / `\\cdots`", r"\\cdots?(?![a-zA-Z])"), ("`\\,` thin space", r"\\,"), ("`\\qquad`", r"\\qquad"), ("`~` tie", r"~"),
 ("`\\sigma'` / `\\tanh'` (derivative prime)", r"(\\sigma|\\tanh|\\M)'"),
 ("`\\tanh`", r"\\tanh(?![a-zA-Z])"), ("`\\sigma`", r"\\sigma(?![a-zA-Z])"), ("`\\rho`", r"\\rho(?![a-zA-Z])"),
 ("`\\lambda`", r"\\lambda(?![a-zA-Z])"), ("`\\alpha`, `\\beta`", r"\\(alpha|beta)(?![a-zA-Z])"), ("`\\odot`", r"\\odot"),
 ("`\\circ`", r"\\circ(?![a-zA-Z])"), ("`\\Lambda_p^{(f)}` (sub- and superscript together)", r"_p\^\{"),
 ("prime on a variable (`h'`, `x'`)", r"(?<![\\a-zA-Z])[a-zA-Z]'"), ("`\\neq`", r"\\neq"), ("`\\in`", r"\\in(?![a-zA-Z])"),
]
files = sorted(here.glob("*.tex"))
disp_re = re.compile(r"\\begin\{(align\*?|equation\*?)\}.*?\\end\{\1\}", re.S)
rows = []
for label, rx in C:
    r = re.compile(rx)
    nd = nt = nf = 0
    for f in files:
        s = f.read_text()
        body = s.split("\\begin{document}", 1)[1]
        d = sum(len(r.findall(m.group(0))) for m in disp_re.finditer(body))
        t = len(r.findall(s))
        nd += d; nt += t; nf += t > 0
    rows.append((label, nd, nt, nf))
print("| construct | in displays | in the files (text, preamble too) | files |")
print("| --- | ---: | ---: | ---: |")
for label, nd, nt, nf in rows:
    print(f"| {label} | {nd} | {nt} | {nf} |")

# the authors' macros: definitions and uses inside displays
print()
print("| file | macro definitions (preamble) | uses in displays |")
print("| --- | --- | --- |")
defre = re.compile(r"\\(?:newcommand\{(\\[a-zA-Z]+)\}(\[\d\])?|def(\\[a-zA-Z]+)|DeclareMathOperator\{(\\[a-zA-Z]+)\})")
for f in files:
    s = f.read_text()
    pre, body = s.split("\\begin{document}", 1)
    defs = []
    for m in defre.finditer(pre):
        name = m.group(1) or m.group(3) or m.group(4)
        defs.append((name, (m.group(2) or "").strip("[]")))
    disp = "".join(m.group(0) for m in disp_re.finditer(body))
    uses = {n: len(re.findall(re.escape(n) + r"(?![a-zA-Z])", disp)) for n, _ in defs}
    d = ", ".join(f"`{n}`" + (f" ({a} arg)" if a else "") for n, a in defs)
    u = ", ".join(f"`{n}` ×{k}" for n, k in uses.items() if k)
    print(f"| {f.stem} | {d} | {u or '—'} |")
