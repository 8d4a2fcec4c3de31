"""Shared test setup: headless matplotlib, small seeded MNIST subsets."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def mnist_small():
    """512 training and 256 test images, (28, 28, 1) float32 in [0, 1], seeded."""
    from aekeras import load_mnist

    return load_mnist(n_train=512, n_test=256, seed=0)


def gradient(fn, x):
    """d fn(x) / dx for a scalar fn, with the autodiff of the Keras backend in use."""
    import keras

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
    import keras

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
