"""aekeras.vae: the VAE factories (create_vae, create_conv_vae), the Sampling layer and its KL,
the reconstruction metric, and training the documented way."""

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
    needs_layer_metrics,
    one_layer_model,
    own_losses,
)

from aekeras import Sampling, create_conv_vae, create_vae, gaussian_kl, reconstruction

FACTORIES = {"dense": create_vae, "conv": create_conv_vae}


@pytest.fixture
def images():
    return np.random.default_rng(0).uniform(size=(32, 28, 28, 1)).astype("float32")


def np_gaussian_kl(mean, log_var):
    return 0.5 * np.sum(np.exp(log_var) + mean**2 - 1 - log_var, axis=1)


# ---- the factories -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FACTORIES))
@pytest.mark.parametrize("latent", [2, 5])
def test_shapes_and_layer_names(name, latent, images):
    encoder, decoder, autoencoder = FACTORIES[name](latent_dim=latent, seed=0)
    z_mean, z_log_var, z = encoder.predict(images[:4], verbose=0)
    assert z_mean.shape == z_log_var.shape == z.shape == (4, latent)
    for layer in ("z_mean", "z_log_var"):
        assert encoder.get_layer(layer).output.shape[-1] == latent
    assert isinstance(encoder.get_layer("z"), Sampling)
    assert decoder.predict(np.zeros((3, latent)), verbose=0).shape == (3, 28, 28, 1)
    assert autoencoder.predict(images[:4], verbose=0).shape == (4, 28, 28, 1)
    assert [m.name for m in (encoder, decoder, autoencoder)] == [
        "encoder",
        "decoder",
        "autoencoder",
    ]


def test_factory_contract(mnist_small, tmp_path):
    make = lambda: create_vae(latent_dim=2, hidden=(64,))  # noqa: E731
    check_factory_contract(make, mnist_small, tmp_path)


@pytest.mark.parametrize("shape", [(784,), (8,)])
def test_flat_and_small_shapes(shape):
    check_flat_and_small_shapes(lambda **kw: create_vae(latent_dim=2, hidden=(64,), **kw), shape)


def test_conv_vae_is_the_keras_io_architecture():
    encoder, decoder, _ = create_conv_vae()
    # the keras.io example's summaries: 69,076 (encoder) and 65,089 (decoder) parameters
    assert encoder.count_params() == 69076
    assert decoder.count_params() == 65089


def test_conv_vae_takes_other_image_sizes_and_channels():
    encoder, decoder, autoencoder = create_conv_vae(
        input_shape=(32, 16, 3), filters=(8, 16, 16), latent_dim=3, dense_units=8
    )
    x = np.zeros((2, 32, 16, 3), "float32")
    assert autoencoder.predict(x, verbose=0).shape == (2, 32, 16, 3)
    assert decoder.output_shape == (None, 32, 16, 3)


@pytest.mark.parametrize("name", list(FACTORIES))
def test_kl_weight_is_weight_over_the_number_of_pixels(name):
    """KL / n_pixels matches Keras's binary cross-entropy, a mean over the pixels."""
    encoder, _, _ = FACTORIES[name](input_shape=(8, 8, 1))
    assert encoder.get_layer("z").weight == pytest.approx(1 / 64)
    encoder, _, _ = FACTORIES[name](weight=4.0)
    assert encoder.get_layer("z").weight == pytest.approx(4 / 784)


@pytest.mark.parametrize("name", list(FACTORIES))
def test_save_and_load_give_the_same_predictions(name, images, tmp_path):
    _, _, autoencoder = FACTORIES[name](seed=0)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    autoencoder.fit(images, images, epochs=1, batch_size=16, verbose=0)
    path = tmp_path / f"{name}.keras"
    autoencoder.save(path)
    loaded = keras.models.load_model(path)  # Sampling is registered: no custom_objects
    np.testing.assert_allclose(
        loaded.predict(images, verbose=0), autoencoder.predict(images, verbose=0), atol=1e-6
    )


@pytest.mark.parametrize("name", list(FACTORIES))
def test_a_few_steps_lower_the_loss(name, mnist_small):
    (x, _), _ = mnist_small
    x = x[:256]
    keras.utils.set_random_seed(0)
    _, _, autoencoder = FACTORIES[name](seed=0)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy", metrics=[reconstruction])
    before = autoencoder.evaluate(x, x, verbose=0, return_dict=True)["loss"]
    autoencoder.fit(x, x, epochs=3, batch_size=32, verbose=0)
    after = autoencoder.evaluate(x, x, verbose=0, return_dict=True)["loss"]
    assert after < before


