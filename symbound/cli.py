"""The command line: ``symbound verify FILE``, ``latex``, ``audit`` and ``lemmas``."""

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
)


def _input_error(exc: Exception) -> None:
    typer.echo(exc.message(), err=True)  # type: ignore[attr-defined]
    raise typer.Exit(2)


@app.command()
def verify(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="A derivation file (YAML, see docs/format.md); or several files and directories (searched for *.yaml, *.yml).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the verdicts as JSON instead of the report.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds of search allowed for each link.")] = 10.0,
    width: Annotated[Optional[int], typer.Option(help="Width of the terminal report (default: the terminal's).")] = None,
    latex_out: Annotated[Optional[Path], typer.Option("--latex", help="Also write the derivation as LaTeX (an \\input-able fragment) to this file.")] = None,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", min=1, help="With several files: how many to check at once, each in its own process (default: the CPU count).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the counterexample search (the same seed gives the same witnesses).")] = 0,
    budget: Annotated[int, typer.Option(min=0, help="Instances the counterexample search tries for each claim it cannot prove (0: no search).")] = 3000,
    with_removals: Annotated[bool, typer.Option("--audit", help="Also check again without each premise, to show what breaks without it (as `symbound audit`).")] = False,
) -> None:
    """Check every link of every chain, and the conclusion.

    Exit status: 0 when everything is proved, 1 when a link or the conclusion is refuted, unproved
    or cites a lemma that does not justify it, 2 when the file has a mistake. With several files
    (or a directory): one line per file and a summary; the exit status is the worst of the files.
    """
    if len(files) != 1 or files[0].is_dir():
        _verify_many(files, json_out, timeout, latex_out, jobs, seed=seed, budget=budget, search=budget > 0)
        return
    file = files[0]
    from .api import verify as run
    from .errors import InputError

    try:
        report = run(file, timeout=timeout, seed=seed, budget=budget, search=budget > 0)
    except InputError as exc:
        _input_error(exc)
        return
    from .audit import audit_for_verify

    audit = audit_for_verify(report, timeout=timeout, removals=with_removals)
    if latex_out is not None:
        from .render.latex import render as render_latex

        _write(latex_out, render_latex(report, audit))
    if json_out:
        import json

        from .audit import to_data as audit_data
        from .render.json import to_data

        data = to_data(report)
        data["audit"] = audit_data(audit)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        from .audit import render_terminal as render_audit
        from .render.terminal import render, render_summary

        console = Console(width=width or None, highlight=False, markup=False, emoji=False)
        render(report, console, summary=False)
        render_audit(audit, console)
        render_summary(report, console)
    raise typer.Exit(report.exit_code)


