"""Independent work items run in this process, in local worker processes, or across a Ray cluster.

Briefing a stored archive or evaluating a benchmark is one independent job per story or cluster. A
`Runner` maps a function over items in chunks and yields the results in the items' order, wherever the
work ran, so every way of running gives the same output:

    with runner(workers=2) as run:              # this machine's processes (workers=1: this process)
    with runner(ray="local") as run:            # a Ray started on this machine for the run
    with runner(ray="ray://head:10001") as run: # a running Ray cluster (or "auto": the one this host joined)
        results = list(run.map(function, items, chunk=8))

Ray is the `ray` extra; nothing imports it unless asked for.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Any, Protocol, TypeVar

from storyline.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")

LOCAL = "local"  # `--ray` with no address: a Ray started on this machine for the run
# What `--ray` may be followed by to name a cluster: "auto", "local", a ray:// client address or host:port.
ADDRESS = re.compile(r"^(?:auto|local|ray://\S+|[\w.-]+:\d+)$")
IN_FLIGHT_PER_CPU = 2  # chunks handed to Ray ahead of the results read: enough to keep every CPU busy


class Runner(Protocol):
    def map(self, function: Callable[[T], R], items: Iterable[T], chunk: int = 8) -> Iterator[R]: ...


def _call_chunk(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class InProcess:
    def map(self, function: Callable[[T], R], items: Iterable[T], chunk: int = 8) -> Iterator[R]:
        return map(function, items)


class LocalPool:
    """This machine's worker processes (fork where there is one)."""

    def __init__(self, workers: int) -> None:
        self._pool = get_context("fork" if sys.platform != "win32" else "spawn").Pool(workers)

    def map(self, function: Callable[[T], R], items: Iterable[T], chunk: int = 8) -> Iterator[R]:
        return self._pool.imap(function, items, chunksize=chunk)

    def close(self) -> None:
        self._pool.close()
        self._pool.join()


class RayRunner:
    """Chunks as Ray tasks, a bounded number in flight, results read back in order."""

    def __init__(self, address: str) -> None:
        try:
            import ray
        except ImportError:
            raise ConfigError("--ray needs Ray: pip install 'storyline[ray]'") from None
        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            ray.init(
                address=None if address == LOCAL else address,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        self._task: Any = ray.remote(_call_chunk)
        self._in_flight = max(2, int(ray.cluster_resources().get("CPU", 2)) * IN_FLIGHT_PER_CPU)

    def map(self, function: Callable[[T], R], items: Iterable[T], chunk: int = 8) -> Iterator[R]:
        shipped = self._ray.put(function)
        pending: deque[Any] = deque()
        for part in _chunks(items, chunk):
            pending.append(self._task.remote(shipped, part))
            if len(pending) >= self._in_flight:
                yield from self._ray.get(pending.popleft())
        while pending:
            yield from self._ray.get(pending.popleft())

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()


@contextmanager
def runner(workers: int = 1, ray: str | None = None) -> Iterator[Runner]:
    """Where the work runs: Ray when `ray` names an address (or LOCAL), else `workers` local processes."""
    if ray is not None:
        if not ADDRESS.match(ray):
            raise ConfigError(
                f"The 'ray' option must be a Ray address (auto, local, ray://host:port or host:port). Got {ray!r}."
            )
        distributed = RayRunner(ray)
        try:
            yield distributed
        finally:
            distributed.close()
    elif workers > 1:
        pool = LocalPool(workers)
        try:
            yield pool
        finally:
            pool.close()
    else:
        yield InProcess()