@pytest.mark.parametrize("name", list(FACTORIES))
def test_the_documented_usage_learns_the_digits_not_only_the_kl(name):
    """compile(optimizer, loss="binary_crossentropy") as the docstrings say, on scikit-learn's
    8 x 8 digits: a few epochs lower the reconstruction cross-entropy itself."""
    from sklearn.datasets import load_digits

    x = (load_digits().images / 16.0).astype("float32")[..., None]  # (1797, 8, 8, 1) in [0, 1]
    keras.utils.set_random_seed(0)
    shape = {"input_shape": (8, 8, 1), "latent_dim": 2}
    make = {
        "dense": lambda: create_vae(hidden=(64,), seed=0, **shape),
        "conv": lambda: create_conv_vae(filters=(16, 32), dense_units=16, seed=0, **shape),
    }[name]
    _, _, vae = make()
    vae.compile(
        optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy", metrics=[reconstruction]
    )
    before = vae.evaluate(x, x, batch_size=256, verbose=0, return_dict=True)
    history = vae.fit(x, x, epochs=8, batch_size=64, verbose=0)
    after = vae.evaluate(x, x, batch_size=256, verbose=0, return_dict=True)
    assert after["reconstruction"] < 0.8 * before["reconstruction"]  # nats per image (45 -> 25)
    assert history.history["reconstruction"][-1] < history.history["reconstruction"][0]
    assert after["loss"] < before["loss"]


def test_vae_samples_decode_to_images_and_kl_matches_closed_form(mnist_small):
    _, (x_test, _) = mnist_small
    encoder, decoder, autoencoder = create_vae(latent_dim=3, hidden=(32,), weight=2.0)
    z_mean, z_log_var, z = encoder.predict(x_test, verbose=0)
    assert z_mean.shape == z_log_var.shape == z.shape == (len(x_test), 3)
    samples = decoder.predict(np.random.default_rng(0).normal(size=(5, 3)), verbose=0)
    assert samples.shape == (5, 28, 28, 1)
    assert samples.min() >= 0 and samples.max() <= 1
    kl = np_gaussian_kl(z_mean, z_log_var)
    autoencoder(x_test)
    np.testing.assert_allclose(own_losses(autoencoder), 2.0 * kl.mean() / 784, rtol=1e-4)
    # training samples z around z_mean; inference uses z_mean
    z_train = as_np(encoder(x_test, training=True)[2])
    assert not np.allclose(z_train, z_mean, atol=1e-3)


@needs_layer_metrics
def test_vae_log_shows_kl_and_reconstruction_per_image_which_add_up_to_the_loss():
    x = np.random.default_rng(8).uniform(size=(32, 5, 5, 1)).astype("float32")
    encoder, decoder, ae = create_vae((5, 5, 1), latent_dim=2, hidden=(7,), weight=1.0, seed=0)
    ae.compile(optimizer="adam", loss="binary_crossentropy", metrics=[reconstruction])
    log = ae.evaluate(x, x, batch_size=len(x), verbose=0, return_dict=True)
    z_mean, z_log_var, _ = (as_np(t) for t in encoder(x))
    kl = np_gaussian_kl(z_mean, z_log_var).mean()
    p = np.clip(as_np(decoder(z_mean)), 1e-7, 1 - 1e-7)  # predict: z = mean
    nll = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=(1, 2, 3)).mean()
    np.testing.assert_allclose(log["kl"], kl, rtol=1e-4)
    np.testing.assert_allclose(log["reconstruction"], nll, rtol=1e-4)
    # the loss is the negative ELBO per pixel: (reconstruction + KL) / 25
    np.testing.assert_allclose(log["loss"], (nll + kl) / 25, rtol=1e-3)


NON_DEFAULT_FACTORIES = {
    "vae": lambda: create_vae((6, 6, 1), latent_dim=3, hidden=(5, 4), weight=3.0, seed=2),
    "conv_vae": lambda: create_conv_vae(
        (8, 8, 1), latent_dim=3, filters=(4,), dense_units=5, kernel_size=2, weight=3.0, seed=2
    ),
}


