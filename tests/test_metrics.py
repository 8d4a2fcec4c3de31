"""aekeras.metrics: PSNR and the per-image reconstruction error (numpy)."""

import keras
import numpy as np
import pytest
from conftest import check_refused

from aekeras import psnr, reconstruction_error
from aekeras.metrics import PSNR_CAP_DB

X = np.random.default_rng(0).uniform(0.1, 0.9, size=(20, 12, 12, 1)).astype("float32")


def test_psnr_matches_its_definition():
    clean = np.zeros((3, 4, 4), dtype="float32")
    other = clean + np.array([0.1, 0.01, 0.2], dtype="float32")[:, None, None]
    expected = np.mean(10 * np.log10(1 / np.array([0.01, 0.0001, 0.04])))
    np.testing.assert_allclose(psnr(clean, other), expected, rtol=1e-6)
    np.testing.assert_allclose(psnr(clean * 255, other * 255, max_val=255), expected, rtol=1e-6)
    # an unchanged image counts as the 100 dB cap, so the mean stays finite
    assert psnr(clean, clean) == PSNR_CAP_DB == 100.0
    np.testing.assert_allclose(psnr(clean[:2], np.stack([clean[0], other[0]])), (100 + 20) / 2)


def test_reconstruction_error_agrees_with_keras_losses():
    rng = np.random.default_rng(1)
    x = rng.uniform(size=(6, 7, 7, 1)).astype("float32")
    x_hat = rng.uniform(0.05, 0.95, size=x.shape).astype("float32")
    flat, flat_hat = x.reshape(6, -1), x_hat.reshape(6, -1)
    mse = keras.ops.convert_to_numpy(keras.losses.mean_squared_error(flat, flat_hat))
    bce = keras.ops.convert_to_numpy(keras.losses.binary_crossentropy(flat, flat_hat))
    np.testing.assert_allclose(reconstruction_error(x, x_hat, "mse"), mse, rtol=1e-5)
    np.testing.assert_allclose(reconstruction_error(x, x_hat, "bce"), bce, rtol=1e-4)
    np.testing.assert_array_equal(
        reconstruction_error(x, x_hat), reconstruction_error(x, x_hat, "mse")
    )


def test_reconstruction_error_bce_stays_finite_on_certain_wrong_pixels():
    x = np.array([[1.0, 0.0]], dtype="float32")
    errors = reconstruction_error(x, np.array([[0.0, 1.0]], dtype="float32"), "bce")
    np.testing.assert_allclose(errors, [-np.log(1e-7)], rtol=1e-6)  # clipped to [eps, 1 - eps]


BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: psnr(X, X, max_val=0), "max_val=0", "> 0"),
    (lambda: psnr(X, X, max_val=-1.0), "max_val=-1.0", "> 0"),
    (lambda: psnr(X, X[:3]), "clean (20, 12, 12, 1) and other (3, 12, 12, 1)", "of one shape"),
    (lambda: reconstruction_error(X, X, kind="mae"), "kind='mae'", "'mse' or 'bce'"),
    (lambda: reconstruction_error(X[0, 0, 0], X[0, 0, 0]), "clean (1,) and other (1,)", "(n, ...)"),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)
