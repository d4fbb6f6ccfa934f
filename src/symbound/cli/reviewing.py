"""What a reviewer reads: `symbound latex`, `audit`, `check` (a certificate replayed), `html` and `witness`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from symbound.cli.app import SYMBOLS_HELP, TIMEOUT_HELP, app, input_error, read_report, write


@app.command()
def latex(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the LaTeX here (default: standard output).")] = None,
    standalone: Annotated[bool, typer.Option("--standalone", help="A complete document that compiles on its own, instead of a fragment for \\input.")] = False,
    colour: Annotated[bool, typer.Option("--colour/--no-colour", help="Colour refuted and unproved steps (needs xcolor); the marks read in black and white either way.")] = True,
    timeout: Annotated[float, typer.Option(help=TIMEOUT_HELP)] = 10.0,
    justifications: Annotated[bool, typer.Option("--justifications/--no-justifications", help="Print what each step follows from under it.")] = True,
    remarks: Annotated[bool, typer.Option("--remarks/--no-remarks", help="Print the remarks (counterexamples, notes) under each chain.")] = True,
    with_audit: Annotated[bool, typer.Option("--audit/--no-audit", help="End with the table of what each step depends on.")] = True,
    label_prefix: Annotated[Optional[str], typer.Option(help="Prefix of the chains' \\label names (default symbound:<file stem>), for \\eqref.")] = None,
    symbols: Annotated[Optional[Path], typer.Option("--symbols", help=SYMBOLS_HELP)] = None,
) -> None:
    """Write the derivation as a paper would print it, with every step's justification and verdict.

    The fragment (default) needs amsmath and amssymb (and xcolor unless --no-colour). Exit status 0
    when written (whatever the verdicts), 2 when the file has a mistake.
    """
    from symbound.passes.audit import audit_for_verify
    from symbound.render.latex import Options
    from symbound.render.latex import render as render_latex

    report = read_report(file, timeout, symbols)
    options = Options(justifications=justifications, remarks=remarks, audit=with_audit, label_prefix=label_prefix)
    text = render_latex(report, audit_for_verify(report, timeout=timeout) if with_audit else None, standalone=standalone, colour=colour, options=options)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write(output, text)


@app.command()
def audit(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the audit as JSON.")] = False,
    timeout: Annotated[float, typer.Option(help=TIMEOUT_HELP)] = 10.0,
    width: Annotated[Optional[int], typer.Option(help="Width of the terminal report (default: the terminal's).")] = None,
    search: Annotated[bool, typer.Option("--search", help="Also search for counterexamples in every re-check (slower): says which steps become refuted, not only unproved.")] = False,
    seed: Annotated[Optional[int], typer.Option(help="With --search: the seed of the counterexample search.")] = None,
    budget: Annotated[Optional[int], typer.Option(help="With --search: instances tried per step.")] = None,
    symbols: Annotated[Optional[Path], typer.Option("--symbols", help=SYMBOLS_HELP)] = None,
) -> None:
    """For reviewers: what every step rests on, unused premises, and what breaks without each premise.

    Each premise is removed in turn and the derivation checked again (by the prover; with --search
    also by the counterexample search). Exit status 0 (2 when the file has a mistake).
    """
    from symbound.passes.audit import audit as run_audit

    report = read_report(file, timeout, symbols)
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
        input_error(exc)
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
def html(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write the page (default: FILE with .html).")] = None,
    timeout: Annotated[float, typer.Option(help=TIMEOUT_HELP)] = 10.0,
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
        input_error(exc)
        return
    result = run_audit(report, removals=removals, timeout=timeout)
    try:
        page = render_html(report, result)
    except GraphvizMissing as exc:
        typer.echo(f"symbound: {exc}", err=True)
        raise typer.Exit(2) from None
    target = output if output is not None else file.with_suffix(".html")
    write(target, page)
    typer.echo(f"wrote {target} ({report.counts_text()})")


@app.command()
def witness(
    file: Annotated[Path, typer.Argument(help="A derivation file (YAML, see docs/format.md).")],
    step: Annotated[str, typer.Argument(metavar="LINK_OR_CONCLUSION", help="A refuted link as chain.index (e.g. first_factor.1), or 'conclusion'.")],
    script_out: Annotated[Path, typer.Option("--script", help="Write the standalone numpy script here.")],
    plot_out: Annotated[Optional[Path], typer.Option("--plot", help="For a refuted limit: also draw the quantity against the claimed bound (needs matplotlib: pip install 'symbound[plot]').")] = None,
    timeout: Annotated[float, typer.Option(help=TIMEOUT_HELP)] = 10.0,
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
        input_error(exc)
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
    write(script_out, text)
    typer.echo(f"wrote {script_out}; run it with: python {script_out}")
    if plot_out is not None:
        done = subprocess.run([sys.executable, str(script_out), "--plot", str(plot_out)], capture_output=True, text=True, check=False)
        if not plot_out.exists():
            typer.echo(f"symbound: the plot was not written: {done.stderr.strip()[-500:]}", err=True)
            raise typer.Exit(2)
        typer.echo(f"wrote {plot_out}")
