"""The MNIST loader (offline file, checksums, fallback, messages) and the slides' tables."""

import re
import shutil
from pathlib import Path

import keras
import numpy as np
import pytest

from aekeras import data
from aekeras.data import load_mnist


@pytest.fixture(scope="module")
def raw():
    return load_mnist(shape="raw", scale=False)


def _arrays(raw):
    (x_train, y_train), (x_test, y_test) = raw
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def test_raw_arrays_are_mnist_as_the_readme_describes(raw):
    (x_train, y_train), (x_test, y_test) = raw
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert list(np.bincount(y_train)) == [
        5923,
        6742,
        5958,
        6131,
        5842,
        5421,
        5918,
        6265,
        5851,
        5949,
    ]
    assert list(np.bincount(y_test)) == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert list(y_train[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert round(float(x_train.mean()), 3) == 33.318


@pytest.mark.parametrize(
    ("shape", "expected"), [("image", (28, 28, 1)), ("flat", (784,)), ("raw", (28, 28))]
)
def test_shapes_and_scaling(shape, expected, raw):
    (x_train, _), (x_test, _) = load_mnist(shape=shape)
    assert x_train.shape == (60000, *expected) and x_test.shape == (10000, *expected)
    assert x_train.dtype == np.float32 and x_train.min() == 0.0 and x_train.max() == 1.0
    np.testing.assert_array_equal(x_test.reshape(-1, 28, 28) * 255, raw[1][0].astype("float32"))


def test_subset_is_seeded_and_consistent_with_labels(raw):
    (a, ya), (b, yb) = load_mnist(shape="raw", scale=False, n_train=100, n_test=50, seed=3)
    (a2, _), _ = load_mnist(shape="raw", scale=False, n_train=100, n_test=50, seed=3)
    (a3, _), _ = load_mnist(shape="raw", scale=False, n_train=100, n_test=50, seed=4)
    assert a.shape == (100, 28, 28) and b.shape == (50, 28, 28)
    np.testing.assert_array_equal(a, a2)
    assert not np.array_equal(a, a3)
    # every subset image sits in the full set with the same label
    (full_x, full_y), _ = raw
    lookup = {full_x[i].tobytes(): full_y[i] for i in range(len(full_x))}
    assert all(lookup[img.tobytes()] == label for img, label in zip(a, ya))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"shape": "square"}, "shape='square'"),
        ({"n_train": 0}, "n_train=0"),
        ({"n_test": 10001}, "n_test=10001"),
        ({"n_train": 1.5}, "n_train=1.5"),
        ({"path": "/no/such/mnist.npz"}, "path='/no/such/mnist.npz'"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_mnist(**kwargs)


def test_truncated_file_is_refused_with_what_to_do(tmp_path):
    broken = tmp_path / "mnist.npz"
    broken.write_bytes(data.default_mnist_path().read_bytes()[:100_000])
    with pytest.raises(ValueError, match=r"corrupted or truncated.*copy data/mnist.npz"):
        load_mnist(path=broken)


def test_altered_array_fails_its_checksum(tmp_path, raw):
    (x_train, y_train), (x_test, y_test) = raw
    x_train = x_train.copy()
    x_train[0, 0, 0] ^= 1
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    with pytest.raises(ValueError, match="checksum of x_train"):
        load_mnist(path=path)


def test_object_arrays_are_never_unpickled(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.array([{"a": 1}], dtype=object), y_train=0, x_test=0, y_test=0)
    with pytest.raises(ValueError, match="corrupted or truncated"):
        load_mnist(path=path)


@pytest.mark.parametrize(
    ("key", "broken"),
    [
        ("x_train", lambda a: a.reshape(60000, 784)),
        ("y_train", lambda a: a[:-1]),
        ("x_test", lambda a: a.reshape(10000, 784)),
        ("y_test", lambda a: a.reshape(-1, 1)),
    ],
    ids=["x_train", "y_train", "x_test", "y_test"],
)
def test_shipped_file_with_a_wrong_shape_names_the_array(tmp_path, raw, key, broken):
    arrays = _arrays(raw)
    arrays[key] = broken(arrays[key])
    path = tmp_path / "mnist.npz"
    np.savez(path, **arrays)
    shape = re.escape(str(arrays[key].shape))
    with pytest.raises(ValueError, match=rf"array {key} has shape {shape} and dtype uint8"):
        load_mnist(path=path)


@pytest.mark.parametrize(
    ("key", "dtype"),
    [("x_train", "int8"), ("y_train", "int64"), ("x_test", "int8"), ("y_test", "int64")],
)
def test_shipped_file_with_a_wrong_dtype_names_the_array(tmp_path, raw, key, dtype):
    arrays = _arrays(raw)
    arrays[key] = arrays[key].astype(dtype)
    path = tmp_path / "mnist.npz"
    np.savez(path, **arrays)
    shape = re.escape(str(data.MNIST_FACTS[key]["shape"]))
    with pytest.raises(ValueError, match=rf"array {key} has shape {shape} and dtype {dtype}"):
        load_mnist(path=path)


def _download_returns(monkeypatch, tmp_path, arrays):
    """No shipped file (an empty AEKERAS_DATA folder); keras's load_data returns `arrays`."""
    monkeypatch.setenv("AEKERAS_DATA", str(tmp_path))
    result = (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: result)


def test_falls_back_to_keras_download_when_no_file(tmp_path, monkeypatch, raw):
    _download_returns(monkeypatch, tmp_path, _arrays(raw))
    got = load_mnist(shape="raw", scale=False)
    for got_split, raw_split in zip(got, raw):
        for got_array, raw_array in zip(got_split, raw_split):
            np.testing.assert_array_equal(got_array, raw_array)
    (x_train, _), _ = load_mnist(shape="flat", n_train=10)
    assert x_train.shape == (10, 784)


def _ten_white_images(x):
    x = x.copy()
    x[:10] = 255  # the mean pixel moves by 0.0375
    return x


def _relabel_last(y):
    y = y.copy()
    y[-1] = (y[-1] + 1) % 10
    return y


@pytest.mark.parametrize(
    ("key", "fact", "broken"),
    [
        ("x_train", "shape", lambda a: a.reshape(60000, 784)),
        ("y_train", "shape", lambda a: a[:-1]),
        ("x_test", "shape", lambda a: a[:, :27]),
        ("y_test", "shape", lambda a: a.reshape(-1, 1)),
        ("x_train", "dtype", lambda a: a.view(np.int8)),
        ("y_train", "dtype", lambda a: a.astype(np.int64)),
        ("x_test", "dtype", lambda a: a.astype(np.float32) / 255),
        ("y_test", "dtype", lambda a: a.astype(np.int32)),
        ("y_train", "class counts", _relabel_last),
        ("y_test", "class counts", _relabel_last),
        ("y_train", "first 10 labels", lambda a: np.concatenate([a[9::-1], a[10:]])),
        ("y_test", "first 10 labels", lambda a: np.concatenate([a[9::-1], a[10:]])),
        ("x_train", "mean pixel", lambda a: 255 - a),
        ("x_train", "mean pixel", _ten_white_images),
    ],
    ids=[
        *(f"{k}-shape" for k in ("x_train", "y_train", "x_test", "y_test")),
        *(f"{k}-dtype" for k in ("x_train", "y_train", "x_test", "y_test")),
        "y_train-counts",
        "y_test-counts",
        "y_train-first-labels",
        "y_test-first-labels",
        "x_train-mean-inverted",
        "x_train-mean-ten-white-images",
    ],
)
def test_download_that_is_not_mnist_is_refused(tmp_path, monkeypatch, raw, key, fact, broken):
    arrays = _arrays(raw)
    arrays[key] = broken(arrays[key])
    _download_returns(monkeypatch, tmp_path, arrays)
    with pytest.raises(ValueError, match=rf"load_data\(\): {key} has {fact} .*, expected ") as info:
        load_mnist()
    message = str(info.value)
    assert "~/.keras/datasets/mnist.npz" in message and "AEKERAS_DATA" in message
    assert str(tmp_path / "mnist.npz") in message


def test_download_message_shows_found_and_expected(tmp_path, monkeypatch, raw):
    arrays = _arrays(raw)
    arrays["y_test"] = np.concatenate([arrays["y_test"][9::-1], arrays["y_test"][10:]])
    _download_returns(monkeypatch, tmp_path, arrays)
    with pytest.raises(ValueError) as info:
        load_mnist()
    assert "y_test has first 10 labels [9, 5, 9, 4, 1, 4, 0, 1, 2, 7]" in str(info.value)
    assert "expected [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]" in str(info.value)


def test_download_with_a_few_other_bytes_passes(tmp_path, monkeypatch, raw):
    # no sha256 on the download path: one changed pixel is still MNIST
    arrays = _arrays(raw)
    arrays["x_train"] = arrays["x_train"].copy()
    arrays["x_train"][0, 0, 0] ^= 1
    _download_returns(monkeypatch, tmp_path, arrays)
    (x_train, _), _ = load_mnist(shape="raw", scale=False)
    assert x_train[0, 0, 0] == 1


def test_facts_in_code_are_those_in_data_readme():
    text = (Path(data.__file__).resolve().parent.parent / "data" / "README.md").read_text()
    text = " ".join(text.split())  # lines may wrap anywhere
    for key, facts in data.MNIST_FACTS.items():
        assert f"{key} {facts['shape']}" in text
        assert f"{key} {facts['shape']} {facts['dtype']}: {data.MNIST_SHA256[key]}" in text
        for fact in ("counts", "first"):
            if fact in facts:
                assert f"{key} [{' '.join(map(str, facts[fact]))}]" in text
    assert f"{data.MNIST_FACTS['x_train']['mean']} +- {data.MNIST_MEAN_TOLERANCE}" in text


def test_one_clear_message_when_offline_without_file(tmp_path, monkeypatch):
    def offline():
        raise OSError("network is unreachable")

    monkeypatch.setenv("AEKERAS_DATA", str(tmp_path))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(
        RuntimeError, match=r"MNIST is not available.*network is unreachable.*AEKERAS_DATA"
    ):
        load_mnist()


def test_env_folder_with_a_copy_is_used(tmp_path, monkeypatch):
    shutil.copy(data.default_mnist_path(), tmp_path / "mnist.npz")
    monkeypatch.setenv("AEKERAS_DATA", str(tmp_path))
    assert data.default_mnist_path() == tmp_path / "mnist.npz"
    (x, _), _ = load_mnist(n_train=5)
    assert x.shape == (5, 28, 28, 1)


def test_slide_tables():
    t1, t2 = data.linear_table(), data.square_table()
    np.testing.assert_array_equal(t1[:, 1], 2 * t1[:, 0] + 2)
    np.testing.assert_array_equal(t2[:, 1], t2[:, 0] ** 2)
    np.testing.assert_array_equal(data.one_hot_838(), np.eye(8))
    hidden = data.slide_838_hidden_values()
    assert hidden.shape == (8, 3) and hidden[0].tolist() == pytest.approx([0.89, 0.04, 0.08])
