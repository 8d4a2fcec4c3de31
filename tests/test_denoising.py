"""aekeras.denoising: the denoising and dropout autoencoders, their training-only noise layers
(MaskingNoise, SaltAndPepper, noise_layer) and the seeded numpy corruption of a test set."""

import keras
import numpy as np
import pytest
from conftest import (
    as_np,
    check_factory_contract,
    check_flat_and_small_shapes,
    check_layer_round_trip,
    check_non_default_factory_round_trip,
    check_refused,
    one_layer_model,
)

from aekeras import (
    NOISE_LEVELS,
    MaskingNoise,
    SaltAndPepper,
    add_gaussian_noise,
    corrupt,
    create_denoising_ae,
    create_dense_ae,
    create_dropout_ae,
    mask_patch,
    mask_pixels,
    noise_layer,
    psnr,
    salt_and_pepper,
)

FACTORIES = {
    "denoising_gaussian": lambda **kw: create_denoising_ae(encoding_dim=32, noise="gaussian", **kw),
    "denoising_mask": lambda **kw: create_denoising_ae(encoding_dim=32, noise="mask", **kw),
    "denoising_pixels": lambda **kw: create_denoising_ae(encoding_dim=32, noise="pixels", **kw),
    "denoising_salt_pepper": lambda **kw: create_denoising_ae(
        encoding_dim=32, noise="salt_pepper", **kw
    ),
    "dropout_input": lambda **kw: create_dropout_ae(encoding_dim=32, where="input", **kw),
    "dropout_code": lambda **kw: create_dropout_ae(encoding_dim=32, where="code", **kw),
}
FLAT = [name for name in FACTORIES if name != "denoising_mask"]  # a square needs an image

# test-set images: 20 of 12 x 12, values inside (0, 1) so that every corruption shows
X = np.random.default_rng(0).uniform(0.1, 0.9, size=(20, 12, 12, 1)).astype("float32")
# corrupt's vocabulary: the helper behind each kind of noise
BY_NOISE = {
    "gaussian": add_gaussian_noise,
    "mask": mask_patch,
    "pixels": mask_pixels,
    "salt_pepper": salt_and_pepper,
}


# ---- the factories -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FACTORIES)
def test_factory_contract(name, mnist_small, tmp_path):
    check_factory_contract(FACTORIES[name], mnist_small, tmp_path)


@pytest.mark.parametrize("shape", [(784,), (8,)])
@pytest.mark.parametrize("name", FLAT)
def test_flat_and_small_shapes(name, shape):
    check_flat_and_small_shapes(FACTORIES[name], shape)


@pytest.mark.parametrize("noise", ["gaussian", "mask", "pixels", "salt_pepper"])
def test_denoising_noise_acts_in_training_only(noise, mnist_small):
    _, (x_test, _) = mnist_small
    x = x_test[:32]
    encoder, decoder, autoencoder = create_denoising_ae(encoding_dim=16, noise=noise, seed=1)
    noise_in_model = encoder.get_layer("noise")
    noisy = as_np(noise_in_model(x, training=True))
    assert not np.array_equal(noisy, x)
    np.testing.assert_array_equal(as_np(noise_in_model(x, training=False)), x)
    # predict is deterministic and equals the pass without the noise layer
    clean_code = encoder.get_layer("code")(x.reshape(len(x), -1))
    noiseless = as_np(decoder(clean_code))
    first, second = autoencoder.predict(x, verbose=0), autoencoder.predict(x, verbose=0)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(first, noiseless, atol=1e-6)
    assert not np.allclose(as_np(autoencoder(x, training=True)), first)


@pytest.mark.parametrize("noise", NOISE_LEVELS)
def test_the_factory_noise_is_noise_layer_of_the_same_arguments(noise):
    level = {"gaussian": 0.2, "mask": 4, "pixels": 0.4, "salt_pepper": 0.05}[noise]
    encoder, _, _ = create_denoising_ae(noise=noise, noise_level=level, seed=7)
    in_model = encoder.get_layer("noise")
    alone = noise_layer(noise, level, seed=7)
    assert type(in_model) is type(alone)
    assert in_model.get_config() == alone.get_config()


