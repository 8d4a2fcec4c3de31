"""Factories of the topic modules: the factory contract for each, then each variant's own idea."""

import keras
import numpy as np
import pytest
from conftest import batch_jacobian

from aekeras import (
    add_gaussian_noise,
    create_contractive_ae,
    create_conv_ae,
    create_denoising_ae,
    create_dense_ae,
    create_dropout_ae,
    create_k_sparse_ae,
    create_linear_decoder_ae,
    create_sparse_ae,
    create_vae,
    load_mnist,
    psnr,
    reconstruction_error,
)

FACTORIES = {
    "conv": lambda **kw: create_conv_ae(filters=(8, 16), encoding_dim=16, **kw),
    "denoising_gaussian": lambda **kw: create_denoising_ae(encoding_dim=32, noise="gaussian", **kw),
    "denoising_mask": lambda **kw: create_denoising_ae(encoding_dim=32, noise="mask", **kw),
    "denoising_pixels": lambda **kw: create_denoising_ae(encoding_dim=32, noise="pixels", **kw),
    "denoising_salt_pepper": lambda **kw: create_denoising_ae(
        encoding_dim=32, noise="salt_pepper", **kw
    ),
    "sparse_kl": lambda **kw: create_sparse_ae(encoding_dim=32, penalty="kl", **kw),
    "sparse_l1": lambda **kw: create_sparse_ae(encoding_dim=32, penalty="l1", **kw),
    "sparse_l2": lambda **kw: create_sparse_ae(encoding_dim=32, penalty="l2", **kw),
    "k_sparse": lambda **kw: create_k_sparse_ae(encoding_dim=32, k=8, **kw),
    "linear_decoder": lambda **kw: create_linear_decoder_ae(encoding_dim=32, **kw),
    "contractive": lambda **kw: create_contractive_ae(encoding_dim=32, **kw),
    "dropout_input": lambda **kw: create_dropout_ae(encoding_dim=32, where="input", **kw),
    "dropout_code": lambda **kw: create_dropout_ae(encoding_dim=32, where="code", **kw),
    "vae": lambda **kw: create_vae(latent_dim=2, hidden=(64,), **kw),
}
DENSE = [name for name in FACTORIES if name not in ("conv", "denoising_mask")]
# 512 images: 5 epochs of batch 32 are 80 steps; Adam at 3e-3 gets past the "mean image" plateau
EPOCHS, BATCH, LR = 5, 32, 3e-3


@pytest.fixture(scope="module")
def mnist():
    (x_train, _), (x_test, _) = load_mnist(n_train=512, n_test=256, seed=0)
    return x_train, x_test


def code_of(encoder, x):
    out = encoder.predict(x, verbose=0)
    return out[2] if isinstance(out, list) else out  # the VAE's encoder gives [mean, log_var, z]


def total_loss(model):
    return float(sum(keras.ops.convert_to_numpy(loss) for loss in model.losses))


