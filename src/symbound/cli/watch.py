"""symbound where people work: re-checking on every save, and annotations for GitHub Actions.

* ``watch(paths, ...)`` checks the files once, then again each time one of them is saved (watched
  with ``watchfiles``, the optional extra ``symbound[watch]``), and prints only what changed:
  ``changes(before, after)`` compares two snapshots of a file's verdicts step by step.
* ``annotations(...)`` turns reports into GitHub Actions workflow commands
  (``::error file=…,line=…,title=…::…``), one for every refuted, unproved or miscited link, the
  conclusion when it is not proved, and the mistake of a file that cannot be read.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from symbound.values import PROVED, Report

# ---------------------------------------------------------------- snapshots and what changed


@dataclass(frozen=True)
class Step:
    """One link (``chain.index``) or the conclusion, as a snapshot shows it."""

    name: str
    line: int
    claim: str  # as the chain shows it: "≤ λ₁"
    relation: str  # the whole relation: "‖W_recᵀ‖₂ ≤ λ₁"
    status: str  # proved | refuted | unproved, "miscited" appended when a citation does not justify it
    why: str


@dataclass(frozen=True)
class Snapshot:
    """A file's verdicts at one save: its steps, or the mistake that stopped it."""

    path: str
    steps: tuple[Step, ...] = ()
    counts: str = ""
    error: str | None = None


def snapshot(path: str, report: Report | None = None, error: str | None = None) -> Snapshot:
    if report is None:
        return Snapshot(path, error=error or "not checked")
    from symbound.render.text import REL, Notation, conclusion_reason, witness_summary

    nt = Notation(report.derivation)  # as written, as the report prints it: (1/γ)·γ, not γ/γ
    steps = []
    for link in report.links:
        status = link.status + (", miscited" if link.miscited else "")
        why = witness_summary(link.witness, nt) if link.witness is not None else nt.sentence(link.reason)
        rel = REL.get(link.rel, link.rel)
        steps.append(Step(f"{link.chain}.{link.index}", link.line, f"{rel} {nt.text(link.rhs)}", nt.relation(link.lhs, link.rel, link.rhs), status, _first_line(why)))
    c = report.conclusion
    if c is not None:
        claim = nt.claim(c)
        steps.append(Step("conclusion", c.line, claim, claim, c.status, _first_line(conclusion_reason(c, nt))))
    return Snapshot(path, tuple(steps), report.counts_text())


def changes(before: Snapshot | None, after: Snapshot) -> list[str]:
    """What changed between two checks of a file, one line a change; [] when nothing did.

    Steps are matched by name (``chain.index``, ``conclusion``); a step whose verdict or claim changed,
    a new step and a removed one are reported, then the new counts.  The first check (``before`` is
    None) reports every step that is not proved.
    """
    out: list[str] = []
    if after.error is not None:
        if before is None or before.error != after.error:
            out.append(f"{after.path}: {after.error}")
        return out
    old = {s.name: s for s in before.steps} if before is not None and before.error is None else {}
    new = {s.name: s for s in after.steps}
    if before is not None and before.error is not None:
        out.append(f"{after.path}: readable again")
    for s in after.steps:
        was = old.get(s.name)
        if was is None:
            if before is None or before.error is not None:
                if s.status != PROVED:
                    out.append(f"{after.path}:{s.line}: {s.name} {s.claim}  {s.status}" + (f": {s.why}" if s.why else ""))
            else:
                out.append(f"{after.path}:{s.line}: {s.name} {s.claim}  new, {s.status}" + (f": {s.why}" if s.why and s.status != PROVED else ""))
        elif was.status != s.status:
            out.append(f"{after.path}:{s.line}: {s.name} {s.claim}  {was.status} → {s.status}" + (f": {s.why}" if s.why and s.status != PROVED else ""))
        elif was.claim != s.claim:
            out.append(f"{after.path}:{s.line}: {s.name} claim now {s.claim}  still {s.status}")
    for name, was in old.items():
        if name not in new:
            out.append(f"{after.path}: {name} removed (was {was.status})")
    if out or before is None or (before.counts != after.counts):
        out.append(f"{after.path}: {after.counts}")
    return out


