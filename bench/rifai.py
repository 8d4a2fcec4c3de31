"""Rifai et al.'s (2011) contractive-autoencoder pretraining, as the paper describes it: one
layer of sigmoid units with tied weights (the decoder is the encoder's W transposed), the
cross-entropy summed over the pixels plus lambda * ||J_f(x)||_F^2 per image, plain minibatch
SGD. The paper selects lambda and the learning rates on validation and does not print them;
lr 0.01 on batches of 20 is the scale of the same lab's Theano tutorial of the CAE (cA.py).

aekeras's ``create_contractive_ae`` differs on purpose: an untied decoder, the loss averaged
over the pixels (lambda ~784 times smaller for the same balance), any optimizer.
"""

import keras
import numpy as np
from keras import ops

from aekeras.contractive import contractive_penalty
from bench.common import train
from bench.reference import summed_bce


class TiedContractive(keras.layers.Layer):
    """x -> sigmoid(sigmoid(x W + b_h) W^T + b_x), adding ``weight`` * mean ||J||_F^2 to the
    loss. Glorot's uniform range times 4, the usual start for sigmoid units."""

    def __init__(self, units, weight, **kwargs):
        super().__init__(**kwargs)
        self.units, self.weight = units, float(weight)

    def build(self, input_shape):
        d = input_shape[-1]
        r = 4 * np.sqrt(6 / (d + self.units))
        init = keras.initializers.RandomUniform(-r, r)
        self.kernel = self.add_weight(shape=(d, self.units), initializer=init, name="kernel")
        self.hidden_bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bh")
        self.visible_bias = self.add_weight(shape=(d,), initializer="zeros", name="bx")

    def encode(self, x):
        return ops.sigmoid(ops.matmul(x, self.kernel) + self.hidden_bias)

    def call(self, x):
        h = self.encode(x)
        self.add_loss(self.weight * ops.mean(contractive_penalty(h, self.kernel)))
        return ops.sigmoid(ops.matmul(h, ops.transpose(self.kernel)) + self.visible_bias)


def pretrain(x, weight, epochs, units=1000, lr=0.01, batch=20):
    """Trains a tied CAE on images ``x`` (n, 28, 28, 1); returns the encoder: Flatten ->
    Dense(units, sigmoid) named "code", holding the learned W and b_h."""
    layer = TiedContractive(units, weight)
    inputs = keras.Input(x.shape[1:])
    flat = keras.layers.Flatten()(inputs)
    model = keras.Model(inputs, keras.layers.Reshape(x.shape[1:])(layer(flat)))
    train(model, x, x, epochs, batch=batch, loss=summed_bce, optimizer=keras.optimizers.SGD(lr))
    code = keras.layers.Dense(units, activation="sigmoid", name="code")
    encoder = keras.Model(inputs, code(flat), name="encoder")
    code.set_weights([ops.convert_to_numpy(layer.kernel), ops.convert_to_numpy(layer.hidden_bias)])
    return encoder
