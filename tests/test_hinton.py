"""Hinton & Salakhutdinov's recipe (bench/hinton.py): CD-1 learns the data, the unrolled net
mirrors the RBM stack, the loss and gradient are CG_MNIST.m's, conjugate gradients lower it.
Runs on the TensorFlow and the JAX backend."""

import keras
import numpy as np
import pytest
from keras import ops
from scipy.special import expit

from bench import hinton


@pytest.fixture(scope="module")
def digits():
    """200 binary-ish 'images' with structure: two prototypes plus noise, clipped to [0, 1]."""
    rng = np.random.default_rng(0)
    protos = (rng.random((2, 784)) < 0.2).astype("float32")
    x = protos[rng.integers(0, 2, 200)] + 0.1 * rng.standard_normal((200, 784))
    return np.clip(x, 0, 1).astype("float32")


def mean_field_error(x, w, b_h, b_v):
    """Squared error of one deterministic up-down pass through an RBM."""
    h = expit(x @ w + b_h)
    return float(np.mean(np.sum((x - expit(h @ w.T + b_v)) ** 2, axis=1)))


def test_rbm_returns_visible_by_hidden_weights_and_both_biases(digits):
    w, b_h, b_v = hinton.rbm(digits, 16, epochs=1)
    assert (w.shape, b_h.shape, b_v.shape) == ((784, 16), (16,), (784,))


def test_cd1_lowers_the_rbms_reconstruction_error(digits):
    before = mean_field_error(digits, *hinton.rbm(digits, 16, epochs=0))
    after = mean_field_error(digits, *hinton.rbm(digits, 16, epochs=10))
    assert after < 0.5 * before


def test_the_stack_follows_the_papers_sizes_each_layer_trained_on_the_one_below(digits):
    stack = hinton.pretrain(digits, epochs=1)
    assert [w.shape for w, _, _ in stack] == list(zip(hinton.SIZES[:-1], hinton.SIZES[1:]))


def test_the_unrolled_decoder_starts_from_the_transposed_encoder_weights():
    rng = np.random.default_rng(1)
    sizes = (784, 12, 6, 3)
    stack = [
        (rng.standard_normal((a, b)), rng.standard_normal(b), rng.standard_normal(a))
        for a, b in zip(sizes[:-1], sizes[1:])
    ]
    dense = hinton.unroll(stack).layers[1:]
    assert [d.units for d in dense] == [12, 6, 3, 6, 12, 784]
    assert [d.activation.__name__ for d in dense] == ["sigmoid"] * 2 + ["linear"] + ["sigmoid"] * 3
    for (w, b_h, b_v), enc, dec in zip(stack, dense[:3], dense[::-1][:3]):
        np.testing.assert_allclose(ops.convert_to_numpy(enc.kernel), w, rtol=1e-6)
        np.testing.assert_allclose(ops.convert_to_numpy(enc.bias), b_h, rtol=1e-6)
        np.testing.assert_allclose(ops.convert_to_numpy(dec.kernel), w.T, rtol=1e-6)
        np.testing.assert_allclose(ops.convert_to_numpy(dec.bias), b_v, rtol=1e-6)


def small_net(digits):
    keras.utils.set_random_seed(0)
    return hinton.unroll([(w, b_h, b_v) for w, b_h, b_v in hinton.pretrain(digits, 0)])


def test_the_loss_is_the_cross_entropy_summed_over_pixels_and_its_gradient_is_exact(digits):
    model, x = small_net(digits), digits[:50]
    f, theta = hinton.value_and_grad(model), hinton.flatten(model)
    loss, grad = f(theta, x)
    p = np.clip(model.predict(x, verbose=0), 1e-7, 1 - 1e-7)
    expected = -np.mean(np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1))
    assert float(loss) == pytest.approx(expected, rel=1e-4)
    # central difference on the last output bias (the last entry of theta)
    step, bumped = 1e-2, theta.copy()
    bumped[-1] += step
    up = float(f(bumped, x)[0])
    bumped[-1] -= 2 * step
    down = float(f(bumped, x)[0])
    assert float(ops.convert_to_numpy(grad)[-1]) == pytest.approx((up - down) / 2 / step, rel=2e-2)
    assert float(ops.convert_to_numpy(model.layers[-1].bias)[-1]) == theta[-1]


def test_conjugate_gradients_lower_the_loss_and_write_the_weights_back(digits):
    model = small_net(digits)
    f = hinton.value_and_grad(model)
    before, seen = float(f(hinton.flatten(model), digits)[0]), []
    hinton.cg_finetune(model, digits, epochs=2, batch=100, on_epoch=lambda e, m: seen.append(e))
    assert float(f(hinton.flatten(model), digits)[0]) < 0.8 * before
    assert seen == [1, 2]


def test_squared_error_is_summed_over_pixels_and_averaged_over_images(digits):
    model = small_net(digits)
    x = digits[:20].reshape(20, 28, 28)
    expected = np.mean(np.sum((digits[:20] - model.predict(digits[:20], verbose=0)) ** 2, axis=1))
    assert hinton.squared_error(model, x) == pytest.approx(expected, rel=1e-5)


def test_unflatten_inverts_flatten(digits):
    model = small_net(digits)
    parts = hinton.unflatten(model, hinton.flatten(model))
    for part, v in zip(parts, model.trainable_variables):
        np.testing.assert_array_equal(part, ops.convert_to_numpy(v))
