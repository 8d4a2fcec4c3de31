"""Shared test setup: headless matplotlib, small seeded MNIST subsets, and the checks that every
topic module's tests apply to its own factories (the factory contract, saving, bad arguments)."""

import keras
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def mnist_small():
    """512 training and 256 test images, (28, 28, 1) float32 in [0, 1], seeded."""
    from aekeras import load_mnist

    return load_mnist(n_train=512, n_test=256, seed=0)


def as_np(x):
    return keras.ops.convert_to_numpy(x)


def own_losses(model):
    """Sum of the add_loss terms of the last call of a layer or model."""
    return float(sum(as_np(loss) for loss in model.losses))


def code_of(encoder, x):
    out = encoder.predict(x, verbose=0)
    return out[2] if isinstance(out, list) else out  # the VAE's encoder gives [mean, log_var, z]


needs_layer_metrics = pytest.mark.skipif(
    keras.backend.backend() == "jax", reason="JAX cannot update a metric inside call"
)

# 512 images: 5 epochs of batch 32 are 80 steps; Adam at 3e-3 gets past the "mean image" plateau
EPOCHS, BATCH, LR = 5, 32, 3e-3


def check_factory_contract(make, mnist_small, tmp_path, loss="binary_crossentropy"):
    """The course's contract of a factory: names, output shape, shared weights, a few epochs lower
    the loss, and a .keras round trip that keeps predictions and the penalties added inside."""
    (x_train, _), (x_test, _) = mnist_small
    keras.utils.set_random_seed(0)
    encoder, decoder, autoencoder = make()
    assert (encoder.name, decoder.name, autoencoder.name) == ("encoder", "decoder", "autoencoder")

    restored = autoencoder.predict(x_test, verbose=0)
    assert restored.shape == x_test.shape
    # encoder and decoder are parts of the autoencoder: the very same variables
    ae_vars = {id(v) for v in autoencoder.weights}
    assert {id(v) for v in encoder.weights + decoder.weights} == ae_vars
    np.testing.assert_allclose(
        decoder.predict(code_of(encoder, x_test), verbose=0), restored, atol=1e-5
    )

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
    np.testing.assert_allclose(own_losses(loaded), own_losses(autoencoder), rtol=1e-5)


def check_flat_and_small_shapes(make, shape):
    encoder, decoder, autoencoder = make(input_shape=shape)
    x = np.random.default_rng(0).uniform(size=(4, *shape)).astype("float32")
    assert autoencoder.predict(x, verbose=0).shape == x.shape


def check_non_default_factory_round_trip(make, tmp_path):
    """Every knob of the encoder survives a .keras round trip: configs, predictions, penalties."""
    x = np.random.default_rng(1).uniform(size=(64, 6, 6, 1)).astype("float32")
    _, _, autoencoder = make()
    autoencoder.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    for a, b in zip(autoencoder.layers[1].layers, loaded.layers[1].layers, strict=True):
        assert a.get_config() == b.get_config()
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), autoencoder.predict(x, verbose=0), atol=1e-6
    )
    autoencoder(x)
    loaded(x)
    np.testing.assert_allclose(own_losses(loaded), own_losses(autoencoder), rtol=1e-5)


def one_layer_model(layer, shape):
    """A functional model around one layer; shape is one input's shape or a list of them."""
    if isinstance(shape, list):
        inputs = [keras.Input(shape=s) for s in shape]
        return keras.Model(inputs, layer(inputs))
    inputs = keras.Input(shape=shape)
    return keras.Model(inputs, layer(inputs))


def check_layer_round_trip(layer):
    """A custom layer is registered as "aekeras>Name" and rebuilt from its config."""
    name = type(layer).__name__
    assert keras.saving.get_registered_name(type(layer)) == f"aekeras>{name}"
    again = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert type(again) is type(layer)
    assert again.get_config() == layer.get_config()
    return again


def check_refused(call, argument, allowed):
    """call() raises ValueError naming the argument with its value and what is allowed."""
    with pytest.raises(ValueError) as err:
        call()
    message = str(err.value)
    assert argument in message, message
    assert allowed in message, message


def gradient(fn, x):
    """d fn(x) / dx for a scalar fn, with the autodiff of the Keras backend in use."""
    x = np.asarray(x, dtype="float32")
    if keras.backend.backend() == "jax":
        import jax

        return np.asarray(jax.grad(fn)(jax.numpy.asarray(x)))
    import tensorflow as tf

    xv = tf.Variable(x)
    with tf.GradientTape() as tape:
        value = fn(xv)
    return tape.gradient(value, xv).numpy()


def batch_jacobian(fn, x):
    """Per-sample Jacobians d fn(x)[n] / d x[n], shape (n, *out, *in), by the backend."""
    x = np.asarray(x, dtype="float32")
    if keras.backend.backend() == "jax":
        import jax

        one = jax.jacrev(lambda xi: fn(xi[None])[0])
        return np.asarray(jax.vmap(one)(jax.numpy.asarray(x)))
    import tensorflow as tf

    xv = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xv)
        out = fn(xv)
    return tape.batch_jacobian(out, xv).numpy()