def test_denoising_beats_the_same_network_trained_without_noise(mnist_small):
    """The noise inside the model is what teaches denoising: the same architecture, budget and
    seed trained on clean inputs restores noisy test images worse."""
    (x_train, _), (x_test, _) = mnist_small
    noisy = add_gaussian_noise(x_test, sigma=0.5, seed=0, clip=True)
    restored = {}
    for name, factory in {
        "dae": lambda: create_denoising_ae(encoding_dim=256, noise="gaussian", noise_level=0.5),
        "plain": lambda: create_dense_ae(encoding_dim=256),
    }.items():
        keras.utils.set_random_seed(0)
        _, _, autoencoder = factory()
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=15, batch_size=32, verbose=0)
        restored[name] = psnr(x_test, autoencoder.predict(noisy, verbose=0))
    assert restored["dae"] > restored["plain"] + 0.4  # dB (measured: 14.7 against 13.8)
    assert restored["dae"] > psnr(x_test, noisy) + 3.0


def test_denoising_may_be_overcomplete():
    encoder, _, autoencoder = create_denoising_ae(input_shape=(8,), encoding_dim=32)
    assert encoder.output_shape == (None, 32)
    assert autoencoder.output_shape == (None, 8)


@pytest.mark.parametrize("where", ["input", "code"])
def test_dropout_acts_in_training_only(where, mnist_small):
    _, (x_test, _) = mnist_small
    encoder, _, autoencoder = create_dropout_ae(encoding_dim=32, rate=0.5, where=where)
    x = x_test[:64]
    np.testing.assert_array_equal(
        autoencoder.predict(x, verbose=0), autoencoder.predict(x, verbose=0)
    )
    trained = as_np(autoencoder(x, training=True))
    assert not np.allclose(trained, autoencoder.predict(x, verbose=0))
    assert encoder.get_layer("dropout").rate == 0.5
    if where == "code":
        h_test = as_np(encoder(x, training=False))
        h_train = as_np(encoder(x, training=True))
        dropped = (h_train == 0) & (h_test != 0)
        assert 0.35 < dropped.sum() / (h_test != 0).sum() < 0.65  # about rate = 0.5


NON_DEFAULT_FACTORIES = {
    "denoising": lambda: create_denoising_ae(
        (6, 6, 1), encoding_dim=9, noise="pixels", noise_level=0.45, seed=4
    ),
    "denoising_mask": lambda: create_denoising_ae(
        (6, 6, 1), encoding_dim=9, noise="mask", noise_level=3, seed=4
    ),
    "dropout": lambda: create_dropout_ae((6, 6, 1), encoding_dim=9, rate=0.4, where="code"),
}


@pytest.mark.parametrize("name", NON_DEFAULT_FACTORIES)
def test_factories_with_non_default_values_save_and_load_them(name, tmp_path):
    check_non_default_factory_round_trip(NON_DEFAULT_FACTORIES[name], tmp_path)


# ---- noise layers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "noise, layer_type, attribute",
    [
        ("gaussian", keras.layers.GaussianNoise, "stddev"),
        ("mask", MaskingNoise, "size"),
        ("pixels", MaskingNoise, "rate"),
        ("salt_pepper", SaltAndPepper, "amount"),
    ],
)
def test_noise_layer_is_the_layer_of_the_table_named_noise(noise, layer_type, attribute):
    default = noise_layer(noise, seed=3)
    assert type(default) is layer_type and default.name == "noise" and default.seed == 3
    assert getattr(default, attribute) == NOISE_LEVELS[noise]
    level = {"gaussian": 0.5, "mask": 6, "pixels": 0.6, "salt_pepper": 0.25}[noise]
    assert getattr(noise_layer(noise, level), attribute) == level
    if layer_type is MaskingNoise:
        assert default.kind == {"mask": "patch", "pixels": "pixels"}[noise]
    assert type(noise_layer()) is keras.layers.GaussianNoise  # "gaussian" by default


@pytest.mark.parametrize(
    "layer",
    [
        MaskingNoise("patch", size=5, seed=1),
        MaskingNoise("pixels", rate=0.3, seed=1),
        SaltAndPepper(0.2, seed=1),
    ],
    ids=["patch", "pixels", "salt_pepper"],
)
def test_noise_layers_act_in_training_only(layer):
    x = np.random.default_rng(3).uniform(0.2, 0.8, size=(16, 12, 12, 1)).astype("float32")
    np.testing.assert_array_equal(as_np(layer(x, training=False)), x)
    np.testing.assert_array_equal(as_np(layer(x)), x)  # no training flag: inference
    noisy = as_np(layer(x, training=True))
    assert noisy.shape == x.shape and not np.array_equal(noisy, x)
    changed = noisy != x
    assert np.all(np.isin(noisy[changed], [0.0, 1.0]))  # only 0 (mask/pepper) or 1 (salt)
    assert layer.compute_output_shape((None, 12, 12, 1)) == (None, 12, 12, 1)


