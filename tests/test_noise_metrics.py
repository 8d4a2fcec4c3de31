"""Seeded test-set corruption (aekeras.denoising), PSNR and reconstruction error (metrics)."""

import keras
import numpy as np
import pytest

from aekeras import (
    add_gaussian_noise,
    corrupt,
    mask_patch,
    mask_pixels,
    psnr,
    reconstruction_error,
    salt_and_pepper,
)
from aekeras.denoising import NOISE_LEVELS

X = np.random.default_rng(0).uniform(0.1, 0.9, size=(20, 12, 12, 1)).astype("float32")
HELPERS = {
    "gaussian": lambda x, seed: add_gaussian_noise(x, sigma=0.3, seed=seed, clip=True),
    "mask": lambda x, seed: mask_patch(x, size=5, seed=seed),
    "salt_pepper": lambda x, seed: salt_and_pepper(x, amount=0.2, seed=seed),
    "pixels": lambda x, seed: mask_pixels(x, rate=0.3, seed=seed),
}
# corrupt's vocabulary: the helper behind each kind of noise
BY_NOISE = {
    "gaussian": add_gaussian_noise,
    "mask": mask_patch,
    "pixels": mask_pixels,
    "salt_pepper": salt_and_pepper,
}


@pytest.mark.parametrize("name", HELPERS)
def test_corruption_is_seeded_in_range_and_leaves_the_input_alone(name):
    x = X.copy()
    first, again, other = HELPERS[name](x, 1), HELPERS[name](x, 1), HELPERS[name](x, 2)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.shape == x.shape and first.dtype == np.float32
    assert first.min() >= 0 and first.max() <= 1
    assert not np.array_equal(first, x)
    np.testing.assert_array_equal(x, X)  # input not modified


def test_gaussian_noise_has_the_asked_sigma_and_clips_only_when_asked():
    x = np.full((200, 10, 10), 0.5, dtype="float32")
    noisy = add_gaussian_noise(x, sigma=0.1, seed=0, clip=False)
    assert abs((noisy - x).std() - 0.1) < 0.005
    # like the training layer (keras.layers.GaussianNoise), the default does not clip
    np.testing.assert_allclose(
        add_gaussian_noise(x, sigma=1.0, seed=0), x + (noisy - x) * 10, atol=1e-5
    )
    assert add_gaussian_noise(x, sigma=1.0, seed=0).max() > 1
    assert add_gaussian_noise(x, sigma=1.0, seed=0, clip=True).max() <= 1


def test_mask_patch_darkens_one_square_per_image():
    out = mask_patch(np.ones((10, 12, 12), dtype="float32"), size=4, seed=3)
    for img in out:
        rows, cols = np.nonzero(img == 0)
        assert len(rows) == 16 and np.ptp(rows) == 3 and np.ptp(cols) == 3


def test_mask_patch_reaches_every_row_and_column_of_a_non_square_image():
    # 6 x 20 images, 3 x 3 patches: tops in 0..3, lefts in 0..17, drawn independently
    out = mask_patch(np.ones((400, 6, 20), dtype="float32"), size=3, seed=0)
    tops = [np.nonzero(img == 0)[0].min() for img in out]
    lefts = [np.nonzero(img == 0)[1].min() for img in out]
    assert set(tops) == set(range(4)) and set(lefts) == set(range(18))
    assert all(np.sum(img == 0) == 9 for img in out)


@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_mask_pixels_zeroes_the_asked_share_and_keeps_the_rest(rate):
    x = np.full((100, 28, 28), 0.5, dtype="float32")
    out = mask_pixels(x, rate=rate, seed=0)
    assert abs((out == 0).mean() - rate) < 0.01
    assert set(np.unique(out)) == {0.0, 0.5} and out.dtype == np.float32