@pytest.mark.parametrize("name", FACTORIES)
def test_factory_contract(name, mnist, tmp_path):
    """Names, output shape, shared weights, a few epochs lower the loss, save/load round trip."""
    x_train, x_test = mnist
    keras.utils.set_random_seed(0)
    encoder, decoder, autoencoder = FACTORIES[name]()
    assert (encoder.name, decoder.name, autoencoder.name) == ("encoder", "decoder", "autoencoder")

    restored = autoencoder.predict(x_test, verbose=0)
    assert restored.shape == x_test.shape
    # encoder and decoder are parts of the autoencoder: the very same variables
    ae_vars = {id(v) for v in autoencoder.weights}
    assert {id(v) for v in encoder.weights + decoder.weights} == ae_vars
    np.testing.assert_allclose(
        decoder.predict(code_of(encoder, x_test), verbose=0), restored, atol=1e-5
    )

    loss = "mse" if name == "linear_decoder" else "binary_crossentropy"
    autoencoder.compile(optimizer=keras.optimizers.Adam(LR), loss=loss)
    before = autoencoder.evaluate(x_test, x_test, verbose=0, return_dict=True)["loss"]
    history = autoencoder.fit(x_train, x_train, epochs=EPOCHS, batch_size=BATCH, verbose=0)
    after = autoencoder.evaluate(x_test, x_test, verbose=0, return_dict=True)["loss"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert after < 0.9 * before

    path = tmp_path / "m.keras"
    autoencoder.save(path)
    loaded = keras.models.load_model(path)  # no custom_objects: the layers are registered
    np.testing.assert_allclose(
        loaded.predict(x_test, verbose=0), autoencoder.predict(x_test, verbose=0), atol=1e-6
    )
    # penalties added inside the model survive the round trip
    autoencoder(x_test[:64])
    loaded(x_test[:64])
    np.testing.assert_allclose(total_loss(loaded), total_loss(autoencoder), rtol=1e-5)


@pytest.mark.parametrize("shape", [(784,), (8,)])
@pytest.mark.parametrize("name", DENSE)
def test_dense_variants_accept_flat_and_small_shapes(name, shape):
    encoder, decoder, autoencoder = FACTORIES[name](input_shape=shape)
    x = np.random.default_rng(0).uniform(size=(4, *shape)).astype("float32")
    assert autoencoder.predict(x, verbose=0).shape == x.shape


# ---- conv ------------------------------------------------------------------------------------


def test_conv_code_size_as_asked_and_image_shape_kept():
    encoder, decoder, autoencoder = create_conv_ae(
        filters=(8, 16, 16), encoding_dim=10, input_shape=(32, 32, 3)
    )
    assert encoder.output_shape == (None, 10)
    assert decoder.output_shape == (None, 32, 32, 3) == autoencoder.output_shape


def test_conv_refuses_shapes_it_cannot_halve():
    with pytest.raises(ValueError, match=r"input_shape=\(30, 30, 1\).*2\*\*3 = 8"):
        create_conv_ae(input_shape=(30, 30, 1), filters=(8, 8, 8))
    with pytest.raises(ValueError, match=r"input_shape=\(28, 28, 1\).*divisible by 2\*\*3"):
        create_conv_ae(filters=(8, 8, 8))  # 28 -> 14 -> 7 -> 3.5
    with pytest.raises(ValueError, match="input_shape"):
        create_conv_ae(input_shape=(784,))


# ---- denoising -------------------------------------------------------------------------------


@pytest.mark.parametrize("noise", ["gaussian", "mask", "pixels", "salt_pepper"])
def test_denoising_noise_acts_in_training_only(noise, mnist):
    _, x_test = mnist
    x = x_test[:32]
    encoder, decoder, autoencoder = create_denoising_ae(encoding_dim=16, noise=noise, seed=1)
    noise_layer = encoder.get_layer("noise")
    noisy = keras.ops.convert_to_numpy(noise_layer(x, training=True))
    assert not np.array_equal(noisy, x)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(noise_layer(x, training=False)), x)
    # predict is deterministic and equals the pass without the noise layer
    clean_code = encoder.get_layer("code")(x.reshape(len(x), -1))
    noiseless = keras.ops.convert_to_numpy(decoder(clean_code))
    first, second = autoencoder.predict(x, verbose=0), autoencoder.predict(x, verbose=0)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(first, noiseless, atol=1e-6)
    assert not np.allclose(keras.ops.convert_to_numpy(autoencoder(x, training=True)), first)


def test_denoising_beats_the_same_network_trained_without_noise(mnist):
    """The noise inside the model is what teaches denoising: the same architecture, budget and
    seed trained on clean inputs restores noisy test images worse."""
    x_train, x_test = mnist
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


# ---- sparse ----------------------------------------------------------------------------------