@pytest.mark.parametrize(
    "make",
    [
        lambda **kw: MaskingNoise("patch", size=3, seed=1, **kw),
        lambda **kw: MaskingNoise("pixels", rate=0.5, seed=1, **kw),
        lambda **kw: SaltAndPepper(0.5, seed=1, **kw),
    ],
    ids=["patch", "pixels", "salt_pepper"],
)
def test_noise_layers_compute_in_the_dtype_of_their_policy(make):
    """Under mixed precision the layer computes in float16, and the noise comes out float16."""
    x = np.full((4, 6, 6, 1), 0.5, dtype="float32")
    out = make(dtype="mixed_float16")(x, training=True)
    assert keras.backend.standardize_dtype(out.dtype) == "float16"
    assert np.any(as_np(out) != x)


def test_masking_patch_darkens_one_square_of_the_given_side_per_image():
    x = np.ones((10, 12, 12, 1), dtype="float32")
    out = as_np(MaskingNoise("patch", size=4, seed=0)(x, training=True))
    for img in out[..., 0]:
        rows, cols = np.nonzero(img == 0)
        assert len(rows) == 16
        assert rows.max() - rows.min() == 3 and cols.max() - cols.min() == 3


def test_masking_patch_fits_a_square_as_tall_as_the_image_and_pixels_takes_any_shape():
    # a square as tall as a 6 x 20 image fits, on 3-d and 4-d images alike
    for shape in [(5, 6, 20), (5, 6, 20, 1)]:
        out = MaskingNoise("patch", size=6, seed=0)(np.ones(shape, "float32"), training=True)
        assert np.all(np.sum(as_np(out) == 0, axis=(1, 2)).ravel() == 36)
    out = MaskingNoise("pixels", rate=0.5, seed=0)(np.ones((2, 784), "float32"), training=True)
    assert 0 < np.mean(as_np(out) == 0) < 1


def test_masking_patch_lands_anywhere_it_fits_on_a_non_square_image():
    # 6 x 20 images, 3 x 3 squares: 4 rows and 18 columns of top-left corners, all reachable
    out = MaskingNoise("patch", size=3, seed=0)(np.ones((2000, 6, 20), "float32"), training=True)
    out = as_np(out)
    assert np.all(np.sum(out == 0, axis=(1, 2)) == 9)  # the whole square inside the image
    tops = {int(np.nonzero(img == 0)[0].min()) for img in out}
    lefts = {int(np.nonzero(img == 0)[1].min()) for img in out}
    assert tops == set(range(4)) and lefts == set(range(18))


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: MaskingNoise("patch", size=4, seed=seed),
        lambda seed: MaskingNoise("pixels", rate=0.3, seed=seed),
        lambda seed: SaltAndPepper(0.3, seed=seed),
    ],
    ids=["patch", "pixels", "salt_pepper"],
)
def test_noise_layers_are_reproducible_from_their_seed(make):
    x = np.full((8, 12, 12, 1), 0.5, dtype="float32")

    def draw(seed):
        return as_np(make(seed)(x, training=True))

    np.testing.assert_array_equal(draw(1), draw(1))
    assert not np.array_equal(draw(1), draw(2))


def test_noise_layers_change_the_asked_share_of_values():
    x = np.full((200, 20, 20, 1), 0.5, dtype="float32")
    pixels = as_np(MaskingNoise("pixels", rate=0.3, seed=0)(x, training=True))
    assert (pixels == 0).mean() == pytest.approx(0.3, abs=0.01)
    sp = as_np(SaltAndPepper(0.2, seed=0)(x, training=True))
    hit = sp != 0.5
    assert hit.mean() == pytest.approx(0.2, abs=0.01)
    assert (sp[hit] == 1).mean() == pytest.approx(0.5, abs=0.03)  # half salt, half pepper


@pytest.mark.parametrize(
    "layer",
    [MaskingNoise("pixels", rate=0.2, seed=3), SaltAndPepper(0.05, seed=2)],
    ids=lambda layer: type(layer).__name__,
)
def test_layers_are_registered_and_round_trip_their_config(layer):
    check_layer_round_trip(layer)


NON_DEFAULT_LAYERS = {
    "MaskingNoise": (lambda: MaskingNoise("pixels", size=3, rate=0.45, seed=3), (6,)),
    "MaskingNoise_patch": (lambda: MaskingNoise("patch", size=3, seed=3), (6, 6, 1)),
    "SaltAndPepper": (lambda: SaltAndPepper(0.35, seed=2), (6,)),
}


