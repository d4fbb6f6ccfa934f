"""`symbound verify` (one file, many files and folders, GitHub annotations) and `symbound import`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from symbound.cli.app import SYMBOLS_HELP, TIMEOUT_HELP, app, input_error, write


@app.command()
def verify(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="A derivation file (YAML, see docs/format.md); or several files and directories (searched for *.yaml, *.yml).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the verdicts as JSON instead of the report.")] = False,
    timeout: Annotated[float, typer.Option(help=TIMEOUT_HELP)] = 10.0,
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
    symbols: Annotated[Optional[Path], typer.Option("--symbols", help=SYMBOLS_HELP)] = None,
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
    if output_format != "text":
        _verify_github(files, output_format, timeout, jobs, store, seed=seed, budget=budget, search=budget > 0, symbols=symbols)
        return
    if certificate_out is not None and (len(files) != 1 or files[0].is_dir()):
        typer.echo("symbound: --certificate takes one file", err=True)
        raise typer.Exit(2)
    if len(files) != 1 or files[0].is_dir():
        _verify_many(files, json_out, timeout, latex_out, jobs, store, seed=seed, budget=budget, search=budget > 0, symbols=symbols)
        return
    file = files[0]
    if file.suffix == ".tex":  # a paper, verified as its draft: its \input files and --symbols are not in the cache key
        store = None
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
                                           certificate_out, symbols)
        if store is not None and settled:
            store.put(k, outcome)
    if latex_out is not None and outcome.latex is not None:
        write(latex_out, outcome.latex)
    sys.stdout.write(outcome.stdout)
    sys.stdout.flush()
    sys.stderr.write(outcome.stderr)
    raise typer.Exit(outcome.code)


def _verify_outcome(file: Path, json_out: bool, timeout: float, width: Optional[int], latex: bool, seed: int,
                    budget: int, with_removals: bool, store=None, certificate_out: Optional[Path] = None,
                    symbols: Optional[Path] = None):  # type: ignore[no-untyped-def]
    """Check one file: what to print (the report, or the input error) and the LaTeX for --latex, and
    whether it is settled (no verdict cut short by the CPU-time guard: worth caching).  ``store``: the
    verdict cache, whose per-link proofs are replayed through the kernel; ``certificate_out``: where to
    write the proved verdicts' proof terms; ``symbols``: a paper's declarations (for a .tex)."""
    from symbound.api import verify as run
    from symbound.check.cache import Outcome, settled
    from symbound.errors import InputError

    try:
        report = run(file, timeout=timeout, seed=seed, budget=budget, search=budget > 0, cache=store, symbols=symbols)
    except InputError as exc:
        return Outcome("", exc.message() + "\n", 2), True
    if certificate_out is not None:
        import json

        from symbound.check.certificate import certificate

        write(certificate_out, json.dumps(certificate(report), ensure_ascii=False) + "\n")
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
            reason = nt.sentence(link.reason) + (f": {witness_summary(link.witness, nt)}" if link.witness is not None else "")
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
    text = _draft(paper, symbols)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write(output, text)


def _draft(paper: Path, symbols: Optional[Path]) -> str:
    """The derivation file `symbound import` drafts from ``paper``, or the reason it cannot (exit 2)."""
    from symbound.errors import InputError
    from symbound.read.texdraft import draft

    try:
        text = draft(paper, symbols)
    except InputError as exc:
        input_error(exc)
    except OSError as exc:
        typer.echo(f"symbound: cannot read {exc.filename}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    return text