def test_sparse_kl_penalty_in_the_model_equals_numpy(mnist):
    _, x_test = mnist
    encoder, _, autoencoder = create_sparse_ae(encoding_dim=16, penalty="kl", rho=0.1, beta=0.3)
    h = keras.ops.convert_to_numpy(encoder(x_test))
    rho_hat = h.mean(axis=0)
    expected = 0.3 * np.sum(0.1 * np.log(0.1 / rho_hat) + 0.9 * np.log(0.9 / (1 - rho_hat)))
    autoencoder(x_test)
    assert len(autoencoder.losses) == 1
    np.testing.assert_allclose(total_loss(autoencoder), expected, rtol=1e-4)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_sparse_l1_l2_penalty_equals_lam_times_batch_mean(penalty, mnist):
    _, x_test = mnist
    encoder, _, autoencoder = create_sparse_ae(encoding_dim=16, penalty=penalty, lam=0.01)
    h = keras.ops.convert_to_numpy(encoder(x_test))
    per_sample = np.abs(h).sum(1) if penalty == "l1" else (h**2).sum(1)
    autoencoder(x_test)
    np.testing.assert_allclose(total_loss(autoencoder), 0.01 * per_sample.mean(), rtol=1e-4)


def test_sparse_kl_mean_activations_move_toward_rho_while_reconstruction_improves(mnist):
    x_train, x_test = mnist
    keras.utils.set_random_seed(0)
    encoder, decoder, autoencoder = create_sparse_ae(
        encoding_dim=32, penalty="kl", rho=0.05, beta=0.1
    )

    def reconstruction():  # the BCE part alone, without the penalty
        out = autoencoder.predict(x_test, verbose=0)
        return reconstruction_error(x_test, out, "bce").mean()

    gap_before = np.abs(code_of(encoder, x_test).mean(axis=0) - 0.05).mean()
    bce_before = reconstruction()
    autoencoder.compile(optimizer=keras.optimizers.Adam(LR), loss="binary_crossentropy")
    autoencoder.fit(x_train, x_train, epochs=EPOCHS, batch_size=BATCH, verbose=0)
    gap_after = np.abs(code_of(encoder, x_test).mean(axis=0) - 0.05).mean()
    assert gap_after < 0.5 * gap_before
    assert reconstruction() < 0.9 * bce_before


# ---- k-sparse --------------------------------------------------------------------------------


def test_k_sparse_code_has_exactly_k_nonzeros(mnist):
    _, x_test = mnist
    encoder, _, _ = create_k_sparse_ae(encoding_dim=40, k=7)
    codes = code_of(encoder, x_test)
    assert np.all((codes != 0).sum(axis=1) == 7)


# ---- linear decoder --------------------------------------------------------------------------


def test_linear_decoder_fits_standardized_data_where_a_sigmoid_output_cannot(mnist):
    x_train, _ = mnist
    x = ((x_train - x_train.mean()) / x_train.std()).reshape(len(x_train), -1)
    # the smallest MSE any output in [0, 1] can reach: the distance of x to [0, 1]
    floor = np.mean((x - np.clip(x, 0, 1)) ** 2)
    losses, outputs = {}, {}
    for name, factory in {
        "linear": lambda: create_linear_decoder_ae(input_shape=(784,), encoding_dim=64),
        "sigmoid": lambda: create_dense_ae(
            input_shape=(784,), encoding_dim=64, activation="sigmoid"
        ),
    }.items():
        keras.utils.set_random_seed(0)
        _, _, ae = factory()
        ae.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
        ae.fit(x, x, epochs=10, batch_size=16, verbose=0)
        losses[name] = ae.evaluate(x, x, verbose=0)
        outputs[name] = ae.predict(x, verbose=0)
    # a sigmoid output lives in [0, 1], so it cannot reach standardized values; a linear one can
    assert outputs["sigmoid"].min() >= 0 and outputs["sigmoid"].max() <= 1
    assert outputs["linear"].max() > 1.5 and outputs["linear"].min() < -0.2
    assert losses["linear"] < 0.8 * floor < 0.8 * losses["sigmoid"]


# ---- contractive -----------------------------------------------------------------------------


def test_contractive_penalty_equals_autodiff_jacobian_norm(mnist):
    _, x_test = mnist
    encoder, _, autoencoder = create_contractive_ae(encoding_dim=12, lam=0.3)
    x = x_test[:16]
    jac = batch_jacobian(encoder, x)  # (16, 12, 28, 28, 1)
    frob = (jac**2).reshape(16, -1).sum(axis=1)
    autoencoder(x)
    np.testing.assert_allclose(total_loss(autoencoder), 0.3 * frob.mean(), rtol=1e-4)