def _first_line(text: str, width: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3] + "..."


# ---------------------------------------------------------------- the loop


def check_file(path: str, **options: object) -> Snapshot:
    """Check one file in this process (sympy stays imported between saves) and snapshot the verdicts."""
    from symbound.api import verify
    from symbound.errors import InputError

    try:
        return snapshot(path, verify(path, **options))  # type: ignore[arg-type]
    except InputError as exc:
        return snapshot(path, error=exc.message())


def watch(paths: Iterable[str | Path], emit: Callable[[str], None] = print, stop: threading.Event | None = None,
          max_checks: int | None = None, check: Callable[..., Snapshot] = check_file, **options: object) -> int:
    """Check every file, then re-check a file each time it is saved, emitting only what changed.

    Runs until ``stop`` is set, ``max_checks`` re-checks have run, or Ctrl-C; returns the number of
    re-checks.  Needs the ``watchfiles`` package (``pip install 'symbound[watch]'``).
    """
    try:
        from watchfiles import watch as file_changes
    except ImportError:
        raise RuntimeError("symbound watch needs the watchfiles package: pip install 'symbound[watch]'") from None
    from symbound.cli.batch import collect

    files = [str(p) for p in collect(paths) if not isinstance(p, tuple)]
    if not files:
        raise ValueError("no derivation files to watch — name a derivation file, or a folder that holds some")
    state: dict[str, Snapshot] = {}
    for f in files:
        state[f] = check(f, **options)
        for line in changes(None, state[f]):
            emit(line)
    emit(f"watching {len(files)} file{'s' if len(files) != 1 else ''}; Ctrl-C to stop")
    by_resolved = {str(Path(f).resolve()): f for f in files}
    runs = 0
    for batch in _saves(file_changes, sorted({str(Path(f).resolve().parent) for f in files}), stop):
        for changed in sorted({by_resolved[p] for _, p in batch if p in by_resolved}):
            if not Path(changed).exists():
                continue  # an editor replacing the file: the new one arrives in a later batch
            started = time.monotonic()
            after = check(changed, **options)
            lines = changes(state[changed], after)
            state[changed] = after
            emit(f"[{time.strftime('%H:%M:%S')}] {changed} saved, checked in {time.monotonic() - started:.1f} s" + ("" if lines else ": nothing changed"))
            for line in lines:
                emit("  " + line)
            runs += 1
            if max_checks is not None and runs >= max_checks:
                return runs
    return runs


def _saves(file_changes: Callable, folders: list[str], stop: threading.Event | None) -> Iterator[set]:
    try:
        yield from file_changes(*folders, stop_event=stop, debounce=200, step=50, raise_interrupt=False)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        return


# ---------------------------------------------------------------- GitHub Actions


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, file: str, line: int, title: str, message: str, col: int | None = None) -> str:
    """One workflow command: ``::error file=F,line=L,title=T::message``, escaped as GitHub requires."""
    place = f"file={_escape_property(file)},line={line}" + (f",col={col}" if col else "")
    return f"::{kind} {place},title={_escape_property(title)}::{_escape_data(message)}"


def annotations(path: str, report: Report | None, error: str | None = None) -> list[str]:
    """The annotations of one file: its mistake, or every step that is not proved (and miscitations)."""
    if report is None:
        import re

        m = re.match(r"(.*?):(\d+):(\d+): (.*)", error or "")
        if m:
            return [command("error", m.group(1), int(m.group(2)), "symbound: the file has a mistake", m.group(4), int(m.group(3)))]
        return [command("error", path, 1, "symbound: the file has a mistake", error or "cannot read the file")]
    out = []
    for s in snapshot(path, report).steps:
        if s.status == PROVED:
            continue
        out.append(command("error", path, s.line, f"symbound: {s.name} {s.status}", f"{s.relation}: {s.why}" if s.why else s.relation))
    return out
