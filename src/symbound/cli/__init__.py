"""The command line: ``symbound verify FILE``, ``check FILE CERT``, ``import PAPER.tex``, ``latex``, ``audit`` and ``lemmas``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Check the inequality derivations of machine-learning papers, step by step, in the paper's notation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: pip install 'symbound[html]' keeps its brackets
)


def _version(value: bool) -> None:
    if value:
        from symbound.version import __version__

        typer.echo(f"symbound {__version__}")
        raise typer.Exit()


def _input_error(exc: Exception) -> None:
    typer.echo(exc.message(), err=True)  # type: ignore[attr-defined]
    raise typer.Exit(2)


@app.command()
def verify(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="A derivation file (YAML, see docs/format.md); or several files and directories (searched for *.yaml, *.yml).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the verdicts as JSON instead of the report.")] = False,
    timeout: Annotated[float, typer.Option(help="Last-resort wall-clock guard: a link is cut short after 6 times this many seconds (the search itself is bounded by steps and instances, so verdicts do not depend on the machine's load).")] = 10.0,
    width: Annotated[Optional[int], typer.Option(help="Width of the terminal report (default: the terminal's).")] = None,
    latex_out: Annotated[Optional[Path], typer.Option("--latex", help="Also write the derivation as LaTeX (an \\input-able fragment) to this file.")] = None,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", min=1, help="With several files: how many to check at once, each in its own process (default: the CPU count).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the counterexample search (the same seed gives the same witnesses).")] = 0,
    budget: Annotated[int, typer.Option(min=0, help="Instances the counterexample search tries for each claim it cannot prove (0: no search).")] = 3000,
    with_removals: Annotated[bool, typer.Option("--audit", help="Also check again without each premise, to show what breaks without it (as `symbound audit`).")] = False,
    output_format: Annotated[str, typer.Option("--format", help="text (the report, default) or github: GitHub Actions annotations (::error file=…,line=…::…) for every step not proved.")] = "text",
    no_cache: Annotated[bool, typer.Option("--no-cache", envvar="SYMBOUND_NO_CACHE", help="Check again even when the verdict cache holds this file's report (and do not store it).")] = False,
    cache_dir: Annotated[Optional[Path], typer.Option("--cache-dir", envvar="SYMBOUND_CACHE_DIR", help="Where the verdict cache lives (default: $XDG_CACHE_HOME/symbound or ~/.cache/symbound).")] = None,
    certificate_out: Annotated[Optional[Path], typer.Option("--certificate", help="Also write every proved verdict's proof term (JSON) to this file, for `symbound check FILE CERT`.")] = None,
    symbols: Annotated[Optional[Path], typer.Option("--symbols", help="For a paper's .tex: the derivation file whose symbols (and macros, model, definitions, premises) the draft takes, as `symbound import --symbols`.")] = None,
) -> None:
    """Check every link of every chain, and the conclusion.

    Exit status: 0 when everything is proved, 1 when a link or the conclusion is refuted, unproved
    or cites a lemma that does not justify it, 2 when the file has a mistake. With several files
    (or a directory): one line per file and a summary; the exit status is the worst of the files.
    A file checked before, unchanged, with the same options and the same symbound, is answered from
    the verdict cache (src/symbound/check/cache.py), printing exactly what the check printed.
    """
    from symbound.check import cache

    store = None if no_cache else cache.Store(cache_dir)  # verdicts, proofs, and each file's last time
    files = [_drafted(f, symbols) if f.suffix == ".tex" else f for f in files]  # a paper: import, then verify the draft
    if output_format != "text":
        _verify_github(files, output_format, timeout, jobs, store, seed=seed, budget=budget, search=budget > 0)
        return
    if certificate_out is not None and (len(files) != 1 or files[0].is_dir()):
        typer.echo("symbound: --certificate takes one file", err=True)
        raise typer.Exit(2)
    if len(files) != 1 or files[0].is_dir():
        _verify_many(files, json_out, timeout, latex_out, jobs, store, seed=seed, budget=budget, search=budget > 0)
        return
    file = files[0]
    options = {"command": "verify", "json": json_out, "timeout": timeout, "latex": latex_out is not None,
               "seed": seed, "budget": budget, "audit": with_removals}
    if not json_out:
        options["console"] = cache.console_signature(width)
    k = ""
    if store is not None:
        try:
            k = cache.key(file.read_bytes(), str(file), options)
        except OSError:
            store = None  # not cached: the reader reports the file it cannot read
    outcome = store.get(k) if store is not None and certificate_out is None else None  # a certificate needs the proofs
    if outcome is None:
        outcome, settled = _verify_outcome(file, json_out, timeout, width, latex_out is not None, seed, budget, with_removals, store,
                                           certificate_out)
        if store is not None and settled:
            store.put(k, outcome)
    if latex_out is not None and outcome.latex is not None:
        _write(latex_out, outcome.latex)
    sys.stdout.write(outcome.stdout)
    sys.stdout.flush()
    sys.stderr.write(outcome.stderr)
    raise typer.Exit(outcome.code)


def _verify_outcome(file: Path, json_out: bool, timeout: float, width: Optional[int], latex: bool, seed: int,
                    budget: int, with_removals: bool, store=None, certificate_out: Optional[Path] = None):  # type: ignore[no-untyped-def]
    """Check one file: what to print (the report, or the input error) and the LaTeX for --latex, and
    whether it is settled (no verdict cut short by a wall-clock limit: worth caching).  ``store``: the
    verdict cache, whose per-link proofs are replayed through the kernel; ``certificate_out``: where to
    write the proved verdicts' proof terms."""
    from symbound.api import verify as run
    from symbound.check.cache import Outcome, settled
    from symbound.errors import InputError

    try:
        report = run(file, timeout=timeout, seed=seed, budget=budget, search=budget > 0, cache=store)
    except InputError as exc:
        return Outcome("", exc.message() + "\n", 2), True
    if certificate_out is not None:
        import json

        from symbound.check.certificate import certificate

        _write(certificate_out, json.dumps(certificate(report), ensure_ascii=False) + "\n")
    from symbound.passes.audit import audit_for_verify

    audit = audit_for_verify(report, timeout=timeout, removals=with_removals)
    latex_text = None
    if latex:
        from symbound.render.latex import render as render_latex

        latex_text = render_latex(report, audit)
    if json_out:
        import json

        from symbound.render.json import audit_data, to_data

        data = to_data(report)
        data["audit"] = audit_data(audit)
        stdout = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        from rich.console import Console

        from symbound.render.terminal import render, render_audit, render_summary

        console = Console(width=width or None, highlight=False, markup=False, emoji=False)
        with console.capture() as captured:
            render(report, console, summary=False)
            render_audit(audit, console)
            render_summary(report, console)
        stdout = captured.get()
    from symbound.render.text import conclusion_reason

    reasons = [link.reason for link in report.links] + ([conclusion_reason(report.conclusion)] if report.conclusion else [])
    return Outcome(stdout, "", report.exit_code, latex_text), settled(stdout, latex_text or "", *reasons)