# ---- dropout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["input", "code"])
def test_dropout_acts_in_training_only(where, mnist):
    _, x_test = mnist
    encoder, _, autoencoder = create_dropout_ae(encoding_dim=32, rate=0.5, where=where)
    x = x_test[:64]
    np.testing.assert_array_equal(
        autoencoder.predict(x, verbose=0), autoencoder.predict(x, verbose=0)
    )
    trained = keras.ops.convert_to_numpy(autoencoder(x, training=True))
    assert not np.allclose(trained, autoencoder.predict(x, verbose=0))
    if where == "code":
        h_test = keras.ops.convert_to_numpy(encoder(x, training=False))
        h_train = keras.ops.convert_to_numpy(encoder(x, training=True))
        dropped = (h_train == 0) & (h_test != 0)
        assert 0.35 < dropped.sum() / (h_test != 0).sum() < 0.65  # about rate = 0.5


# ---- VAE -------------------------------------------------------------------------------------


def test_vae_samples_decode_to_images_and_kl_matches_closed_form(mnist):
    _, x_test = mnist
    encoder, decoder, autoencoder = create_vae(latent_dim=3, hidden=(32,), beta=2.0)
    z_mean, z_log_var, z = encoder.predict(x_test, verbose=0)
    assert z_mean.shape == z_log_var.shape == z.shape == (len(x_test), 3)
    samples = decoder.predict(np.random.default_rng(0).normal(size=(5, 3)), verbose=0)
    assert samples.shape == (5, 28, 28, 1)
    assert samples.min() >= 0 and samples.max() <= 1
    kl = 0.5 * np.sum(np.exp(z_log_var) + z_mean**2 - 1 - z_log_var, axis=1)
    autoencoder(x_test)
    np.testing.assert_allclose(total_loss(autoencoder), 2.0 * kl.mean() / 784, rtol=1e-4)
    # training samples z around z_mean; inference uses z_mean
    z_train = keras.ops.convert_to_numpy(encoder(x_test, training=True)[2])
    assert not np.allclose(z_train, z_mean, atol=1e-3)


