"""`symbound.batch.verify_many(..., executor=...)`: any concurrent.futures.Executor gives the same results."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from conftest import DERIVATIONS, ROOT

from symbound.batch import verify_many
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