def _verify_many(files: list[Path], json_out: bool, timeout: float, latex_out: Optional[Path], jobs: Optional[int],
                 store: object = None, **options: object) -> None:
    """Several files: each checked in a worker process, one line per file (its failing steps under it), one summary."""
    if latex_out is not None:
        typer.echo("symbound: --latex takes one file; use `symbound latex FILE -o OUT.tex` for each", err=True)
        raise typer.Exit(2)
    from symbound.cli.batch import collect, iter_verify_timed, worst

    lone_empty_folder = len(files) == 1 and files[0].is_dir() and not any(files[0].rglob("*.y*ml"))
    if lone_empty_folder or not collect(files):
        what = f"{files[0]}:1:1: a folder with no *.yaml or *.yml files" if len(files) == 1 else "symbound: no derivation files given"
        typer.echo(f"{what} — name a derivation file, or a folder that holds some", err=True)
        raise typer.Exit(2)
    results = []
    for result in iter_verify_timed(files, store, jobs=jobs, timeout=timeout, **options):
        results.append(result)
        if not json_out:
            typer.echo(_file_line(result))
    code = worst(results)
    if json_out:
        import json

        from symbound.render.json import to_data

        data = {
            "files": [{"file": r.path, "exit_code": r.exit_code, "error": r.error,
                       "report": to_data(r.report) if r.report is not None else None} for r in results],
            "exit_code": code,
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(_batch_summary(results))
    raise typer.Exit(code)


def _verify_github(files: list[Path], output_format: str, timeout: float, jobs: Optional[int], store: object = None,
                   **options: object) -> None:
    """--format github: one workflow command a step that is not proved (or a file's mistake), one count line a file."""
    if output_format != "github":
        typer.echo(f"symbound: unknown --format {output_format!r} — use text or github", err=True)
        raise typer.Exit(2)
    from symbound.cli.batch import iter_verify_timed, worst
    from symbound.cli.watch import annotations

    results = []
    for result in iter_verify_timed(files, store, jobs=jobs, timeout=timeout, **options):
        results.append(result)
        for line in annotations(result.path, result.report, result.error):
            typer.echo(line)
        typer.echo(f"{result.path}: {result.report.counts_text() if result.report is not None else 'not checked'}")
    if not results:
        typer.echo("::error title=symbound::no derivation files given")
        raise typer.Exit(2)
    raise typer.Exit(worst(results))


_FILE_MARK = {0: "✓ proved  ", 1: "✗ failed  ", 2: "! error   "}


def _file_line(result) -> str:  # type: ignore[no-untyped-def]
    """One file: its verdict and counts, then one indented line per link (or conclusion) that is not proved."""
    if result.report is None:
        return f"{_FILE_MARK[2]}{result.error}"
    from symbound.render.text import Notation, conclusion_reason, witness_summary

    report = result.report
    nt = Notation(report.derivation)
    out = [f"{_FILE_MARK[result.exit_code]}{result.path}  {report.counts_text()}"]
    for link in report.links:
        if link.status != "proved" or link.miscited:
            what = link.status + (" (miscited)" if link.miscited else "")
            reason = link.reason + (f": {witness_summary(link.witness, nt)}" if link.witness is not None else "")
            out.append(f"    {result.path}:{link.line}: {link.chain}.{link.index} {what}: {_first_line(reason)}")
    c = report.conclusion
    if c is not None and c.status != "proved":
        out.append(f"    {result.path}:{c.line}: conclusion {c.status}: {_first_line(conclusion_reason(c, nt))}")
    return "\n".join(out)


def _first_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 160 else text[:157] + "..."


def _batch_summary(results: list) -> str:
    n = len(results)
    ok = sum(1 for r in results if r.exit_code == 0)
    failed = sum(1 for r in results if r.exit_code == 1)
    bad = sum(1 for r in results if r.exit_code == 2)
    links = [link for r in results if r.report is not None for link in r.report.links]
    from symbound.values import counts_line

    return (f"{n} file{'s' if n != 1 else ''}: {ok} proved, {failed} not proved, {bad} with mistakes; "
            + counts_line([link.status for link in links], ("links", "links")))


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"symbound: cannot write {path}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None


def _read(file: Path, timeout: float):  # type: ignore[no-untyped-def]
    from symbound.api import verify as run
    from symbound.errors import InputError

    try:
        return run(file, timeout=timeout)
    except InputError as exc:
        _input_error(exc)


@app.command("import")
def import_(
    paper: Annotated[Path, typer.Argument(metavar="PAPER.tex", help="The paper's LaTeX source (its \\input files under its folder are followed).")],
    symbols: Annotated[Optional[Path], typer.Option("--symbols", help="A derivation file whose symbols (and macros, model, definitions, premises) the draft takes instead of guessing.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the draft here (default: standard output).")] = None,
) -> None:
    """Draft a derivation file from a paper's LaTeX: one chain per display whose rows are linked by
    relations (id: the row's \\label), each link with its .tex line; the paper's macros; symbols inferred
    (confirm each) or taken from --symbols; the formulas of sentences that assume something, as
    commented premises. Exit status 0 when written, 2 when the paper cannot be read.
    """
    from symbound.errors import InputError
    from symbound.read.texdraft import draft

    try:
        text = draft(paper, symbols)
    except InputError as exc:
        _input_error(exc)
    except OSError as exc:
        typer.echo(f"symbound: cannot read {exc.filename}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write(output, text)


def _drafted(paper: Path, symbols: Optional[Path]) -> Path:
    """The draft of ``paper`` (`symbound import`), written to a temporary folder to be verified."""
    import tempfile

    from symbound.errors import InputError
    from symbound.read.texdraft import draft

    try:
        text = draft(paper, symbols)
    except InputError as exc:
        _input_error(exc)
    except OSError as exc:
        typer.echo(f"symbound: cannot read {exc.filename}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    path = Path(tempfile.mkdtemp(prefix="symbound-import-")) / f"{paper.stem}.yaml"
    path.write_text(text, encoding="utf-8")
    typer.echo(f"symbound: verifying the draft of {paper} ({path})", err=True)
    return path


@app.command()
def latex(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the LaTeX here (default: standard output).")] = None,
    standalone: Annotated[bool, typer.Option("--standalone", help="A complete document that compiles on its own, instead of a fragment for \\input.")] = False,
    colour: Annotated[bool, typer.Option("--colour/--no-colour", help="Colour refuted and unproved steps (needs xcolor); the marks read in black and white either way.")] = True,
    timeout: Annotated[float, typer.Option(help="Last-resort wall-clock guard: a link is cut short after 6 times this many seconds (the search itself is bounded by steps and instances, so verdicts do not depend on the machine's load).")] = 10.0,
    justifications: Annotated[bool, typer.Option("--justifications/--no-justifications", help="Print what each step follows from under it.")] = True,
    remarks: Annotated[bool, typer.Option("--remarks/--no-remarks", help="Print the remarks (counterexamples, notes) under each chain.")] = True,
    with_audit: Annotated[bool, typer.Option("--audit/--no-audit", help="End with the table of what each step depends on.")] = True,
    label_prefix: Annotated[Optional[str], typer.Option(help="Prefix of the chains' \\label names (default symbound:<file stem>), for \\eqref.")] = None,
) -> None:
    """Write the derivation as a paper would print it, with every step's justification and verdict.

    The fragment (default) needs amsmath and amssymb (and xcolor unless --no-colour). Exit status 0
    when written (whatever the verdicts), 2 when the file has a mistake.
    """
    from symbound.passes.audit import audit_for_verify
    from symbound.render.latex import Options
    from symbound.render.latex import render as render_latex

    report = _read(file, timeout)
    options = Options(justifications=justifications, remarks=remarks, audit=with_audit, label_prefix=label_prefix)
    text = render_latex(report, audit_for_verify(report, timeout=timeout) if with_audit else None, standalone=standalone, colour=colour, options=options)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write(output, text)


@app.command()
def audit(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the audit as JSON.")] = False,
    timeout: Annotated[float, typer.Option(help="Last-resort wall-clock guard: a link is cut short after 6 times this many seconds (the search itself is bounded by steps and instances, so verdicts do not depend on the machine's load).")] = 10.0,
    width: Annotated[Optional[int], typer.Option(help="Width of the terminal report (default: the terminal's).")] = None,
    search: Annotated[bool, typer.Option("--search", help="Also search for counterexamples in every re-check (slower): says which steps become refuted, not only unproved.")] = False,
    seed: Annotated[Optional[int], typer.Option(help="With --search: the seed of the counterexample search.")] = None,
    budget: Annotated[Optional[int], typer.Option(help="With --search: instances tried per step.")] = None,
) -> None:
    """For reviewers: what every step rests on, unused premises, and what breaks without each premise.

    Each premise is removed in turn and the derivation checked again (by the prover; with --search
    also by the counterexample search). Exit status 0 (2 when the file has a mistake).
    """
    from symbound.passes.audit import audit as run_audit

    report = _read(file, timeout)
    result = run_audit(report, removals=True, timeout=timeout, search=search, seed=seed, budget=budget)
    if json_out:
        import json

        from symbound.render.json import audit_data

        typer.echo(json.dumps({"file": report.path, **audit_data(result)}, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.text import Text

    from symbound.render.terminal import render_audit

    console = Console(width=width or None, highlight=False, markup=False, emoji=False)
    console.print(Text(f"symbound audit · {report.path}", style="bold"))
    if report.title:
        console.print(report.title)
    render_audit(result, console)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="The derivation file (YAML) the certificate is about.")],
    cert: Annotated[Path, typer.Argument(metavar="CERT", help="A certificate written by `symbound verify FILE --certificate CERT`.")],
) -> None:
    """Replay a certificate's proof terms in a fresh kernel, without the search: the proved verdicts it confirms
    (with what each trusts beyond the kernel) and the steps it rejects.

    Exit status 0 when every step is confirmed, 1 when one is rejected or missing, 2 when the file or the certificate
    cannot be read.
    """
    import json

    from symbound.check.certificate import read_certificate
    from symbound.errors import InputError
    from symbound.kernel.replay import replay
    from symbound.read.derivation import read

    try:
        derivation = read(file)
    except InputError as exc:
        _input_error(exc)
    try:
        data = json.loads(cert.read_text(encoding="utf-8"))
        steps, assumed = read_certificate(data)
        left_out = [str(step) for step in data.get("left_out", [])]  # proved, but its term could not be encoded
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, AttributeError, TypeError) as exc:
        typer.echo(f"{cert}: not a certificate symbound can read: {exc}", err=True)
        raise typer.Exit(2) from None
    again = replay(derivation, steps, assumed)
    confirmed = [(step, t) for step, t in again.links.items()] + [(cid, t) for cid, t in again.chains.items()]
    confirmed += [("conclusion", again.conclusion)] if again.conclusion is not None else []
    for step, t in confirmed:
        trusts = "; trusts " + ", ".join(sorted(t.trusts)) if t.trusts else ""
        typer.echo(f"confirmed  {step}{trusts}")
    for step, why in again.rejected.items():
        typer.echo(f"rejected   {step}: {why}")
    for step in left_out:
        typer.echo(f"missing    {step}: proved by verify, but its proof term could not be written")
    typer.echo(f"{len(again.links)} links, {len(again.chains)} chains{', the conclusion' if again.conclusion is not None else ''} "
               f"confirmed; {len(again.rejected)} rejected" + (f", {len(left_out)} missing" if left_out else ""))
    raise typer.Exit(1 if again.rejected or left_out else 0)


@app.command()
def lemmas(
    latex_out: Annotated[bool, typer.Option("--latex", help="Print the catalogue as LaTeX.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as Markdown (docs/lemmas.md is this).")] = False,
    standalone: Annotated[bool, typer.Option("--standalone", help="With --latex: a complete document.")] = False,
) -> None:
    """List the lemma library: name, statement, hypotheses, reference."""
    from symbound.render import catalogue

    if latex_out and markdown:
        typer.echo("symbound: choose one of --latex and --markdown", err=True)
        raise typer.Exit(2)
    if latex_out:
        typer.echo(catalogue.latex(standalone=standalone), nl=False)
    elif markdown:
        typer.echo(catalogue.markdown(), nl=False)
    else:
        typer.echo(catalogue.text(), nl=False)


@app.command()
def init(
    file: Annotated[Path, typer.Argument(help="Where to write the starting derivation (YAML).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> None:
    """Write a commented starting derivation (symbols, a premise, one chain, a conclusion) that verifies."""
    from symbound.cli.starter import STARTER

    if file.exists() and not force:
        typer.echo(f"symbound: {file} exists; pass --force to overwrite it", err=True)
        raise typer.Exit(2)
    _write(file, STARTER)
    typer.echo(f"wrote {file}; check it with: symbound verify {file}")


@app.command()
def html(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write the page (default: FILE with .html).")] = None,
    timeout: Annotated[float, typer.Option(help="Last-resort wall-clock guard: a link is cut short after 6 times this many seconds (the search itself is bounded by steps and instances, so verdicts do not depend on the machine's load).")] = 10.0,
    seed: Annotated[int, typer.Option(help="Seed of the counterexample search.")] = 0,
    budget: Annotated[int, typer.Option(min=0, help="Instances the counterexample search tries for each claim.")] = 3000,
    removals: Annotated[bool, typer.Option("--removals/--no-removals", help="Check again without each premise, for the page's per-premise toggles (a check a premise).")] = True,
) -> None:
    """Write one self-contained HTML page: the proof map (Graphviz), click a node for its links, proofs,
    counterexamples and repairs; a toggle per premise shows what breaks without it. Works offline.

    Needs Graphviz's `dot` (pip install 'symbound[html]' and your system's graphviz package).
    Exit status 0 when written (whatever the verdicts), 2 when the file has a mistake or dot is missing.
    """
    _html_command(file, output, timeout, seed, budget, removals)


def _html_command(file: Path, output: Optional[Path], timeout: float, seed: int, budget: int, removals: bool) -> None:
    from symbound.render.layout import GraphvizMissing, require_graphviz

    try:
        require_graphviz()  # before the (seconds-long) check of the file
    except GraphvizMissing as exc:
        typer.echo(f"symbound: {exc}", err=True)
        raise typer.Exit(2) from None
    from symbound.api import verify as run
    from symbound.errors import InputError
    from symbound.passes.audit import audit as run_audit
    from symbound.render.html import render as render_html

    try:
        report = run(file, timeout=timeout, seed=seed, budget=budget, search=budget > 0)
    except InputError as exc:
        _input_error(exc)
        return
    result = run_audit(report, removals=removals, timeout=timeout)
    try:
        page = render_html(report, result)
    except GraphvizMissing as exc:
        typer.echo(f"symbound: {exc}", err=True)
        raise typer.Exit(2) from None
    target = output if output is not None else file.with_suffix(".html")
    _write(target, page)
    typer.echo(f"wrote {target} ({report.counts_text()})")


@app.command()
def witness(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    step: Annotated[str, typer.Argument(metavar="LINK_OR_CONCLUSION", help="A refuted link as chain.index (e.g. first_factor.1), or 'conclusion'.")],
    script_out: Annotated[Path, typer.Option("--script", help="Write the standalone numpy script here.")],
    plot_out: Annotated[Optional[Path], typer.Option("--plot", help="For a refuted limit: also draw the quantity against the claimed bound (needs matplotlib: pip install 'symbound[plot]').")] = None,
    timeout: Annotated[float, typer.Option(help="Last-resort wall-clock guard: a link is cut short after 6 times this many seconds (the search itself is bounded by steps and instances, so verdicts do not depend on the machine's load).")] = 10.0,
    seed: Annotated[int, typer.Option(help="Seed of the counterexample search.")] = 0,
    budget: Annotated[int, typer.Option(min=1, help="Instances the counterexample search tries for each claim.")] = 3000,
) -> None:
    """Write a counterexample as a standalone numpy script that rebuilds the witness, checks every premise
    and shows the claim failing.

    The script's exit status: 0 the claim holds (not reproduced), 1 the premises hold and the claim
    fails (reproduced), 2 a premise fails. This command's: 0 written, 1 the step has no counterexample,
    2 the file has a mistake, the step names no link of the file, or an extra is missing.
    """
    _witness_command(file, step, script_out, plot_out, timeout, seed, budget)


def _witness_command(file: Path, step: str, script_out: Path, plot_out: Optional[Path], timeout: float, seed: int, budget: int) -> None:
    import subprocess

    from symbound.api import verify as run
    from symbound.errors import InputError
    from symbound.errors import UnknownStep, WitnessScriptError
    from symbound.render.script import script
    from symbound.passes.reproduce import claim

    try:
        report = run(file, timeout=timeout, seed=seed, budget=budget, repair=False)
    except InputError as exc:
        _input_error(exc)
        return
    try:
        text = script(report, step, claim(report, step))
    except WitnessScriptError as exc:
        typer.echo(f"symbound: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, UnknownStep) else 1) from None
    if plot_out is not None:
        if step != "conclusion" or "def plot(" not in text:
            typer.echo("symbound: --plot draws a refuted limit (the conclusion `tends_to_zero`); give LINK_OR_CONCLUSION = conclusion", err=True)
            raise typer.Exit(2)
        try:
            import matplotlib  # noqa: F401 - only whether it is installed
        except ImportError:
            typer.echo("symbound: --plot needs matplotlib: pip install 'symbound[plot]'", err=True)
            raise typer.Exit(2) from None
    _write(script_out, text)
    typer.echo(f"wrote {script_out}; run it with: python {script_out}")
    if plot_out is not None:
        done = subprocess.run([sys.executable, str(script_out), "--plot", str(plot_out)], capture_output=True, text=True, check=False)
        if not plot_out.exists():
            typer.echo(f"symbound: the plot was not written: {done.stderr.strip()[-500:]}", err=True)
            raise typer.Exit(2)
        typer.echo(f"wrote {plot_out}")


@app.command()
def watch(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Derivation files, or folders holding some.")],
    timeout: Annotated[float, typer.Option(help="Last-resort wall-clock guard: a link is cut short after 6 times this many seconds (the search itself is bounded by steps and instances, so verdicts do not depend on the machine's load).")] = 10.0,
    seed: Annotated[int, typer.Option(help="Seed of the counterexample search.")] = 0,
    budget: Annotated[int, typer.Option(min=0, help="Instances the counterexample search tries for each claim (0: no search, quicker).")] = 3000,
) -> None:
    """Check the files, then again on every save, printing only what changed (Ctrl-C to stop).

    Needs the watch extra: pip install 'symbound[watch]'.
    """
    _watch_command(files, timeout, seed, budget)


def _watch_command(files: list[Path], timeout: float, seed: int, budget: int) -> None:
    from symbound.cli.watch import watch as run_watch

    try:
        run_watch(files, emit=typer.echo, timeout=timeout, seed=seed, budget=budget, search=budget > 0)
    except (RuntimeError, ValueError) as exc:
        typer.echo(f"symbound: {exc}", err=True)
        raise typer.Exit(2) from None


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print symbound's version and exit.")] = False,
) -> None:
    """symbound checks inequality derivations against a library of named lemmas."""


def main(args: Optional[list[str]] = None) -> None:
    """The console script: typer's command, its plain parameters converted without pydantic (cli_params)."""
    from typer.main import get_command

    from symbound.cli.params import lighten
    from symbound.cli.startup import without_units

    try:
        with without_units():
            lighten(get_command(app))(args=args)
    except RecursionError:  # pragma: no cover - last line of defence; inputs are bounded before this
        typer.echo("symbound: input too deeply nested", err=True)
        sys.exit(2)
