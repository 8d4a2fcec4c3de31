"""aekeras.dense: the course's dense AE, the mirrored deep AE, the linear (PCA) AE and the AE with a
linear decoder."""

import keras
import numpy as np
import pytest
from conftest import check_factory_contract, check_flat_and_small_shapes, check_refused
from scipy.linalg import subspace_angles

from aekeras import create_deep_ae, create_dense_ae, create_linear_ae, create_linear_decoder_ae


def _dense_units(model):
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


@pytest.mark.parametrize("input_shape", [(28, 28, 1), (784,), (8,)])
def test_dense_ae_follows_the_course_contract(input_shape):
    encoder, decoder, autoencoder = create_dense_ae(input_shape=input_shape, encoding_dim=3)
    assert (encoder.name, decoder.name, autoencoder.name) == ("encoder", "decoder", "autoencoder")
    assert encoder.output_shape == (None, 3)
    assert decoder.input_shape == (None, 3)
    assert autoencoder.output_shape == (None, *input_shape)
    # the autoencoder is decoder(encoder(x)): the very same sub-models, weights shared
    assert autoencoder.get_layer("encoder") is encoder
    assert autoencoder.get_layer("decoder") is decoder
    x = np.random.default_rng(0).random((5, *input_shape)).astype("float32")
    np.testing.assert_allclose(autoencoder.predict(x, verbose=0), decoder(encoder(x)), atol=1e-6)


def test_dense_ae_is_the_slide_784_49_784():
    encoder, decoder, autoencoder = create_dense_ae()
    assert encoder.get_layer("code").activation.__name__ == "relu"
    assert decoder.layers[1].activation.__name__ == "sigmoid"
    assert autoencoder.count_params() == (784 * 49 + 49) + (49 * 784 + 784)


def test_deep_ae_decoder_mirrors_encoder():
    encoder, decoder, _ = create_deep_ae(hidden=(64, 32), encoding_dim=8)
    assert _dense_units(encoder) == [64, 32, 8]
    assert _dense_units(decoder) == [32, 64, 784]


def test_deep_ae_activations_go_where_they_are_named():
    encoder, decoder, _ = create_deep_ae(
        hidden=(16,), encoding_dim=4, activation="tanh", code_activation="linear"
    )
    dense = [
        la for m in (encoder, decoder) for la in m.layers if isinstance(la, keras.layers.Dense)
    ]
    assert [la.activation.__name__ for la in dense] == ["tanh", "linear", "tanh", "sigmoid"]


def test_linear_ae_has_no_nonlinearity():
    encoder, decoder, autoencoder = create_linear_ae(input_shape=(10,), encoding_dim=3)
    dense = [
        la for m in (encoder, decoder) for la in m.layers if isinstance(la, keras.layers.Dense)
    ]
    assert [la.activation.__name__ for la in dense] == ["linear", "linear"]
    x = np.random.default_rng(0).normal(size=(4, 10)).astype("float32")
    y = np.random.default_rng(1).normal(size=(4, 10)).astype("float32")
    # linear in the input: f(x + y) - f(0) == (f(x) - f(0)) + (f(y) - f(0))
    f = lambda v: autoencoder.predict(v, verbose=0)  # noqa: E731
    zero = np.zeros_like(x)
    np.testing.assert_allclose(f(x + y) - f(zero), f(x) - f(zero) + f(y) - f(zero), atol=1e-4)


def test_linear_ae_spans_the_pca_subspace():
    # 10-D data with 3 strong directions: the trained decoder spans the top-3 principal subspace
    rng = np.random.default_rng(0)
    basis = np.linalg.qr(rng.normal(size=(10, 3)))[0]
    x = (rng.normal(size=(1000, 3)) * [3.0, 2.0, 1.5]) @ basis.T + 0.05 * rng.normal(
        size=(1000, 10)
    )
    x = (x + 1.0).astype("float32")  # a mean the biases must absorb
    keras.utils.set_random_seed(0)
    _, decoder, autoencoder = create_linear_ae(input_shape=(10,), encoding_dim=3)
    autoencoder.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    autoencoder.fit(x, x, epochs=60, batch_size=64, verbose=0)
    pca_axes = np.linalg.svd(x - x.mean(0), full_matrices=False)[2][:3].T
    learned = decoder.layers[1].get_weights()[0].T  # (10, 3): decoder directions
    assert np.degrees(subspace_angles(learned, pca_axes)).max() < 2.0


@pytest.mark.parametrize(
    "factory", [create_dense_ae, create_deep_ae, create_linear_ae, create_linear_decoder_ae]
)
def test_save_and_load_give_the_same_predictions(factory, tmp_path):
    _, _, autoencoder = factory(input_shape=(28, 28, 1), encoding_dim=4)
    x = np.random.default_rng(0).random((3, 28, 28, 1)).astype("float32")
    autoencoder.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), autoencoder.predict(x, verbose=0))
    assert loaded.get_layer("encoder").output_shape == (None, 4)


def test_a_few_epochs_lower_the_loss(mnist_small):
    (x_train, _), (x_test, _) = mnist_small
    keras.utils.set_random_seed(0)
    _, _, autoencoder = create_dense_ae()
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    before = autoencoder.evaluate(x_test, x_test, verbose=0)
    autoencoder.fit(x_train, x_train, epochs=5, batch_size=64, verbose=0)
    assert autoencoder.evaluate(x_test, x_test, verbose=0) < 0.7 * before


# ---- linear decoder ----------------------------------------------------------------------------


def test_linear_decoder_follows_the_factory_contract(mnist_small, tmp_path):
    make = lambda: create_linear_decoder_ae(encoding_dim=32)  # noqa: E731
    check_factory_contract(make, mnist_small, tmp_path, loss="mse")


@pytest.mark.parametrize("shape", [(784,), (8,)])
def test_linear_decoder_accepts_flat_and_small_shapes(shape):
    check_flat_and_small_shapes(lambda **kw: create_linear_decoder_ae(encoding_dim=32, **kw), shape)


def test_linear_decoder_fits_standardized_data_where_a_sigmoid_output_cannot(mnist_small):
    (x_train, _), _ = mnist_small
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


# ---- bad arguments -----------------------------------------------------------------------------

BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: create_dense_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (lambda: create_dense_ae(encoding_dim=2.5), "encoding_dim=2.5", "positive integer"),
    (lambda: create_dense_ae(encoding_dim=True), "encoding_dim=True", "positive integer"),
    (lambda: create_dense_ae(input_shape=(28, 0)), "input_shape=(28, 0)", "positive integers"),
    (lambda: create_dense_ae(input_shape=()), "input_shape=()", "positive integers"),
    (lambda: create_dense_ae(activation="rleu"), "activation='rleu'", "Keras activation"),
    (lambda: create_dense_ae(output_activation=3), "output_activation=3", "Keras activation"),
    (lambda: create_deep_ae(hidden=(64, -1)), "hidden=(64, -1)", "positive integers"),
    (lambda: create_deep_ae(hidden=64), "hidden=64", "tuple of positive integers"),
    (lambda: create_deep_ae(encoding_dim=-3), "encoding_dim=-3", "positive integer"),
    (lambda: create_deep_ae(code_activation="lin"), "code_activation='lin'", "Keras activation"),
    (lambda: create_linear_ae(input_shape=784), "input_shape=784", "tuple of positive integers"),
    (lambda: create_linear_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (lambda: create_linear_decoder_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (
        lambda: create_linear_decoder_ae(output_activation="lineer"),
        "output_activation='lineer'",
        "Keras activation",
    ),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)