@pytest.mark.parametrize("noise", BY_NOISE)
def test_corrupt_speaks_the_factory_vocabulary(noise):
    helper = BY_NOISE[noise]
    level = {"gaussian": 0.2, "mask": 4, "pixels": 0.2, "salt_pepper": 0.2}[noise]
    np.testing.assert_array_equal(corrupt(X, noise, level, seed=5), helper(X, level, seed=5))
    default = NOISE_LEVELS[noise]
    np.testing.assert_array_equal(corrupt(X, noise, seed=5), helper(X, default, seed=5))


@pytest.mark.parametrize("noise", BY_NOISE)
def test_helper_defaults_are_the_factory_noise_levels_and_seed_0(noise):
    helper = BY_NOISE[noise]
    expected = helper(X, NOISE_LEVELS[noise], seed=0)
    np.testing.assert_array_equal(helper(X), expected)
    np.testing.assert_array_equal(corrupt(X, noise), expected)
    if noise == "gaussian":
        np.testing.assert_array_equal(corrupt(X), expected)  # the default kind


def test_helpers_take_flat_batches_and_every_square_side_that_fits():
    flat = X.reshape(20, -1)
    assert add_gaussian_noise(flat).shape == mask_pixels(flat).shape == flat.shape
    assert salt_and_pepper(flat).shape == flat.shape
    for size in (1, 12):  # 12 x 12 images: sides 1..12
        out = mask_patch(X, size=size)
        assert np.all(np.sum(out[..., 0] == 0, axis=(1, 2)) == size * size)


def test_salt_and_pepper_hits_the_asked_fraction_with_zeros_and_ones():
    x = np.full((100, 28, 28), 0.5, dtype="float32")
    out = salt_and_pepper(x, amount=0.2, seed=0)
    hit = out != 0.5
    assert abs(hit.mean() - 0.2) < 0.01
    assert set(np.unique(out[hit])) == {0.0, 1.0}
    assert abs((out[hit] == 1).mean() - 0.5) < 0.03


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: add_gaussian_noise(X, sigma=-0.1), "sigma=-0.1"),
        (lambda: mask_patch(X, size=0), "size=0"),
        (lambda: mask_patch(X, size=13), "size=13"),
        (lambda: mask_patch(X.reshape(20, -1), size=3), "x with shape"),
        (lambda: salt_and_pepper(X, amount=1.5), "amount=1.5"),
        (lambda: salt_and_pepper(X, amount=0), "amount=0"),
        (lambda: salt_and_pepper(X, amount=1), "amount=1"),
        (lambda: mask_pixels(X, rate=0), "rate=0"),
        (lambda: mask_pixels(X, rate=1), "rate=1"),
        (lambda: add_gaussian_noise(X, sigma=0), "sigma=0"),
        (lambda: add_gaussian_noise(X, sigma=1.01), "sigma=1.01"),
        (lambda: corrupt(X, "blur"), "noise='blur'"),
        (lambda: mask_pixels(np.ones(5), rate=0.3), r"x with shape \(5,\)"),
        (lambda: mask_pixels(np.ones((0, 4)), rate=0.3), r"x with shape \(0, 4\)"),
        (lambda: psnr(X, X, max_val=0), "max_val=0"),
        (lambda: psnr(X, X[:3]), "must be batches"),
        (lambda: reconstruction_error(X, X, kind="mae"), "kind='mae'"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_psnr_matches_its_definition():
    clean = np.zeros((3, 4, 4), dtype="float32")
    other = clean + np.array([0.1, 0.01, 0.2], dtype="float32")[:, None, None]
    expected = np.mean(10 * np.log10(1 / np.array([0.01, 0.0001, 0.04])))
    np.testing.assert_allclose(psnr(clean, other), expected, rtol=1e-6)
    np.testing.assert_allclose(psnr(clean * 255, other * 255, max_val=255), expected, rtol=1e-6)
    # an unchanged image counts as the 100 dB cap, so the mean stays finite
    assert psnr(clean, clean) == 100.0
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
