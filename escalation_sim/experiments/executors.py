"""Where a sweep's batches run: ``concurrent.futures.Executor``s.

One worker runs in the sweep's own process (:class:`InlineExecutor`); more are spawned worker
processes that end with their sweep; ``dask`` is a Dask cluster - a running scheduler, or a
LocalCluster on 127.0.0.1 - through ``client.get_executor(pure=False)``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from ..errors import EscalationSimError

EXECUTORS = ("processes", "dask")
#: Seconds to wait for a Dask scheduler before giving up.
SCHEDULER_TIMEOUT = 5


class SweepError(EscalationSimError):
    """A sweep cannot run as asked (e.g. its Dask scheduler cannot be reached)."""


class InlineExecutor(Executor):
    """Runs each task at once in this process (one worker, no pool to start)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            if isinstance(exc, KeyboardInterrupt):
                raise
            future.set_exception(exc)
        return future


def check_executor(kind: str, scheduler: str | None) -> None:
    """Refuse an unknown executor, or a scheduler for local processes."""
    if kind not in EXECUTORS:
        raise SweepError(f"--executor: unknown executor {kind!r}; choose {', '.join(EXECUTORS)}")
    if kind == "processes" and scheduler is not None:
        raise SweepError(f"--scheduler {scheduler}: only the dask executor takes a scheduler")


def _watch_parent(pid: int) -> None:
    """In a worker process: end it when the sweep that started it is gone (killed, even by
    SIGKILL), so that no worker outlives its sweep."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - a process of another user
                pass

    threading.Thread(target=watch, name="escalation-sim-watchdog", daemon=True).start()


def _connect(client_class, address: str):
    """A Dask client of the scheduler at ``address``, or a :class:`SweepError` within about
    :data:`SCHEDULER_TIMEOUT` seconds - also when something that is not a Dask scheduler
    answers there (a web server, the scheduler's dashboard), where the client itself would
    wait for a handshake forever."""
    import threading

    box: dict = {}

    def connect() -> None:
        try:
            box["client"] = client_class(address, timeout=f"{SCHEDULER_TIMEOUT}s")
        except BaseException as exc:  # any failure is reported below, in the caller's thread
            box["error"] = exc

    t = threading.Thread(target=connect, name="escalation-sim-connect", daemon=True)
    t.start()
    t.join(SCHEDULER_TIMEOUT + 3)
    if t.is_alive():
        raise SweepError(
            f"--scheduler {address}: no Dask scheduler answered within {SCHEDULER_TIMEOUT} s "
            "(something else listens there? a scheduler's address is tcp://HOST:8786, not its "
            "dashboard)"
        )
    if "error" in box:
        exc = box["error"]
        raise SweepError(
            f"--scheduler {address}: cannot reach the Dask scheduler within {SCHEDULER_TIMEOUT}"
            f" s ({type(exc).__name__}: {str(exc)[:200]})"
        )
    return box["client"]


@contextlib.contextmanager
def make_executor(
    kind: str, workers: int, scheduler: str | None = None
) -> Iterator[tuple[Executor, int]]:
    """An executor of ``kind`` with ``workers`` workers (and how many workers it has).

    ``processes`` with one worker runs in this process; with more, a pool of processes started
    by the ``spawn`` method (no inherited threads or locks), each watching that this process
    lives (a worker ends within a second of a killed sweep). ``dask`` connects to the
    scheduler at ``scheduler`` or starts a ``LocalCluster`` on 127.0.0.1 with ``workers``
    single-threaded worker processes, and hands out ``client.get_executor(pure=False)``.

    Raises
    ------
    SweepError
        If the Dask scheduler cannot be reached within :data:`SCHEDULER_TIMEOUT` seconds or
        Dask is not installed.
    """
    check_executor(kind, scheduler)
    if kind == "processes":
        if workers == 1:
            yield InlineExecutor(), 1
            return
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_watch_parent,
            initargs=(os.getpid(),),
        ) as pool:
            yield pool, workers
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a dependency
        raise SweepError(
            "--executor dask: dask.distributed is not installed; pip install 'escalation-sim[dask]'"
        ) from None
    cluster = None
    if scheduler is not None:
        client = _connect(Client, scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        n = len(client.scheduler_info().get("workers", {})) or workers
        # pure=False: identical calls are distinct tasks (Dask would otherwise merge them)
        yield client.get_executor(pure=False), n
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
