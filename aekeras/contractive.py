"""Contractive autoencoder (Rifai et al., 2011): penalise the encoder's Jacobian, so that the code
hardly moves when the input moves a little.

    J_CAE = sum over x of [ L(x, g(f(x))) + lam * ||J_f(x)||_F^2 ],
    ||J_f(x)||_F^2 = sum_ij (d h_j / d x_i)^2.

For a sigmoid layer h = sigmoid(x W + b) the norm has a closed form (``contractive_penalty``), so
no automatic differentiation of the Jacobian is needed. The layer reports the penalty in the
``fit`` log and in ``history.history`` as "contractive".

Needs only keras: copy this file next to your notebook and write ``from contractive import ...``.
"""

import math

import keras
from keras import layers, ops

register = keras.saving.register_keras_serializable(package="aekeras")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "relu")


def contractive_penalty(h, kernel):
    """Per-sample ||J_f(x)||_F^2 of h = sigmoid(x W + b), in closed form.

    d h_j / d x_i = h_j (1 - h_j) W_ij, hence ||J||_F^2 = sum_j (h_j (1 - h_j))^2 sum_i W_ij^2.
    ``kernel`` is W with Keras's shape (inputs, units); ``h`` is the layer's output.

    Example:
        >>> contractive_penalty(layer(x), layer.kernel)  # one value per sample
    """
    return ops.sum(ops.square(h * (1.0 - h)) * ops.sum(ops.square(kernel), axis=0), axis=-1)


@register
class ContractiveDense(layers.Dense):
    """Sigmoid Dense layer that adds ``lam * mean over the batch of ||J_f(x)||_F^2`` to the loss.

    Args:
        units: number of units (the code size).
        lam: weight of the contractive term, >= 0.
        **kwargs: other arguments of ``keras.layers.Dense`` (the activation is always sigmoid).

    Raises:
        ValueError: if lam < 0.

    Example:
        >>> code = ContractiveDense(64, lam=1e-3, name="code")(layers.Flatten()(inp))
    """

    def __init__(self, units, lam=1e-3, **kwargs):
        kwargs["activation"] = "sigmoid"  # the closed form holds for a sigmoid only
        super().__init__(units, **kwargs)
        if not lam >= 0:
            raise ValueError(f"lam={lam!r}: must be >= 0")
        self.lam = float(lam)
        # the fit log shows the term; JAX cannot update a metric inside call (keras#21639)
        self.tracker = (
            None if keras.backend.backend() == "jax" else keras.metrics.Mean(name="contractive")
        )

    def call(self, inputs, training=None):
        h = super().call(inputs)
        penalty = self.lam * ops.mean(contractive_penalty(h, self.kernel))
        self.add_loss(penalty)
        if self.tracker is not None:
            self.tracker.update_state(penalty)
        return h

    def get_config(self):
        config = {**super().get_config(), "lam": self.lam}
        config.pop("activation", None)
        return config


def create_contractive_ae(
    input_shape=(28, 28, 1), encoding_dim=64, lam=1e-3, output_activation="sigmoid"
):
    """Contractive autoencoder (Уткин, «Глубокое обучение: автокодеры»; Rifai et al., 2011).

    Like ``create_dense_ae``, but the code layer is ``ContractiveDense``: a sigmoid layer that
    adds lam * ||J_f(x)||_F^2 (mean over the batch) to the loss. Reconstruction asks the code to
    follow the input; the penalty asks it to stay still; together they keep only the directions
    along which the data really vary.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the code.
        lam: weight of the contractive term, >= 0.
        output_activation: activation of the output layer, one of ``OUTPUT_ACTIVATIONS``.

    Returns:
        ``(encoder, decoder, autoencoder)``; the code layer is "code".

    Raises:
        ValueError: if lam < 0, input_shape or encoding_dim are not positive integers, or
            output_activation is not allowed.

    Example:
        >>> encoder, decoder, autoencoder = create_contractive_ae(encoding_dim=64, lam=1e-3)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)  # the log shows contractive
    """
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be positive integers, e.g. (28, 28, 1)"
        )
    if not isinstance(encoding_dim, int) or isinstance(encoding_dim, bool) or encoding_dim < 1:
        raise ValueError(f"encoding_dim={encoding_dim!r}: must be a positive integer, e.g. 64")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )
    if not lam >= 0:
        raise ValueError(f"lam={lam!r}: must be >= 0")
    input_shape = tuple(input_shape)

    inp = keras.Input(shape=input_shape)
    code = ContractiveDense(encoding_dim, lam=lam, name="code")(layers.Flatten()(inp))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder
