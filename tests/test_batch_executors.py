"""`symbound.cli.batch.verify_many(..., executor=...)`: any concurrent.futures.Executor gives the same results."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from conftest import DERIVATIONS, ROOT

from symbound.cli.batch import verify_many
from symbound.render.json import to_data

GOOD = DERIVATIONS / "pascanu_linear.yaml"
WRONG = DERIVATIONS / "activation_gamma_wrong.yaml"
BAD = ROOT / "tests" / "bad" / "binary.yaml"
PATHS = [WRONG, BAD, GOOD]


class Recording(Executor):
    """Runs each call at once in this thread, and remembers what was submitted (an executor we control)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.calls.append(args[0])
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def summary(results) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(r.path, r.exit_code, r.error, to_data(r.report) if r.report else None) for r in results]


@pytest.fixture(scope="module")
def here():
    return summary(verify_many(PATHS, jobs=1, timeout=60))


def test_any_executor_is_used_and_results_keep_the_input_order(here):
    executor = Recording()
    results = verify_many(PATHS, timeout=60, executor=executor)
    assert executor.calls == [str(p) for p in sorted(PATHS, key=lambda p: p.stat().st_size, reverse=True)]  # largest first
    assert [r.exit_code for r in results] == [1, 2, 0]
    assert summary(results) == here


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_standard_library_executors_give_the_same_results(kind, here):
    if kind == "threads":
        pool = ThreadPoolExecutor(max_workers=2)
    else:
        pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    with pool:
        results = verify_many(PATHS, timeout=60, executor=pool)
    assert summary(results) == here


def test_past_times_order_the_work_longest_first_and_never_the_results(here, tmp_path):
    """Files are started by the seconds they took before (those never timed first, then the largest); the
    results still come back in the order of the paths."""
    from symbound.cli.batch import FileResult, past_seconds, record_seconds
    from symbound.check.cache import Store

    store = Store(tmp_path / "cache")
    assert past_seconds(store, PATHS) == {}
    ran = Recording()
    results = verify_many(PATHS, executor=ran, timeout=60)
    assert ran.calls == [str(p) for p in sorted(PATHS, key=lambda p: p.stat().st_size, reverse=True)]  # nothing timed
    record_seconds(store, [results[0], results[1], FileResult(str(GOOD), results[2].report, None, 0, 9.5)])
    # the file with a mistake has no report and is not timed
    assert past_seconds(store, PATHS) == {str(WRONG): round(results[0].seconds, 3), str(GOOD): 9.5}
    ran = Recording()
    again = verify_many(PATHS, executor=ran, timeout=60, estimates=past_seconds(store, PATHS))
    assert ran.calls == [str(BAD), str(GOOD), str(WRONG)] and summary(again) == here
    ran = Recording()
    verify_many([GOOD, WRONG], executor=ran, timeout=60, estimates={str(GOOD): 0.1, str(WRONG): 3.0})
    assert ran.calls == [str(WRONG), str(GOOD)]
    ran = Recording()
    verify_many([GOOD, WRONG], executor=ran, timeout=60, estimates={str(GOOD): 0.1})  # WRONG never timed: may be long
    assert ran.calls == [str(WRONG), str(GOOD)]


def test_a_changed_file_has_no_past_time(tmp_path):
    from symbound.cli.batch import past_seconds
    from symbound.check.cache import Store

    store = Store(tmp_path / "cache")
    copy = tmp_path / "d.yaml"
    copy.write_bytes(GOOD.read_bytes())
    store.put_seconds(copy.read_bytes(), 2.0)
    assert past_seconds(store, [copy]) == {str(copy): 2.0}
    copy.write_bytes(GOOD.read_bytes() + b"\n# edited\n")
    assert past_seconds(store, [copy]) == {}
    (tmp_path / "cache" / "timings").mkdir(exist_ok=True)
    for entry in (tmp_path / "cache" / "timings").rglob("*.json"):
        entry.write_text("{not json")
    copy.write_bytes(GOOD.read_bytes())
    assert past_seconds(store, [copy]) == {}  # a corrupt entry is no estimate


def test_the_command_line_keeps_times_unless_told_not_to(tmp_path):
    from conftest import run_cli

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / GOOD.name).write_bytes(GOOD.read_bytes())
    (folder / "broken.yaml").write_bytes(BAD.read_bytes())  # a file with a mistake is not timed
    kept, skipped = tmp_path / "kept", tmp_path / "skipped"
    first = run_cli("verify", str(folder), "-j", "1", "--cache-dir", str(kept), env={"SYMBOUND_NO_CACHE": None})
    assert first.returncode == 2, first.stderr
    assert len(list((kept / "timings").rglob("*.json"))) == 1
    second = run_cli("verify", str(folder), "-j", "1", "--cache-dir", str(kept), env={"SYMBOUND_NO_CACHE": None})
    assert second.stdout == first.stdout
    none = run_cli("verify", str(folder), "-j", "1", "--cache-dir", str(skipped), "--no-cache")
    assert none.stdout == first.stdout and not skipped.exists()
