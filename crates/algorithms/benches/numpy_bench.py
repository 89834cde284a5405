"""NumPy / scikit-learn timings of the four workloads of benches/algorithms.rs, same data.

Run from the repository root (MNIST installed):
    .venv/bin/python crates/algorithms/benches/numpy_bench.py
Prints the median of a few runs for each workload, in seconds.
"""
import pathlib
import statistics
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA

root = pathlib.Path(__file__).resolve().parents[3] / "datasets" / "mnist"
raw = (root / "train-images-idx3-ubyte").read_bytes()
X = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
y = np.frombuffer((root / "train-labels-idx1-ubyte").read_bytes(), np.uint8, offset=8).astype(np.int64)


def timeit(f, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def numpy_lloyd():
    C = X[:10].copy()
    x_sq = (X * X).sum(1)
    for _ in range(20):
        d = x_sq[:, None] - 2 * X @ C.T + (C * C).sum(1)
        labels = d.argmin(1)
        for j in range(10):
            C[j] = X[labels == j].mean(0)


def sklearn_lloyd():
    KMeans(10, init=X[:10], n_init=1, max_iter=20, tol=0).fit(X)


def pca_cov_eigh():
    Xc = X - X.mean(0)
    C = Xc.T @ Xc / (len(X) - 1)
    w, V = np.linalg.eigh(C)
    return V[:, ::-1][:, :50]


def pca_sklearn_randomized():
    PCA(50, svd_solver="randomized", random_state=0).fit(X)


def softmax_gd():
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


def mlp_epoch():
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


for name, f in [
    ("kmeans_k10_20_lloyd_sklearn", sklearn_lloyd),
    ("kmeans_k10_20_lloyd_numpy", numpy_lloyd),
    ("pca_top50_covariance_eigh_numpy", pca_cov_eigh),
    ("pca_top50_sklearn_randomized", pca_sklearn_randomized),
    ("softmax_gd_100_full_batch_numpy", softmax_gd),
    ("mlp_784_128_10_one_epoch_numpy", mlp_epoch),
]:
    print(f"{name}: {timeit(f):.3f} s")