@pytest.mark.parametrize("name", NON_DEFAULT_FACTORIES)
def test_factories_with_non_default_values_save_and_load_them(name, tmp_path):
    if name == "conv_vae":  # 6 x 6 cannot be halved twice: its own images
        _, _, autoencoder = NON_DEFAULT_FACTORIES[name]()
        x = np.random.default_rng(1).uniform(size=(16, 8, 8, 1)).astype("float32")
        autoencoder.save(tmp_path / "m.keras")
        loaded = keras.models.load_model(tmp_path / "m.keras")
        assert loaded.get_layer("encoder").get_layer("z").get_config() == (
            autoencoder.get_layer("encoder").get_layer("z").get_config()
        )
        np.testing.assert_allclose(
            loaded.predict(x, verbose=0), autoencoder.predict(x, verbose=0), atol=1e-6
        )
        return
    check_non_default_factory_round_trip(NON_DEFAULT_FACTORIES[name], tmp_path)


# ---- Sampling, gaussian_kl, reconstruction -----------------------------------------------------


def test_sampling_adds_closed_form_gaussian_kl_and_is_deterministic_at_inference():
    rng = np.random.default_rng(5)
    mean = rng.normal(size=(64, 3)).astype("float32")
    log_var = rng.normal(scale=0.5, size=(64, 3)).astype("float32")
    layer = Sampling(weight=0.25, seed=0)
    z = as_np(layer([mean, log_var], training=False))
    np.testing.assert_array_equal(z, mean)
    np.testing.assert_array_equal(as_np(layer([mean, log_var])), mean)  # no flag: inference
    kl = np_gaussian_kl(mean, log_var)
    np.testing.assert_allclose(as_np(gaussian_kl(mean, log_var)), kl, rtol=1e-5)
    np.testing.assert_allclose(own_losses(layer), 0.25 * kl.mean(), rtol=1e-5)
    z_train = as_np(layer([mean, log_var], training=True))
    assert not np.allclose(z_train, mean)
    # reparameterization: (z - mean) / std is standard normal
    eps = (z_train - mean) / np.exp(0.5 * log_var)
    assert abs(eps.mean()) < 0.3 and 0.7 < eps.std() < 1.3


def test_sampling_default_weight_adds_the_kl_itself():
    mean = np.full((4, 2), 0.5, dtype="float32")
    log_var = np.full((4, 2), -1.0, dtype="float32")
    layer = Sampling(seed=0)
    layer([mean, log_var], training=True)
    np.testing.assert_allclose(own_losses(layer), np_gaussian_kl(mean, log_var).mean(), rtol=1e-5)


def test_gaussian_kl_is_zero_at_the_prior_and_positive_elsewhere():
    zeros = np.zeros((3, 4), "float32")
    np.testing.assert_allclose(as_np(gaussian_kl(zeros, zeros)), 0.0, atol=1e-7)
    assert np.all(as_np(gaussian_kl(zeros + 0.1, zeros)) > 0)
    assert np.all(as_np(gaussian_kl(zeros, zeros - 0.1)) > 0)


def test_sampling_draws_z_mean_plus_its_standard_deviation_times_the_seeded_eps():
    """z = z_mean + exp(z_log_var / 2) * eps, eps the first normal draw of a generator seeded
    like the layer's: the formula of the docstring, value for value."""
    rng = np.random.default_rng(6)
    mean = rng.normal(size=(8, 3)).astype("float32")
    log_var = rng.normal(size=(8, 3)).astype("float32")
    z = as_np(Sampling(seed=11)([mean, log_var], training=True))
    eps = as_np(keras.random.normal((8, 3), seed=keras.random.SeedGenerator(11)))
    np.testing.assert_allclose(z, mean + np.exp(log_var / 2) * eps, rtol=1e-5, atol=1e-6)


def test_sampling_noise_has_the_variance_exp_log_var():
    """z - z_mean must have variance exp(log_var): 4 here, not 1 (mean + eps) or 16."""
    mean = np.full((20000, 2), 3.0, dtype="float32")
    log_var = np.full((20000, 2), np.log(4.0), dtype="float32")
    z = as_np(Sampling(seed=0)([mean, log_var], training=True))
    noise = z - mean
    assert abs(noise.mean()) < 0.05
    assert noise.var() == pytest.approx(4.0, rel=0.05)


