"""Rifai et al.'s CAE recipe (bench/rifai.py): the decoder is the encoder's W transposed, the
added loss is lambda * mean ||J||_F^2 in closed form, SGD lowers the summed loss, and the
returned encoder holds the learned weights."""

import keras
import numpy as np
from keras import ops
from scipy.special import expit

from bench import rifai
from bench.reference import summed_bce


def images(n=64, seed=0):
    rng = np.random.default_rng(seed)
    protos = (rng.random((2, 28, 28, 1)) < 0.2).astype("float32")
    x = protos[rng.integers(0, 2, n)] + 0.1 * rng.standard_normal((n, 28, 28, 1))
    return np.clip(x, 0, 1).astype("float32")


def test_the_tied_layer_decodes_with_the_transposed_weights_and_adds_lambda_times_the_jacobian():
    layer = rifai.TiedContractive(7, weight=0.3)
    x = images(5).reshape(5, -1)
    out = ops.convert_to_numpy(layer(x))
    w, b_h, b_x = (
        ops.convert_to_numpy(t) for t in (layer.kernel, layer.hidden_bias, layer.visible_bias)
    )
    h = expit(x @ w + b_h)
    np.testing.assert_allclose(out, expit(h @ w.T + b_x), rtol=1e-4, atol=1e-6)
    jacobian = (h * (1 - h))[:, None, :] * w[None]  # d h_j / d x_i, per image
    expected = 0.3 * np.mean(np.sum(jacobian**2, axis=(1, 2)))
    np.testing.assert_allclose(ops.convert_to_numpy(layer.losses[0]), expected, rtol=1e-4)


def test_pretrain_lowers_the_summed_loss_and_hands_over_its_weights():
    x = images()
    keras.utils.set_random_seed(0)
    untrained = rifai.pretrain(x, weight=0.1, epochs=0, units=16)
    keras.utils.set_random_seed(0)
    encoder = rifai.pretrain(x, weight=0.1, epochs=20, units=16)
    code = encoder.get_layer("code")
    assert code.kernel.shape == (784, 16) and encoder.output_shape == (None, 16)

    def summed_loss(enc):
        w, b = enc.get_layer("code").get_weights()
        h = expit(x.reshape(len(x), -1) @ w + b)
        # the best visible bias is unknown here: score the tied decoder with b_x = 0
        x_hat = expit(h @ w.T)
        return float(np.mean(ops.convert_to_numpy(summed_bce(x, x_hat.reshape(x.shape)))))

    assert summed_loss(encoder) < summed_loss(untrained)
    np.testing.assert_allclose(
        encoder.predict(x, verbose=0),
        expit(x.reshape(len(x), -1) @ code.get_weights()[0] + code.get_weights()[1]),
        rtol=1e-4,
        atol=1e-6,
    )
