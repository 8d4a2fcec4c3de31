"""aekeras.contractive: the contractive penalty in closed form equals the Jacobian's squared
Frobenius norm computed by autodiff, in the layer and in the factory's model."""

import keras
import numpy as np
import pytest
from conftest import (
    as_np,
    batch_jacobian,
    check_factory_contract,
    check_flat_and_small_shapes,
    check_layer_round_trip,
    check_non_default_factory_round_trip,
    check_refused,
    needs_layer_metrics,
    one_layer_model,
    own_losses,
)

from aekeras import ContractiveDense, contractive_penalty, create_contractive_ae


def test_factory_contract(mnist_small, tmp_path):
    check_factory_contract(lambda: create_contractive_ae(encoding_dim=32), mnist_small, tmp_path)


@pytest.mark.parametrize("shape", [(784,), (8,)])
def test_flat_and_small_shapes(shape):
    check_flat_and_small_shapes(lambda **kw: create_contractive_ae(encoding_dim=32, **kw), shape)


def test_contractive_closed_form_equals_autodiff_jacobian():
    rng = np.random.default_rng(4)
    layer = ContractiveDense(7, weight=0.5)
    x = rng.normal(size=(5, 9)).astype("float32")
    layer(x)  # build
    layer.kernel.assign(rng.normal(size=(9, 7)).astype("float32"))
    jac = batch_jacobian(layer, x)  # (batch, units, inputs)
    frob = (jac**2).sum(axis=(1, 2))
    h = layer(x)
    closed = as_np(contractive_penalty(h, layer.kernel))
    np.testing.assert_allclose(closed, frob, rtol=1e-4)
    np.testing.assert_allclose(own_losses(layer), 0.5 * frob.mean(), rtol=1e-4)


def test_contractive_dense_is_a_sigmoid_dense_layer_whatever_the_activation_asked():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 3)).astype("float32")
    layer = ContractiveDense(2, weight=0.0, activation="relu")
    h = as_np(layer(x))
    kernel, bias = (as_np(w) for w in layer.weights)
    np.testing.assert_allclose(h, 1 / (1 + np.exp(-(x @ kernel + bias))), rtol=1e-5)
    assert own_losses(layer) == 0.0  # weight 0: no penalty
    assert "activation" not in layer.get_config()  # always sigmoid, so not a knob to save


def test_contractive_penalty_equals_autodiff_jacobian_norm_in_the_model(mnist_small):
    _, (x_test, _) = mnist_small
    encoder, _, autoencoder = create_contractive_ae(encoding_dim=12, weight=0.3)
    x = x_test[:16]
    jac = batch_jacobian(encoder, x)  # (16, 12, 28, 28, 1)
    frob = (jac**2).reshape(16, -1).sum(axis=1)
    autoencoder(x)
    np.testing.assert_allclose(own_losses(autoencoder), 0.3 * frob.mean(), rtol=1e-4)


@needs_layer_metrics
def test_contractive_term_appears_in_the_log_with_its_value():
    x = np.random.default_rng(7).uniform(size=(40, 6, 6, 1)).astype("float32")
    encoder, _, ae = create_contractive_ae((6, 6, 1), encoding_dim=5, weight=0.4)
    layer = encoder.get_layer("code")
    expected = 0.4 * np.mean(as_np(contractive_penalty(encoder(x), layer.kernel)))
    ae.compile(optimizer="adam", loss="binary_crossentropy")
    log = ae.evaluate(x, x, batch_size=len(x), verbose=0, return_dict=True)
    np.testing.assert_allclose(log["contractive"], expected, rtol=1e-4)


def test_layer_is_registered_and_round_trips_its_config():
    again = check_layer_round_trip(ContractiveDense(4, weight=0.2))
    assert again.weight == 0.2 and again.units == 4


def test_layer_built_with_non_default_values_saves_and_loads_them(tmp_path):
    model = one_layer_model(ContractiveDense(4, weight=0.2), (6,))
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[-1].get_config() == model.layers[-1].get_config()
    x = np.random.default_rng(0).uniform(0.1, 0.9, size=(500, 6)).astype("float32")
    model(x)
    loaded(x)
    np.testing.assert_allclose(own_losses(loaded), own_losses(model), rtol=1e-5)


def test_factory_with_non_default_values_saves_and_loads_them(tmp_path):
    make = lambda: create_contractive_ae((6, 6, 1), encoding_dim=9, weight=0.2)  # noqa: E731
    check_non_default_factory_round_trip(make, tmp_path)


BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: create_contractive_ae(weight=-1.0), "weight=-1.0", ">= 0"),
    (lambda: create_contractive_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (lambda: create_contractive_ae(input_shape=[]), "input_shape=[]", "positive integers"),
    (
        lambda: create_contractive_ae(output_activation="sigmoid2"),
        "output_activation='sigmoid2'",
        "Keras activation",
    ),
    (lambda: ContractiveDense(3, weight=-0.1), "weight=-0.1", ">= 0"),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)
