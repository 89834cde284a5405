"""The NumPy / scikit-learn side of `cargo xtask bench`: one workload per process.

    python numpy_twins.py list
    python numpy_twins.py serve NAME [--quick] [--mnist DIR] [--bench-dir DIR]

`serve` sets the workload up, prints `ready`, then answers each stdin line `run` with
`time <seconds>` (one timed run) and `done` with `peak_rss <bytes>`, exactly like the Rust
worker (xtask/workloads/src/main.rs). The MNIST workloads are those of
crates/algorithms/benches/numpy_bench.py (copied, not changed); matmul is that of
crates/linalg/benches/numpy_bench.py.
"""
import os
import pathlib
import sys
import time

import numpy as np

WORKLOADS = [
    "matmul_f32_1024",
    "matmul_f64_2048",
    "thin_svd_10000x784",
    "eigh_784",
    "exp_f32_10m",
    "broadcast_axpb_10000x1000",
    "standardise_60000x784",
    "pca_top50_mnist",
    "kmeans_k10_20iter_mnist",
    "softmax_gd_100iter_mnist",
    "mlp_epoch_mnist",
    "memmap_stream_2gib_warm",
    "memmap_stream_2gib_cold",
    "npy_save_1gib",
]


def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def load_mnist(root, quick):
    root = pathlib.Path(root)
    images = root / "train-images-idx3-ubyte"
    if not images.is_file():
        return None
    X = np.frombuffer(images.read_bytes(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
    y = np.frombuffer((root / "train-labels-idx1-ubyte").read_bytes(), np.uint8, offset=8).astype(np.int64)
    if quick:
        X, y = X[:6000], y[:6000]
    return X, y


# --- crates/algorithms/benches/numpy_bench.py, unchanged --------------------------------
def sklearn_lloyd(X):
    from sklearn.cluster import KMeans

    KMeans(10, init=X[:10], n_init=1, max_iter=20, tol=0).fit(X)


def pca_cov_eigh(X):
    Xc = X - X.mean(0)
    C = Xc.T @ Xc / (len(X) - 1)
    w, V = np.linalg.eigh(C)
    return V[:, ::-1][:, :50]


def softmax_gd(X, y):
    W = np.zeros((784, 10), np.float32)
    b = np.zeros(10, np.float32)
    Y = np.eye(10, dtype=np.float32)[y]
    for _ in range(100):
        Z = X @ W + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = (P - Y) / len(X)
        W -= 0.5 * (X.T @ G)
        b -= 0.5 * G.sum(0)


def mlp_epoch(X, y):
    rng = np.random.default_rng(0)
    W1 = (rng.standard_normal((784, 128)) * np.sqrt(2 / 784)).astype(np.float32)
    b1 = np.zeros(128, np.float32)
    W2 = (rng.standard_normal((128, 10)) * np.sqrt(2 / 128)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    params = [W1, b1, W2, b2]
    m1 = [np.zeros_like(p) for p in params]
    v1 = [np.zeros_like(p) for p in params]
    t = 0
    order = rng.permutation(len(X))
    for start in range(0, len(X), 128):
        idx = order[start:start + 128]
        xb, yb = X[idx], y[idx]
        H = np.maximum(xb @ W1 + b1, 0)
        Z = H @ W2 + b2
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        P[np.arange(len(idx)), yb] -= 1
        dZ = P / len(idx)
        dW2 = H.T @ dZ
        db2 = dZ.sum(0)
        dH = dZ @ W2.T
        dH[H <= 0] = 0
        dW1 = xb.T @ dH
        db1 = dH.sum(0)
        t += 1
        for p, g, m, v in zip(params, [dW1, db1, dW2, db2], m1, v1):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= 1e-3 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
# -----------------------------------------------------------------------------------------


def stream_file(bench_dir, quick):
    rows = 1 << 16 if quick else 1 << 21
    path = pathlib.Path(bench_dir) / f"stream_{rows}x256.npy"
    if not path.is_file():
        sys.exit(f"error {path} missing: the Rust worker creates it first")
    return path


def stream_stats(path):
    """np.memmap streaming: chunked f64 column sums, 16 MiB of rows at a time."""
    X = np.load(path, mmap_mode="r")
    rows, cols = X.shape
    step = (16 << 20) // (cols * 4)
    s = np.zeros(cols)
    q = np.zeros(cols)
    for start in range(0, rows, step):
        c = X[start:start + step].astype(np.float64)
        s += c.sum(0)
        q += np.einsum("ij,ij->j", c, c)
    mean = s / rows
    return mean, np.sqrt(np.maximum(q / rows - mean * mean, 0))


def drop_page_cache(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def setup(name, quick, mnist_dir, bench_dir):
    """Returns (before, run) or None when the data is missing."""
    rng = np.random.default_rng(0)
    if name == "matmul_f32_1024":
        n = 256 if quick else 1024
        a, b = rng.uniform(-1, 1, (n, n)).astype(np.float32), rng.uniform(-1, 1, (n, n)).astype(np.float32)
        return None, lambda: a @ b
    if name == "matmul_f64_2048":
        n = 512 if quick else 2048
        a, b = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
        return None, lambda: a @ b
    if name == "thin_svd_10000x784":
        m, n = (1000, 100) if quick else (10_000, 784)
        x = rng.uniform(-1, 1, (m, n))
        return None, lambda: np.linalg.svd(x, full_matrices=False)
    if name == "eigh_784":
        n = 100 if quick else 784
        h = rng.uniform(-1, 1, (n, n))
        sym = h + h.T
        return None, lambda: np.linalg.eigh(sym)
    if name == "exp_f32_10m":
        n = 1_000_000 if quick else 10_000_000
        x = rng.uniform(-10, 10, n).astype(np.float32)
        y = np.empty_like(x)
        return None, lambda: np.exp(x, out=y)
    if name == "broadcast_axpb_10000x1000":
        rows = 1000 if quick else 10_000
        A = rng.uniform(-1, 1, (rows, 1000)).astype(np.float32)
        b = rng.uniform(0.999, 1.001, 1000).astype(np.float32)
        c = rng.uniform(-1e-3, 1e-3, 1000).astype(np.float32)

        def axpb():
            np.multiply(A, b, out=A)
            np.add(A, c, out=A)

        return None, axpb
    if name == "standardise_60000x784":
        rows = 6000 if quick else 60_000
        X = rng.uniform(0, 1, (rows, 784)).astype(np.float32)
        return None, lambda: (X - X.mean(0)) / X.std(0)
    if name.endswith("_mnist"):
        data = load_mnist(mnist_dir, quick) if mnist_dir else None
        if data is None:
            return None
        X, y = data
        run = {
            "pca_top50_mnist": lambda: pca_cov_eigh(X),
            "kmeans_k10_20iter_mnist": lambda: sklearn_lloyd(X),
            "softmax_gd_100iter_mnist": lambda: softmax_gd(X, y),
            "mlp_epoch_mnist": lambda: mlp_epoch(X, y),
        }[name]
        return None, run
    if name.startswith("memmap_stream"):
        path = stream_file(bench_dir, quick)
        if name.endswith("cold"):
            return (lambda: drop_page_cache(path)), (lambda: stream_stats(path))
        stream_stats(path)
        return None, lambda: stream_stats(path)
    if name == "npy_save_1gib":
        n = (16 << 20) if quick else (256 << 20)
        X = rng.uniform(-1, 1, (n // 1024, 1024)).astype(np.float32)
        path = pathlib.Path(bench_dir) / "save_numpy.npy"
        return None, lambda: np.save(path, X)
    sys.exit(f"error unknown workload {name!r}")


def main():
    args = sys.argv[1:]
    if not args or args[0] == "list":
        print("\n".join(WORKLOADS))
        return
    name = args[1]
    quick = "--quick" in args
    mnist_dir = args[args.index("--mnist") + 1] if "--mnist" in args else None
    bench_dir = args[args.index("--bench-dir") + 1] if "--bench-dir" in args else "target/bench"
    os.makedirs(bench_dir, exist_ok=True)
    ready = setup(name, quick, mnist_dir, bench_dir)
    if ready is None:
        print(f"skipped: MNIST not found in {mnist_dir}", flush=True)
        return
    before, run = ready
    reset_peak_rss()
    print("ready", flush=True)
    for line in sys.stdin:
        line = line.strip()
        if line == "run":
            if before:
                before()
            t = time.perf_counter()
            run()
            print(f"time {time.perf_counter() - t:.6f}", flush=True)
        elif line == "done":
            print(f"peak_rss {peak_rss_bytes()}", flush=True)
            return
        else:
            sys.exit(f"error unknown request {line!r}")


if __name__ == "__main__":
    main()
