"""Course data: MNIST (shipped offline in data/mnist.npz) and the small tables of the slides."""

import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

# sha256 of each array's bytes (C order), from data/README.md: the shipped file must match them.
# The download path does not check them (that a downloaded copy has these very bytes is not
# confirmed); it checks MNIST_FACTS instead, on top of the file hash that keras.datasets checks.
MNIST_SHA256 = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
# What holds for MNIST whatever file it came from; data/README.md lists each fact and how it was
# computed. Checked in this order for each array (shape and dtype first).
MNIST_FACTS = {
    "x_train": {"shape": (60000, 28, 28), "dtype": "uint8", "mean": 33.318},
    "y_train": {
        "shape": (60000,),
        "dtype": "uint8",
        "counts": [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
        "first": [5, 0, 4, 1, 9, 2, 1, 3, 1, 4],
    },
    "x_test": {"shape": (10000, 28, 28), "dtype": "uint8"},
    "y_test": {
        "shape": (10000,),
        "dtype": "uint8",
        "counts": [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
        "first": [7, 2, 1, 0, 4, 1, 4, 9, 5, 9],
    },
}
MNIST_MEAN_TOLERANCE = 0.01  # the mean pixel may differ from MNIST_FACTS by this much
MNIST_SHAPES = {key: facts["shape"] for key, facts in MNIST_FACTS.items()}
# fact -> (its name in messages, how it is measured on an array)
_MEASURES = {
    "shape": ("shape", lambda a: a.shape),
    "dtype": ("dtype", lambda a: str(a.dtype)),
    "counts": ("class counts per digit 0..9", lambda a: np.bincount(a, minlength=10).tolist()),
    "first": ("first 10 labels", lambda a: a[:10].tolist()),
    "mean": ("mean pixel", lambda a: float(a.mean(dtype=np.float64))),
}
_SHAPES = ("image", "flat", "raw")


def default_mnist_path():
    """Where the shipped file is looked for: $AEKERAS_DATA/mnist.npz, else the repo's data/."""
    if os.environ.get("AEKERAS_DATA"):
        return Path(os.environ["AEKERAS_DATA"]) / "mnist.npz"
    return Path(__file__).resolve().parent.parent / "data" / "mnist.npz"


def _read_verified_npz(path):
    """Read the four MNIST arrays from `path` and check their checksums."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {key: f[key] for key in MNIST_SHA256}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as err:
        raise ValueError(
            f"MNIST file {path} is corrupted or truncated ({type(err).__name__}: {err}). "
            "Delete it and copy data/mnist.npz again from the repository "
            "(or remove it to let keras.datasets.mnist download a fresh copy)."
        ) from err
    for key, digest in MNIST_SHA256.items():
        arr = arrays[key]
        if arr.shape != MNIST_SHAPES[key] or arr.dtype != np.uint8:
            raise ValueError(
                f"MNIST file {path}: array {key} has shape {arr.shape} and dtype {arr.dtype}, "
                f"expected {MNIST_SHAPES[key]} uint8. Replace the file with the repository's copy."
            )
        if hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest() != digest:
            raise ValueError(
                f"MNIST file {path}: checksum of {key} does not match data/README.md; the file "
                "is damaged or is not MNIST. Replace it with the repository's data/mnist.npz."
            )
    return arrays


def _download_mnist():
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as err:  # noqa: BLE001 - any download failure means the same to the user
        return None, err
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}, None


def _check_mnist_facts(arrays, file):
    """Check the downloaded arrays against MNIST_FACTS; `file` is where the shipped copy may go."""
    for key, facts in MNIST_FACTS.items():
        for fact, expected in facts.items():
            name, measure = _MEASURES[fact]
            found = measure(arrays[key])
            if fact == "mean":
                ok = abs(found - expected) <= MNIST_MEAN_TOLERANCE
                expected = f"{expected} ± {MNIST_MEAN_TOLERANCE}"
                found = round(found, 4)
            else:
                ok = found == expected
            if not ok:
                raise ValueError(
                    f"MNIST from keras.datasets.mnist.load_data(): {key} has {name} {found}, "
                    f"expected {expected}. Delete the cached download ~/.keras/datasets/mnist.npz "
                    "(or $KERAS_HOME/datasets/mnist.npz) and run again, or copy data/mnist.npz "
                    f"from the aekeras repository to {file} (or set AEKERAS_DATA to its folder)."
                )


def _prepare(x, shape, scale):
    if scale:
        x = x.astype("float32") / 255.0
    if shape == "image":
        return x.reshape(-1, 28, 28, 1)
    if shape == "flat":
        return x.reshape(-1, 28 * 28)
    return x


def _subset(x, y, n, rng, name):
    if n is None:
        return x, y
    if not isinstance(n, (int, np.integer)) or not 1 <= n <= len(x):
        raise ValueError(f"{name}={n!r}: must be None or an integer in 1..{len(x)}")
    idx = np.sort(rng.choice(len(x), size=n, replace=False))
    return x[idx], y[idx]


def load_mnist(shape="image", scale=True, n_train=None, n_test=None, seed=0, path=None):
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``, offline first.

    Reads the shipped ``data/mnist.npz`` (or ``path``), checking every array's sha256; if no file
    is there, falls back to ``keras.datasets.mnist.load_data()`` (download and cache, Keras checks
    the file hash) and checks the arrays against ``MNIST_FACTS`` (shapes, dtypes, class counts,
    first labels, mean training pixel).

    Args:
        shape: "image" -> (n, 28, 28, 1), "flat" -> (n, 784), "raw" -> (n, 28, 28).
        scale: True gives float32 in [0, 1]; False keeps the uint8 bytes 0..255.
        n_train, n_test: None for all; an integer for a seeded random subset (quick runs).
        seed: seed of the subset choice.
        path: an explicit .npz file; it must exist.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``.

    Raises:
        ValueError: if shape is unknown, path is not a file, a subset size is out of range, or
            the file or the download does not hold MNIST (the message names what differs).
        RuntimeError: if there is neither a file nor a download.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_mnist(shape="flat", n_train=5000)
    """
    if shape not in _SHAPES:
        raise ValueError(f"shape={shape!r}: must be one of {_SHAPES}")
    if path is not None and not Path(path).is_file():
        raise ValueError(f"path={str(path)!r}: no such file")
    file = Path(path) if path is not None else default_mnist_path()
    if file.is_file():
        arrays = _read_verified_npz(file)
    else:
        arrays, err = _download_mnist()
        if arrays is None:
            raise RuntimeError(
                f"MNIST is not available: no file at {file} and the download through "
                f"keras.datasets.mnist failed ({type(err).__name__}: {err}). Copy data/mnist.npz "
                "from the aekeras repository there, or set AEKERAS_DATA to its folder."
            )
        _check_mnist_facts(arrays, file)
    rng = np.random.default_rng(seed)
    x_train, y_train = _subset(arrays["x_train"], arrays["y_train"], n_train, rng, "n_train")
    x_test, y_test = _subset(arrays["x_test"], arrays["y_test"], n_test, rng, "n_test")
    return (_prepare(x_train, shape, scale), y_train), (_prepare(x_test, shape, scale), y_test)


def linear_table():
    """The table x2 = 2*x1 + 2 of the ОмГТУ deck: a 2-1-2 AE reconstructs it exactly.

    Example:
        >>> linear_table()[:, 1] == 2 * linear_table()[:, 0] + 2  # all True
    """
    return np.array([[1, 4], [2, 6], [3, 8], [4, 10]], dtype="float32")


def square_table():
    """The table x2 = x1**2 of the ОмГТУ deck: no linear 1-unit code reconstructs it.

    Example:
        >>> square_table()[:, 1] == square_table()[:, 0] ** 2  # all True
    """
    return np.array([[0, 0], [1, 1], [2, 4], [3, 9]], dtype="float32")


def one_hot_838():
    """The eight one-hot vectors of the 8-3-8 autoencoder of Уткин's deck (8 x 8 identity).

    Example:
        >>> one_hot_838().sum(axis=1)  # one 1 per row
    """
    return np.eye(8, dtype="float32")


def slide_838_hidden_values():
    """The hidden values Уткин's deck shows for the trained 8-3-8 network (after E. Xing, CMU).

    Example:
        >>> (slide_838_hidden_values() > 0.5).astype(int)  # a 3-bit code per input
    """
    return np.array(
        [
            [0.89, 0.04, 0.08],
            [0.01, 0.11, 0.88],
            [0.01, 0.97, 0.27],
            [0.99, 0.97, 0.71],
            [0.03, 0.05, 0.02],
            [0.22, 0.99, 0.99],
            [0.80, 0.01, 0.98],
            [0.60, 0.94, 0.01],
        ],
        dtype="float32",
    )