# ---- bad arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: create_conv_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda: create_conv_ae(filters=()), "filters=()"),
        (lambda: create_conv_ae(output_activation="softmax"), "output_activation='softmax'"),
        (lambda: create_denoising_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda: create_denoising_ae(noise="blur"), "noise='blur'"),
        (lambda: create_denoising_ae(noise="gaussian", noise_level=0), "noise_level=0"),
        (lambda: create_denoising_ae(noise="mask", noise_level=29), "noise_level=29"),
        (lambda: create_denoising_ae(noise="mask", noise_level=0.3), "noise_level=0.3"),
        (lambda: create_denoising_ae(input_shape=(784,), noise="mask"), "input_shape"),
        (lambda: create_denoising_ae(noise="pixels", noise_level=1.0), "noise_level=1.0"),
        (lambda: create_denoising_ae(noise="salt_pepper", noise_level=-0.1), "noise_level=-0.1"),
        (lambda: create_sparse_ae(penalty="l3"), "penalty='l3'"),
        (lambda: create_sparse_ae(rho=0.0), "rho=0.0"),
        (lambda: create_sparse_ae(rho=1.2), "rho=1.2"),
        (lambda: create_sparse_ae(beta=-1), "beta=-1"),
        (lambda: create_sparse_ae(lam=-0.1), "lam=-0.1"),
        (lambda: create_sparse_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda: create_k_sparse_ae(encoding_dim=10, k=11), "k=11"),
        (lambda: create_k_sparse_ae(k=0), "k=0"),
        (lambda: create_k_sparse_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda: create_linear_decoder_ae(activation="relu"), "activation='relu'"),
        (lambda: create_linear_decoder_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda: create_contractive_ae(lam=-1.0), "lam=-1.0"),
        (lambda: create_contractive_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda: create_dropout_ae(rate=1.0), "rate=1.0"),
        (lambda: create_dropout_ae(rate=-0.1), "rate=-0.1"),
        (lambda: create_dropout_ae(where="output"), "where='output'"),
        (lambda: create_dropout_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda: create_vae(latent_dim=0), "latent_dim=0"),
        (lambda: create_vae(hidden=(0,)), "hidden=(0,)"),
        (lambda: create_vae(beta=-1.0), "beta=-1.0"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(call, match):
    with pytest.raises(ValueError, match=match.replace("(", r"\(").replace(")", r"\)")):
        call()


NON_DEFAULT = {
    "sparse_kl": lambda: create_sparse_ae((6, 6, 1), encoding_dim=9, rho=0.2, beta=0.7),
    "sparse_l2": lambda: create_sparse_ae((6, 6, 1), encoding_dim=9, penalty="l2", lam=0.03),
    "k_sparse": lambda: create_k_sparse_ae((6, 6, 1), encoding_dim=9, k=2, k_start=6,
                                           anneal_steps=5, alpha=2.0),
    "denoising": lambda: create_denoising_ae((6, 6, 1), encoding_dim=9, noise="pixels",
                                             noise_level=0.45, seed=4),
    "contractive": lambda: create_contractive_ae((6, 6, 1), encoding_dim=9, lam=0.2),
    "dropout": lambda: create_dropout_ae((6, 6, 1), encoding_dim=9, rate=0.4, where="code"),
    "vae": lambda: create_vae((6, 6, 1), latent_dim=3, hidden=(5, 4), beta=3.0, seed=2),
}  # fmt: skip


@pytest.mark.parametrize("name", NON_DEFAULT)
def test_factories_with_non_default_values_save_and_load_them(name, tmp_path):
    x = np.random.default_rng(1).uniform(size=(64, 6, 6, 1)).astype("float32")
    _, _, autoencoder = NON_DEFAULT[name]()
    autoencoder.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    for a, b in zip(autoencoder.layers[1].layers, loaded.layers[1].layers, strict=True):
        assert a.get_config() == b.get_config()  # every knob of the encoder survived
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), autoencoder.predict(x, verbose=0), atol=1e-6
    )
    autoencoder(x)
    loaded(x)
    np.testing.assert_allclose(total_loss(loaded), total_loss(autoencoder), rtol=1e-5)


@pytest.mark.parametrize(
    "call, argument, allowed",
    [
        (lambda: create_denoising_ae(noise="blur"), "noise='blur'", "'salt_pepper'"),
        (lambda: create_denoising_ae(noise_level=1.5), "noise_level=1.5", "(0, 1]"),
        (lambda: create_denoising_ae(noise="mask", noise_level=29), "noise_level=29", "1..28"),
        (lambda: create_sparse_ae(penalty="l3"), "penalty='l3'", "'l1', 'l2' or 'kl'"),
        (lambda: create_sparse_ae(rho=1.2), "rho=1.2", "(0, 1)"),
        (lambda: create_k_sparse_ae(encoding_dim=10, k=11), "k=11", "1..encoding_dim=10"),
        (lambda: create_conv_ae(kernel_size=4), "kernel_size=4", "positive odd integer"),
        (lambda: create_conv_ae(kernel_size=True), "kernel_size=True", "positive odd integer"),
        (lambda: create_conv_ae(kernel_size=-1), "kernel_size=-1", "positive odd integer"),
        (lambda: create_conv_ae(activation="sigmod"), "activation='sigmod'", "'sigmoid'"),
        (lambda: create_dense_ae(activation="rleu"), "activation='rleu'", "'relu'"),
        (lambda: create_dense_ae(output_activation="softmax"), "output_activation='softmax'",
         "'sigmoid', 'linear', 'tanh', 'relu'"),
        (lambda: create_vae(activation="relU"), "activation='relU'", "'relu'"),
        (lambda: create_dropout_ae(where="output"), "where='output'", "'input' or 'code'"),
        (lambda: create_linear_decoder_ae(activation="relu"), "activation='relu'", "'tanh'"),
    ],
)  # fmt: skip
def test_errors_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    with pytest.raises(ValueError) as err:
        call()
    assert argument in str(err.value) and allowed in str(err.value)