def _verify_many(files: list[Path], json_out: bool, timeout: float, latex_out: Optional[Path], jobs: Optional[int], **options: object) -> None:
    """Several files: each checked in a worker process, one line per file (its failing steps under it), one summary."""
    if latex_out is not None:
        typer.echo("symbound: --latex takes one file; use `symbound latex FILE -o OUT.tex` for each", err=True)
        raise typer.Exit(2)
    from .batch import collect, iter_verify, worst

    lone_empty_folder = len(files) == 1 and files[0].is_dir() and not any(files[0].rglob("*.y*ml"))
    if lone_empty_folder or not collect(files):
        what = f"{files[0]}:1:1: a folder with no *.yaml or *.yml files" if len(files) == 1 else "symbound: no derivation files given"
        typer.echo(f"{what} — name a derivation file, or a folder that holds some", err=True)
        raise typer.Exit(2)
    results = []
    for result in iter_verify(files, jobs=jobs, timeout=timeout, **options):
        results.append(result)
        if not json_out:
            typer.echo(_file_line(result))
    code = worst(results)
    if json_out:
        import json

        from .render.json import to_data

        data = {
            "files": [{"file": r.path, "exit_code": r.exit_code, "error": r.error,
                       "report": to_data(r.report) if r.report is not None else None} for r in results],
            "exit_code": code,
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(_batch_summary(results))
    raise typer.Exit(code)


_FILE_MARK = {0: "✓ proved  ", 1: "✗ failed  ", 2: "! error   "}


def _file_line(result) -> str:  # type: ignore[no-untyped-def]
    """One file: its verdict and counts, then one indented line per link (or conclusion) that is not proved."""
    if result.report is None:
        return f"{_FILE_MARK[2]}{result.error}"
    report = result.report
    out = [f"{_FILE_MARK[result.exit_code]}{result.path}  {report.counts_text()}"]
    for link in report.links:
        if link.status != "proved" or link.miscited:
            what = link.status + (" (miscited)" if link.miscited else "")
            reason = link.reason + (f": {link.witness.summary}" if link.witness is not None else "")
            out.append(f"    {result.path}:{link.line}: {link.chain}.{link.index} {what}: {_first_line(reason)}")
    c = report.conclusion
    if c is not None and c.status != "proved":
        out.append(f"    {result.path}:{c.line}: conclusion {c.status}: {_first_line(c.reason)}")
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
    statuses = [link.status for link in links]
    return (f"{n} file{'s' if n != 1 else ''}: {ok} proved, {failed} not proved, {bad} with mistakes; "
            f"{len(links)} links: {statuses.count('proved')} proved, {statuses.count('refuted')} refuted, {statuses.count('unproved')} unproved")


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"symbound: cannot write {path}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None


def _read(file: Path, timeout: float):  # type: ignore[no-untyped-def]
    from .api import verify as run
    from .errors import InputError

    try:
        return run(file, timeout=timeout)
    except InputError as exc:
        _input_error(exc)


@app.command()
def latex(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the LaTeX here (default: standard output).")] = None,
    standalone: Annotated[bool, typer.Option("--standalone", help="A complete document that compiles on its own, instead of a fragment for \\input.")] = False,
    colour: Annotated[bool, typer.Option("--colour/--no-colour", help="Colour refuted and unproved steps (needs xcolor); the marks read in black and white either way.")] = True,
    timeout: Annotated[float, typer.Option(help="Seconds of search allowed for each link.")] = 10.0,
    justifications: Annotated[bool, typer.Option("--justifications/--no-justifications", help="Print what each step follows from under it.")] = True,
    remarks: Annotated[bool, typer.Option("--remarks/--no-remarks", help="Print the remarks (counterexamples, notes) under each chain.")] = True,
    with_audit: Annotated[bool, typer.Option("--audit/--no-audit", help="End with the table of what each step depends on.")] = True,
    label_prefix: Annotated[Optional[str], typer.Option(help="Prefix of the chains' \\label names (default symbound:<file stem>), for \\eqref.")] = None,
) -> None:
    """Write the derivation as a paper would print it, with every step's justification and verdict.

    The fragment (default) needs amsmath and amssymb (and xcolor unless --no-colour). Exit status 0
    when written (whatever the verdicts), 2 when the file has a mistake.
    """
    from .audit import audit_for_verify
    from .render.latex import Options
    from .render.latex import render as render_latex

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
    timeout: Annotated[float, typer.Option(help="Seconds of search allowed for each link.")] = 10.0,
    width: Annotated[Optional[int], typer.Option(help="Width of the terminal report (default: the terminal's).")] = None,
    search: Annotated[bool, typer.Option("--search", help="Also search for counterexamples in every re-check (slower): says which steps become refuted, not only unproved.")] = False,
    seed: Annotated[Optional[int], typer.Option(help="With --search: the seed of the counterexample search.")] = None,
    budget: Annotated[Optional[int], typer.Option(help="With --search: instances tried per step.")] = None,
) -> None:
    """For reviewers: what every step rests on, unused premises, and what breaks without each premise.

    Each premise is removed in turn and the derivation checked again (by the prover; with --search
    also by the counterexample search). Exit status 0 (2 when the file has a mistake).
    """
    from .audit import audit as run_audit

    report = _read(file, timeout)
    result = run_audit(report, removals=True, timeout=timeout, search=search, seed=seed, budget=budget)
    if json_out:
        import json

        from .audit import to_data

        typer.echo(json.dumps({"file": report.path, **to_data(result)}, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.text import Text

    from .audit import render_terminal

    console = Console(width=width or None, highlight=False, markup=False, emoji=False)
    console.print(Text(f"symbound audit · {report.path}", style="bold"))
    if report.title:
        console.print(report.title)
    render_terminal(result, console)


@app.command()
def lemmas(
    latex_out: Annotated[bool, typer.Option("--latex", help="Print the catalogue as LaTeX.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as Markdown (docs/lemmas.md is this).")] = False,
    standalone: Annotated[bool, typer.Option("--standalone", help="With --latex: a complete document.")] = False,
) -> None:
    """List the lemma library: name, statement, hypotheses, reference."""
    from .render import catalogue

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
    from .starter import STARTER

    if file.exists() and not force:
        typer.echo(f"symbound: {file} exists; pass --force to overwrite it", err=True)
        raise typer.Exit(2)
    _write(file, STARTER)
    typer.echo(f"wrote {file}; check it with: symbound verify {file}")


@app.callback()
def _root() -> None:
    """symbound checks inequality derivations against a library of named lemmas."""


def main() -> None:
    try:
        app()
    except RecursionError:  # pragma: no cover - last line of defence; inputs are bounded before this
        typer.echo("symbound: input too deeply nested", err=True)
        sys.exit(2)