def test_sampling_draws_are_reproducible_from_its_seed():
    mean = np.zeros((64, 2), dtype="float32")
    log_var = np.zeros((64, 2), dtype="float32")

    def draw(seed):
        return as_np(Sampling(seed=seed)([mean, log_var], training=True))

    np.testing.assert_array_equal(draw(3), draw(3))
    assert not np.array_equal(draw(3), draw(4))


def test_sampling_is_registered_and_round_trips_its_config(tmp_path):
    again = check_layer_round_trip(Sampling(weight=0.5, seed=1))
    assert (again.weight, again.seed) == (0.5, 1)
    model = one_layer_model(Sampling(weight=0.5, seed=1), [(3,), (3,)])
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[-1].get_config() == model.layers[-1].get_config()
    x = [np.random.default_rng(0).uniform(0.1, 0.9, size=(500, 3)).astype("float32")] * 2
    model(x)
    loaded(x)
    np.testing.assert_allclose(own_losses(loaded), own_losses(model), rtol=1e-5)


def test_reconstruction_is_the_cross_entropy_summed_over_each_image_and_stays_finite():
    rng = np.random.default_rng(3)
    y = (rng.uniform(size=(4, 3, 3, 1)) > 0.5).astype("float32")
    p = rng.uniform(0.05, 0.95, size=y.shape).astype("float32")
    p[0, 0, 0, 0], p[1, 0, 0, 0] = 0.0, 1.0  # a certain, wrong pixel: clipped, not infinite
    y[0, 0, 0, 0], y[1, 0, 0, 0] = 1.0, 0.0
    q = np.clip(p, np.float32(1e-7), np.float32(1 - 1e-7))
    expected = -np.sum(y * np.log(q) + (1 - y) * np.log(1 - q), axis=(1, 2, 3))
    got = as_np(reconstruction(y, p))
    assert got.shape == (4,) and np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-4)
    assert keras.saving.get_registered_name(reconstruction) == "aekeras>reconstruction"


# ---- bad arguments -----------------------------------------------------------------------------

BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: create_vae(latent_dim=0), "latent_dim=0", "positive integer"),
    (lambda: create_vae(latent_dim=-2), "latent_dim=-2", "positive integer"),
    (lambda: create_vae(hidden=(0,)), "hidden=(0,)", "tuple of positive integers"),
    (lambda: create_vae(input_shape=()), "input_shape=()", "tuple of positive integers"),
    (lambda: create_vae(weight=-1.0), "weight=-1.0", ">= 0"),  # not -1 / 784
    (lambda: create_vae(activation="relU"), "activation='relU'", "Keras activation"),
    (lambda: create_conv_vae(latent_dim=0), "latent_dim=0", "positive integer"),
    (lambda: create_conv_vae(latent_dim=2.5), "latent_dim=2.5", "positive integer"),
    (
        lambda: create_conv_vae(input_shape=(28, 28)),
        "input_shape=(28, 28)",
        "(height, width, channels)",
    ),
    (
        lambda: create_conv_vae(input_shape=(30, 28, 1)),
        "input_shape=(30, 28, 1)",
        "divisible by 2**len(filters) = 4",
    ),
    (
        lambda: create_conv_vae(input_shape=(28, 30, 1)),
        "input_shape=(28, 30, 1)",
        "divisible by 2**len(filters) = 4",
    ),
    (lambda: create_conv_vae(filters=()), "filters=()", "tuple of positive integers"),
    (lambda: create_conv_vae(filters=(32, -1)), "filters=(32, -1)", "tuple of positive integers"),
    (lambda: create_conv_vae(dense_units=0), "dense_units=0", "positive integer"),
    (lambda: create_conv_vae(kernel_size=0), "kernel_size=0", "positive integer"),
    (lambda: create_conv_vae(weight=-2), "weight=-2", ">= 0"),
    (lambda: create_conv_vae(activation="softmx"), "activation='softmx'", "Keras activation"),
    (
        lambda: create_conv_vae(output_activation="sigmod"),
        "output_activation='sigmod'",
        "Keras activation",
    ),
    (lambda: Sampling(weight=-1), "weight=-1", ">= 0"),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)
