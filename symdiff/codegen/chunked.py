"""Run a NumPy kernel over large inputs in cache-sized chunks on a thread pool.

NumPy ufuncs release the GIL, so threads evaluating different chunks run in
parallel; chunks of ``CHUNK`` elements keep each thread's scratch buffers in
its L2 cache. Every element is computed by the same ufunc sequence whatever
the chunking, so chunked and threaded results are bit-identical to an
unchunked run. Inputs of at most one chunk go straight through, with no
pool. Workers take chunks from a shared counter (dynamic load balancing) and
run under the caller's ``np.errstate``, so warnings and ``raise`` settings
apply as in a plain NumPy call.
"""
from __future__ import annotations

import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

CHUNK = 32768       # elements: a few buffers of this fit in L2
_POOLS: dict = {}
_LOCK = threading.Lock()


_CORES = os.cpu_count() or 1


def default_threads() -> int:
    """The number of cores (``os.cpu_count()``, read once)."""
    return _CORES


def _pool(workers: int) -> ThreadPoolExecutor:
    with _LOCK:
        pool = _POOLS.get(workers)
        if pool is None:
            pool = _POOLS[workers] = ThreadPoolExecutor(workers, thread_name_prefix="symdiff")
        return pool


if hasattr(os, "register_at_fork"):   # a forked child has no pool threads
    os.register_at_fork(after_in_child=_POOLS.clear)


_LOCAL = threading.local()
CACHE_BYTES = 64 << 20   # scratch kept per thread between calls, at most


def scratch(n: int, dtypes: list) -> list:
    """Flat scratch buffers of ``n`` elements, reused across calls on this
    thread: fresh memory costs a page fault per 4 KiB on first touch, more
    than the arithmetic for a cache-sized chunk. At most ``CACHE_BYTES`` are
    kept per thread; beyond that buffers are fresh."""
    pools = getattr(_LOCAL, "pools", None)
    if pools is None:
        pools = _LOCAL.pools = {}
    out, used = [], {}
    for dt in dtypes:
        pool = pools.setdefault(dt, [])
        i = used.get(dt, 0)
        used[dt] = i + 1
        if i < len(pool) and pool[i].size >= n:
            out.append(pool[i][:n])
            continue
        buf = np.empty(n, dt)
        kept = sum(b.nbytes for p in pools.values() for b in p)
        old = pool[i].nbytes if i < len(pool) else 0
        if kept - old + buf.nbytes <= CACHE_BYTES:
            if i < len(pool):
                pool[i] = buf
            else:
                pool.append(buf)
        out.append(buf)
    return out


def run(kernel, consts: tuple, args: list, shape: tuple, dtypes: list, bufdtypes: list,
        threads: int, chunk: int) -> list:
    """Evaluate ``kernel`` on ``args`` (arrays broadcasting to ``shape``):
    one output array per entry of ``dtypes``, scratch buffers of
    ``bufdtypes``."""
    n = 1
    for s in shape:
        n *= s
    if n <= chunk:
        outs = [np.empty(shape, dt) for dt in dtypes]
        kernel(args, outs, [b.reshape(shape) for b in scratch(n, bufdtypes)], consts)
        return outs
    flat = [a.reshape(-1) if a.shape == shape else a.reshape(()) if a.size == 1
            else np.broadcast_to(a, shape).reshape(-1) for a in args]
    outs = [np.empty(n, dt) for dt in dtypes]
    nchunks = -(-n // chunk)
    counter = itertools.count()
    err = np.geterr()
    failed: list = []

    def work() -> None:
        with np.errstate(**err):
            bufs = scratch(chunk, bufdtypes)
            while not failed:
                i = next(counter)
                if i >= nchunks:
                    return
                lo = i * chunk
                hi = min(lo + chunk, n)
                b = bufs if hi - lo == chunk else [x[:hi - lo] for x in bufs]
                try:
                    kernel([a[lo:hi] if a.ndim else a for a in flat],
                           [o[lo:hi] for o in outs], b, consts)
                except BaseException:
                    failed.append(True)
                    raise

    workers = min(threads, nchunks)
    futures = [_pool(workers - 1).submit(work) for _ in range(workers - 1)] if workers > 1 else []
    try:
        work()
    finally:
        for f in futures:
            f.result()
    return [o.reshape(shape) for o in outs]
