"""Contractive autoencoder (Rifai et al., 2011): penalise the encoder's Jacobian, so that the code
hardly moves when the input moves a little.

    J_CAE = sum over x of [ L(x, g(f(x))) + lambda * ||J_f(x)||_F^2 ],
    ||J_f(x)||_F^2 = sum_ij (d h_j / d x_i)^2.

For a sigmoid layer h = sigmoid(x W + b) the norm has a closed form (``contractive_penalty``), so
no automatic differentiation of the Jacobian is needed. The layer reports the penalty in the
``fit`` log and in ``history.history`` as "contractive"; its weight lambda is called ``weight``.

Needs only keras: copy this file next to your notebook and write ``from contractive import ...``.
"""

import math

import keras
from keras import layers, ops

register = keras.saving.register_keras_serializable(package="aekeras")


def _check(**arguments):
    """Checks a factory's arguments by name; the ValueError names the argument and its value.

    What the layer checks itself (weight) is left to it, units to Keras; activations are looked
    up the way Keras does.
    """
    for name, value in arguments.items():
        if name.endswith("activation"):
            try:
                keras.activations.get(value)
            except ValueError:
                raise ValueError(f"{name}={value!r}: must be a Keras activation") from None
        elif name == "input_shape":
            if not isinstance(value, (tuple, list)) or not value or not all(map(_is_size, value)):
                raise ValueError(f"{name}={value!r}: must be a tuple of positive integers")
        elif name == "encoding_dim" and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer")


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@register
class Autoencoder(keras.Model):
    """A functional model that refuses ``compile`` without a loss.

    Its ``add_loss`` terms hold only the penalty: compiled the keras.io way, with an optimizer
    alone, it would train the penalty and never learn the images.
    """

    def compile(self, optimizer="rmsprop", loss=None, **kwargs):
        if loss is None:
            raise ValueError(
                "loss=None: the model's add_loss holds only its penalty, so training would "
                "ignore the images; give the reconstruction loss too, e.g. "
                'compile(optimizer="adam", loss="binary_crossentropy")'
            )
        super().compile(optimizer=optimizer, loss=loss, **kwargs)

    def compile_from_config(self, config):
        # load_model compiles a saved model through here; Keras skips a custom compile()
        self.compile(**keras.saving.deserialize_keras_object(config))
        if self.built:
            self.optimizer.build(self.trainable_variables)  # for the saved optimizer state


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
    """Sigmoid Dense layer that adds ``weight * mean over the batch of ||J_f(x)||_F^2`` to the loss.

    Args:
        units: number of units (the code size).
        weight: lambda, the weight of the contractive term, >= 0.
        **kwargs: other arguments of ``keras.layers.Dense`` (the activation is always sigmoid).

    Raises:
        ValueError: if weight < 0.

    Example:
        >>> code = ContractiveDense(64, weight=1e-3, name="code")(layers.Flatten()(inputs))
    """

    def __init__(self, units, weight=1e-3, **kwargs):
        kwargs["activation"] = "sigmoid"  # the closed form holds for a sigmoid only
        super().__init__(units, **kwargs)
        if not weight >= 0:
            raise ValueError(f"weight={weight!r}: must be >= 0")
        self.weight = float(weight)
        # the fit log shows the term; JAX cannot update a metric inside call (keras#21639)
        self.tracker = (
            None if keras.backend.backend() == "jax" else keras.metrics.Mean(name="contractive")
        )

    def call(self, inputs, training=None):
        h = super().call(inputs)
        penalty = self.weight * ops.mean(contractive_penalty(h, self.kernel))
        self.add_loss(penalty)
        if self.tracker is not None:
            self.tracker.update_state(penalty)
        return h

    def get_config(self):
        config = {**super().get_config(), "weight": self.weight}
        config.pop("activation", None)
        return config

    @classmethod
    def from_config(cls, config):
        if "lam" in config:  # files saved by aekeras 0.1 and 0.2
            config["weight"] = config.pop("lam")
        return cls(**config)


def create_contractive_ae(
    input_shape=(28, 28, 1), encoding_dim=64, output_activation="sigmoid", weight=1e-3
):
    """Contractive autoencoder (Уткин, «Глубокое обучение: автокодеры»; Rifai et al., 2011).

    Like ``create_dense_ae``, but the code layer is ``ContractiveDense``: a sigmoid layer that
    adds lambda * ||J_f(x)||_F^2 (mean over the batch) to the loss. Reconstruction asks the code
    to follow the input; the penalty asks it to stay still; together they keep only the
    directions along which the data really vary.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the code.
        output_activation: activation of the output layer, any Keras activation.
        weight: lambda, the weight of the contractive term, >= 0.

    Returns:
        ``(encoder, decoder, autoencoder)``; the code layer is "code". The autoencoder refuses
        ``compile`` without a loss.

    Raises:
        ValueError: if weight < 0, input_shape or encoding_dim are not positive integers, or
            output_activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_contractive_ae(encoding_dim=64, weight=1e-3)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)  # the log shows contractive
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    code = ContractiveDense(encoding_dim, weight=weight, name="code")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = Autoencoder(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder
