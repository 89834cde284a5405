"""Loads the files tests/chapter6/interop_python.rs wrote with Rust, in real NumPy (and safetensors,
pandas, zarr + dask when installed), and compares them with the same formulas.

    python check_rust_files.py DIR

Exits 1 with a message on the first mismatch; prints `checked: <what>` per format, or
`skipped: <module> not installed` for a library that is missing.
"""
import sys
import pathlib

import numpy as np

d = pathlib.Path(sys.argv[1])
x = (np.arange(6 * 7, dtype=np.float32).reshape(6, 7) - 20) / 16  # exact in binary
labels = np.arange(6, dtype=np.int64) % 4
pixels = (np.arange(6 * 7, dtype=np.int64).reshape(6, 7) * 7 % 256).astype(np.uint8)
mask = x > 0


def same(name, got, want):
    if got.dtype != want.dtype or got.shape != want.shape or not np.array_equal(got, want):
        sys.exit(f"{name}: got {got.dtype} {got.shape}\n{got}\nwant {want.dtype} {want.shape}\n{want}")


same("x_c.npy", np.load(d / "x_c.npy"), x)
fortran = np.load(d / "x_fortran.npy")
same("x_fortran.npy", fortran, x.astype(np.float64))
assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous, "fortran_order lost"
same("labels.npy", np.load(d / "labels.npy"), labels)
same("pixels.npy", np.load(d / "pixels.npy"), pixels)
same("mask.npy", np.load(d / "mask.npy"), mask)
with np.load(d / "data.npz") as z:
    assert list(z.keys()) == ["x", "labels", "mask"], list(z.keys())
    same("data.npz[x]", z["x"], x)
    same("data.npz[labels]", z["labels"], labels)
    same("data.npz[mask]", z["mask"], mask)
mm = np.load(d / "x_c.npy", mmap_mode="r")
same("x_c.npy (mmap)", np.asarray(mm), x)
print("checked: npy npz (numpy", np.__version__ + ")")

try:
    from safetensors.numpy import load_file

    t = load_file(d / "t.safetensors")
    same("t[x]", t["x"], x)
    same("t[labels]", t["labels"], labels)
    same("t[pixels]", t["pixels"], pixels)
    same("t[mask]", t["mask"], mask)
    print("checked: safetensors")
except ImportError:
    print("skipped: safetensors not installed")

try:
    import pandas as pd

    for name in ["table.parquet", "table.csv"]:
        if not (d / name).exists():
            print(f"skipped: {name} not written (performance built without that feature)")
            continue
        df = pd.read_parquet(d / name) if name.endswith("parquet") else pd.read_csv(d / name)
        assert list(df.columns) == [f"f{j}" for j in range(7)] + ["label"], list(df.columns)
        same(name + " features", df.iloc[:, :7].to_numpy(), x.astype(np.float64))
        same(name + " label", df["label"].to_numpy(), labels)
    print("checked: parquet csv (pandas", pd.__version__ + ")")
except ImportError as e:
    print(f"skipped: {e.name} not installed")

try:
    import dask.array as da
    import zarr

    if not (d / "x.zarr").exists():
        raise FileNotFoundError("x.zarr")
    z = zarr.open_array(str(d / "x.zarr"), mode="r")
    assert z.metadata.zarr_format == 3 and z.chunks == (4, 7), (z.metadata.zarr_format, z.chunks)
    same("x.zarr", z[...], x)
    lazy = da.from_zarr(str(d / "x.zarr"))
    assert lazy.numblocks == (2, 1), lazy.numblocks
    same("x.zarr via dask", lazy.compute(), x)
    total = float(lazy.sum().compute())
    assert total == float(x.sum()), total
    print("checked: zarr dask (zarr", zarr.__version__ + ")")
except ImportError as e:
    print(f"skipped: {e.name} not installed")
except FileNotFoundError:
    print("skipped: x.zarr not written (performance built without the zarr feature)")