@pytest.mark.parametrize("name", NON_DEFAULT_LAYERS)
def test_layers_built_with_non_default_values_save_and_load_them(name, tmp_path):
    make, shape = NON_DEFAULT_LAYERS[name]
    model = one_layer_model(make(), shape)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[-1].get_config() == model.layers[-1].get_config()
    # the behaviour too: the same noise amount after loading
    x = np.random.default_rng(0).uniform(0.1, 0.9, size=(500, *shape)).astype("float32")
    share = [np.mean(as_np(m(x, training=True)) != x) for m in (model, loaded)]
    assert share[1] == pytest.approx(share[0], abs=0.02)


# ---- numpy corruption of a test set ------------------------------------------------------------

HELPERS = {
    "gaussian": lambda x, seed: add_gaussian_noise(x, sigma=0.3, seed=seed, clip=True),
    "mask": lambda x, seed: mask_patch(x, size=5, seed=seed),
    "salt_pepper": lambda x, seed: salt_and_pepper(x, amount=0.2, seed=seed),
    "pixels": lambda x, seed: mask_pixels(x, rate=0.3, seed=seed),
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


def test_add_gaussian_noise_adds_the_seeded_normal_draw():
    """x + N(0, sigma^2): the draw of numpy's generator seeded with seed, added, not subtracted."""
    noise = np.random.default_rng(5).normal(0.0, 0.3, size=X.shape).astype("float32")
    np.testing.assert_array_equal(add_gaussian_noise(X, sigma=0.3, seed=5), X + noise)


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


def test_salt_and_pepper_hits_the_asked_fraction_with_zeros_and_ones():
    x = np.full((100, 28, 28), 0.5, dtype="float32")
    out = salt_and_pepper(x, amount=0.2, seed=0)
    hit = out != 0.5
    assert abs(hit.mean() - 0.2) < 0.01
    assert set(np.unique(out[hit])) == {0.0, 1.0}
    assert abs((out[hit] == 1).mean() - 0.5) < 0.03


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


def test_helpers_take_the_boundary_levels_of_their_ranges():
    assert add_gaussian_noise(X, sigma=1.0).shape == X.shape  # sigma in (0, 1]
    assert np.mean(mask_pixels(X, rate=0.999) == 0) > 0.99  # rate in (0, 1)
    assert np.mean(salt_and_pepper(X, amount=0.999) != X) > 0.99  # amount in (0, 1)
    np.testing.assert_array_equal(corrupt(X[:1], "mask", 12, seed=0), 0.0)  # the whole image


# ---- bad arguments -----------------------------------------------------------------------------

BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: create_denoising_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (lambda: create_denoising_ae(input_shape=(0,)), "input_shape=(0,)", "positive integers"),
    (lambda: create_denoising_ae(activation="relU"), "activation='relU'", "Keras activation"),
    (
        lambda: create_denoising_ae(output_activation="sigmoidd"),
        "output_activation='sigmoidd'",
        "Keras activation",
    ),
    (lambda: create_denoising_ae(noise="blur"), "noise='blur'", "'mask', 'pixels', 'salt_pepper'"),
    (lambda: create_denoising_ae(noise_level=1.5), "noise_level=1.5", "(0, 1]"),
    (lambda: create_denoising_ae(noise_level=0), "noise_level=0", "(0, 1]"),
    (lambda: create_denoising_ae(noise="mask", noise_level=0.3), "noise_level=0.3", "side >= 1"),
    (lambda: create_denoising_ae(noise="mask", noise_level=29), "size=29", "image side 28"),
    (
        lambda: create_denoising_ae(input_shape=(784,), noise="mask"),
        "got shape (None, 784)",
        "needs images (batch, H, W[, C])",
    ),
    (lambda: create_denoising_ae(noise="pixels", noise_level=1.0), "noise_level=1.0", "(0, 1)"),
    (
        lambda: create_denoising_ae(noise="salt_pepper", noise_level=-0.1),
        "noise_level=-0.1",
        "(0, 1)",
    ),
    (lambda: create_dropout_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (lambda: create_dropout_ae(rate=1.0), "rate=1.0", "[0, 1)"),
    (lambda: create_dropout_ae(rate=-0.1), "rate=-0.1", "[0, 1)"),
    (lambda: create_dropout_ae(where="output"), "where='output'", "'input' or 'code'"),
    (lambda: create_dropout_ae(activation="rel"), "activation='rel'", "Keras activation"),
    (lambda: noise_layer("blur"), "noise='blur'", "('gaussian', 'mask', 'pixels', 'salt_pepper')"),
    (lambda: noise_layer("mask", 0), "noise_level=0", "square side >= 1"),
    (lambda: noise_layer("mask", True), "noise_level=True", "square side >= 1"),
    (lambda: noise_layer("gaussian", 1.01), "noise_level=1.01", "(0, 1]"),
    (lambda: noise_layer("pixels", 0), "noise_level=0", "(0, 1)"),
    (lambda: noise_layer("salt_pepper", 1), "noise_level=1", "(0, 1)"),
    (lambda: MaskingNoise("blur"), "kind='blur'", "'patch' or 'pixels'"),
    (lambda: MaskingNoise("patch", size=0), "size=0", "positive integer"),
    (lambda: MaskingNoise("patch", size=2.0), "size=2.0", "positive integer"),
    (lambda: MaskingNoise("patch", size=True), "size=True", "positive integer"),
    (lambda: MaskingNoise("pixels", rate=1.0), "rate=1.0", "(0, 1)"),
    (lambda: MaskingNoise("pixels", rate=0), "rate=0", "(0, 1)"),
    (
        lambda: MaskingNoise("patch", size=3)(np.ones((2, 784), "float32")),
        "got shape (2, 784)",
        "kind='patch' needs images (batch, H, W[, C])",
    ),
    (
        lambda: MaskingNoise("patch", size=7)(np.ones((2, 6, 20, 1), "float32")),
        "size=7",
        "at most the image side 6",
    ),
    (
        lambda: MaskingNoise("patch", size=7)(np.ones((2, 20, 6), "float32")),
        "size=7",
        "at most the image side 6",
    ),
    (lambda: SaltAndPepper(1.5), "amount=1.5", "(0, 1)"),
    (lambda: SaltAndPepper(0), "amount=0", "(0, 1)"),
    (lambda: add_gaussian_noise(X, sigma=-0.1), "sigma=-0.1", "(0, 1]"),
    (lambda: add_gaussian_noise(X, sigma=0), "sigma=0", "(0, 1]"),
    (lambda: add_gaussian_noise(X, sigma=1.01), "sigma=1.01", "(0, 1]"),
    (lambda: mask_patch(X, size=0), "size=0", "integer in 1..12"),
    (lambda: mask_patch(X, size=13), "size=13", "integer in 1..12"),
    (lambda: mask_patch(X, size=2.5), "size=2.5", "integer in 1..12"),
    (lambda: mask_patch(X[:, :5], size=6), "size=6", "integer in 1..5"),
    (lambda: mask_patch(X[:, :, :5], size=6), "size=6", "integer in 1..5"),
    (
        lambda: mask_patch(X.reshape(20, -1), size=3),
        "x with shape (20, 144)",
        "images (n, H, W) or (n, H, W, C)",
    ),
    (
        lambda: mask_patch(X[..., None], size=3),
        "x with shape (20, 12, 12, 1, 1)",
        "images (n, H, W) or (n, H, W, C)",
    ),
    (lambda: salt_and_pepper(X, amount=1.5), "amount=1.5", "(0, 1)"),
    (lambda: salt_and_pepper(X, amount=0), "amount=0", "(0, 1)"),
    (lambda: salt_and_pepper(X, amount=1), "amount=1", "(0, 1)"),
    (lambda: mask_pixels(X, rate=0), "rate=0", "(0, 1)"),
    (lambda: mask_pixels(X, rate=1), "rate=1", "(0, 1)"),
    (lambda: mask_pixels(np.ones(5), rate=0.3), "x with shape (5,)", "non-empty batch"),
    (lambda: mask_pixels(np.ones((0, 4)), rate=0.3), "x with shape (0, 4)", "non-empty batch"),
    (lambda: salt_and_pepper(np.ones((0, 4))), "x with shape (0, 4)", "non-empty batch"),
    (lambda: add_gaussian_noise(np.ones(3)), "x with shape (3,)", "non-empty batch"),
    (lambda: corrupt(X, "blur"), "noise='blur'", "('gaussian', 'mask', 'pixels', 'salt_pepper')"),
    (lambda: corrupt(X, "mask", 13), "size=13", "integer in 1..12"),
    (lambda: corrupt(X, "mask", 0.5), "noise_level=0.5", "square side >= 1"),
    (lambda: corrupt(X, "pixels", 0), "noise_level=0", "(0, 1)"),
    (lambda: corrupt(X, "gaussian", 2), "noise_level=2", "(0, 1]"),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)
