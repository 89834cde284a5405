"""NumPy timings of the workloads in benches/linalg.rs, for the chapter's speed table.

    /work/main/.venv/bin/python crates/linalg/benches/numpy_bench.py

Prints the median of several runs (after one warm-up) per workload, in milliseconds, and
the BLAS NumPy uses. Run it in the same session as `cargo bench -p linalg`, so both see the
same machine load.
"""

import json
import os
import platform
import time

import numpy as np


def median_ms(fn, repeat):
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return 1000.0 * times[len(times) // 2]


rng = np.random.default_rng(0)
results = {}
for n in (256, 1024, 2048):
    a = rng.uniform(-1, 1, (n, n))
    b = rng.uniform(-1, 1, (n, n))
    a32, b32 = a.astype(np.float32), b.astype(np.float32)
    reps = 30 if n <= 256 else (10 if n <= 1024 else 5)
    results[f"matmul/f32/{n}"] = median_ms(lambda: a32 @ b32, reps)
    results[f"matmul/f64/{n}"] = median_ms(lambda: a @ b, reps)

for n in (32, 64, 96, 128, 160, 192, 256, 384):
    a = rng.uniform(-1, 1, (n, n))
    b = rng.uniform(-1, 1, (n, n))
    results[f"crossover/numpy/{n}"] = median_ms(lambda: a @ b, 50)

n = 1024
a = rng.uniform(-1, 1, (n, n)) + 4.0 * np.eye(n)
b = rng.uniform(-1, 1, n)
results["solve/f64/1024"] = median_ms(lambda: np.linalg.solve(a, b), 10)

x = rng.uniform(-1, 1, (10_000, 784))
results["thin_svd/f64/10000x784"] = median_ms(lambda: np.linalg.svd(x, full_matrices=False), 5)

h = rng.uniform(-1, 1, (784, 784))
sym = h + h.T
results["eigh/f64/784"] = median_ms(lambda: np.linalg.eigh(sym), 5)

print(f"numpy {np.__version__}, python {platform.python_version()}, cpus {os.cpu_count()}")
cfg = np.show_config(mode="dicts")
print("blas:", cfg["Build Dependencies"]["blas"]["name"], cfg["Build Dependencies"]["blas"]["version"])
for k, v in results.items():
    print(f"{k:28s} {v:10.3f} ms")
print(json.dumps(results))
