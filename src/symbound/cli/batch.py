"""Verifying many derivation files at once, with a pool of processes.

``verify_many(paths, jobs)`` takes files and directories (searched recursively for ``*.yaml`` and
``*.yml``), checks every file in its own worker process and returns one ``FileResult`` per file, in
the order the files were given (a directory's files sorted by path), whatever order the workers
finish in.  A file with a mistake gives a result with the ``file:line:col`` message and exit code 2;
it never stops the others.

``executor`` runs the files on any ``concurrent.futures.Executor`` instead of the built-in process
pool: a ``ThreadPoolExecutor``, a ``ProcessPoolExecutor`` of your own, or a cluster engine's executor
(Dask's ``Client.get_executor()``, ...).  The work sent is ``_work(path, timeout, options)``, a
module-level function the executor pickles by name; the path must be readable where it runs.

Reports come back from the workers pickled.  Sympy's default pickling rebuilds every expression with
automatic evaluation, which would turn a written ``(1/γ)·γ`` into ``1``; results are therefore pickled
with a reducer that rebuilds expressions unevaluated, so that a report from a worker renders exactly
like one checked in this process (``-j 1`` and ``-j N`` print the same).  Theorems do not cross the
process boundary: the worker sends its proved verdicts' proof terms, and this process replays them in
a fresh kernel (``symbound.check.certificate.reproved``), so every PROVED here holds a theorem made here.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Executor

    from symbound.values import Report

SUFFIXES = (".yaml", ".yml")


@dataclass
class FileResult:
    """The outcome of one file: its report, or the one-line message of the mistake that stopped it."""

    path: str
    report: Report | None
    error: str | None
    exit_code: int  # 0 everything proved, 1 something refuted/unproved/miscited, 2 the file has a mistake
    seconds: float = 0.0  # wall time in the worker (not part of any rendered output)


def collect(paths: Iterable[str | Path]) -> list[Path | tuple[Path, str]]:
    """The files to check, in order: files as given, directories expanded (recursively, sorted).

    A directory without derivation files becomes ``(dir, message)``, reported as an input error.
    A path given twice is checked once.
    """
    out: list[Path | tuple[Path, str]] = []
    seen: set[str] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES and f.is_file())
            if not found:
                out.append((p, f"{p}: no *.yaml or *.yml files in this directory"))
            for f in found:
                if str(f) not in seen:
                    seen.add(str(f))
                    out.append(f)
        elif str(p) not in seen:
            seen.add(str(p))
            out.append(p)  # a missing file is reported by the reader (`cannot read the file`)
    return out


def verify_one(path: str | Path, timeout: float = 10.0, **options: Any) -> FileResult:
    """Check one file in this process; never raises for a bad file."""
    from symbound.api import verify
    from symbound.errors import InputError

    start = time.perf_counter()
    try:
        report = verify(path, timeout=timeout, **options)
    except InputError as exc:
        return FileResult(str(path), None, exc.message(), 2, time.perf_counter() - start)
    except RecursionError:
        return FileResult(str(path), None, f"{path}: input too deeply nested", 2, time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - one file's crash must not stop the others
        return FileResult(str(path), None, f"{path}: internal error: {type(exc).__name__}: {exc}", 2,
                          time.perf_counter() - start)
    return FileResult(str(path), report, None, report.exit_code, time.perf_counter() - start)


def verify_many(paths: Iterable[str | Path], jobs: int | None = None, timeout: float = 10.0,
                executor: Executor | None = None, estimates: Mapping[str, float] | None = None,
                **options: Any) -> list[FileResult]:
    """Check every derivation file under ``paths`` with ``jobs`` processes (default: the CPU count),
    or on ``executor`` (any ``concurrent.futures.Executor``; ``jobs`` is then not used).  ``estimates``
    (a path → the seconds it took before, e.g. from ``past_seconds``) orders the work, the longest first;
    the results come back in the order of ``paths`` whatever the order of work."""
    return list(iter_verify(paths, jobs, timeout, executor, estimates, **options))


def iter_verify(paths: Iterable[str | Path], jobs: int | None = None, timeout: float = 10.0,
                executor: Executor | None = None, estimates: Mapping[str, float] | None = None,
                **options: Any) -> Iterator[FileResult]:
    """Like ``verify_many``, yielding each result as soon as it and every result before it are done."""
    items = collect(paths)
    todo = _longest_first([item for item in items if isinstance(item, Path)], estimates or {})
    if executor is not None:
        yield from _on(executor, items, todo, timeout, options)
        return
    jobs = max(1, jobs or os.cpu_count() or 1)
    workers = min(jobs, len(todo))
    if workers <= 1:
        for item in items:
            yield _fixed(item) if isinstance(item, tuple) else verify_one(item, timeout, **options)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        yield from _on(pool, items, todo, timeout, options)


def _on(executor: Executor, items: list[Path | tuple[Path, str]], todo: list[Path], timeout: float,
        options: dict[str, Any]) -> Iterator[FileResult]:
    """Submit every file to ``executor`` in the order of ``todo``; yield the results in the order of ``items``."""
    futures = {str(item): executor.submit(_work, str(item), timeout, options) for item in todo}
    try:
        for item in items:
            yield _fixed(item) if isinstance(item, tuple) else _loads(futures[str(item)].result())
    except BaseException:
        for future in futures.values():
            future.cancel()
        raise


def _longest_first(todo: list[Path], estimates: Mapping[str, float]) -> list[Path]:
    """The files in the order to start them, so that one long file does not start last: by the seconds each
    took before where known (files never timed first, as they may be long), then the largest first."""
    return sorted(todo, key=lambda p: (estimates.get(str(p), float("inf")), _size(p)), reverse=True)


def past_seconds(store: Any, paths: Iterable[str | Path]) -> dict[str, float]:
    """The seconds each file took when its present content was last checked (``store``: a ``cache.Store``)."""
    out: dict[str, float] = {}
    for item in collect(paths):
        if isinstance(item, Path):
            try:
                seconds = store.get_seconds(item.read_bytes())
            except OSError:
                continue
            if seconds is not None:
                out[str(item)] = seconds
    return out


def record_seconds(store: Any, results: Iterable[FileResult]) -> None:
    """Keep each checked file's time for the next batch's order (files with a mistake are not timed)."""
    for r in results:
        if r.report is not None:
            try:
                store.put_seconds(Path(r.path).read_bytes(), r.seconds)
            except OSError:
                continue


def iter_verify_timed(paths: Iterable[str | Path], store: Any, jobs: int | None = None, timeout: float = 10.0,
                      **options: Any) -> Iterator[FileResult]:
    """``iter_verify`` with the work ordered by the times ``store`` (a ``cache.Store``, or None: no times)
    kept from earlier runs; this run's times are kept in it once every file is done."""
    paths = list(paths)
    estimates = past_seconds(store, paths) if store is not None else None
    results = []
    for result in iter_verify(paths, jobs, timeout, estimates=estimates, **options):
        results.append(result)
        yield result
    if store is not None:
        record_seconds(store, results)


def worst(results: Iterable[FileResult]) -> int:
    """The exit status of a batch: the worst of its files (2 > 1 > 0)."""
    return max((r.exit_code for r in results), default=0)


# ---------------------------------------------------------------- worker side


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _fixed(item: tuple[Path, str]) -> FileResult:
    return FileResult(str(item[0]), None, item[1], 2)


def _work(path: str, timeout: float, options: dict[str, Any]) -> bytes:
    from symbound.check.certificate import terms

    result = verify_one(path, timeout, **options)
    try:
        return _dumps((result, terms(result.report) if result.report is not None else ({}, set())))
    except Exception as exc:  # noqa: BLE001 - an unpicklable report still gives its verdict
        return _dumps((FileResult(path, None, f"{path}: internal error: the report could not be sent back ({type(exc).__name__})",
                                  2, result.seconds), ({}, set())))


def _context() -> Any:
    """Fork where available, with symbound and sympy imported first, so that no worker imports them again."""
    import multiprocessing

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        import importlib

        importlib.import_module("symbound.api")  # before the fork: the workers inherit it
        return multiprocessing.get_context("fork")
    return None


def _rebuild(func: Any, args: tuple) -> Any:
    import sympy as sp

    with sp.evaluate(False):
        return func(*args)


class _Pickler(pickle.Pickler):
    def __init__(self, file: Any, protocol: int) -> None:
        import sympy as sp

        from symbound.kernel.theorem import Theorem

        super().__init__(file, protocol=protocol)
        self._basic = sp.Basic
        self._theorem = Theorem

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, self._basic) and obj.args and not obj.is_Atom:
            return _rebuild, (obj.func, obj.args)
        if type(obj) is self._theorem:
            return type(None), ()  # replayed on arrival from the proof terms sent with it (``_loads``)
        return NotImplemented


def _dumps(obj: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def _loads(data: bytes) -> FileResult:
    from symbound.check.certificate import reproved

    result, (steps, assumed) = pickle.loads(data)
    if result.report is not None:
        result.report = reproved(result.report, steps, assumed)
    return result
