"""Variational autoencoder (Kingma & Welling, 2013).

The encoder maps x to a Gaussian q(z|x) = N(z_mean, exp(z_log_var)); ``Sampling`` draws
z = z_mean + exp(z_log_var / 2) * eps with eps ~ N(0, I) (the reparameterization trick) and adds
the KL term to the loss; the decoder maps z back to an image. The training objective is the
negative ELBO: reconstruction -log p(x|z) plus KL(q(z|x) || N(0, I)).

What ``fit`` prints: "loss" is Keras's per-pixel binary cross-entropy plus KL / n_pixels (the
negative ELBO per pixel); "kl" is the KL term in nats per image; compile with
``metrics=[reconstruction]`` to see the binary cross-entropy summed over the pixels as well.
The KL's weight (beta of the beta-VAE) is called ``weight``, like every penalty of the course.

Needs only keras: copy this file next to your notebook and write ``from vae import ...``.
"""

import math

import keras
from keras import layers, ops

register = keras.saving.register_keras_serializable(package="aekeras")


def _check(**arguments):
    """Checks a factory's arguments by name; the ValueError names the argument and its value.

    The weight is checked here too: ``Sampling`` receives it divided by the number of pixels, and
    its error would show that quotient. Units and kernel sizes are left to Keras; activations are
    looked up the way Keras does.
    """
    for name, value in arguments.items():
        if name.endswith("activation"):
            try:
                keras.activations.get(value)
            except ValueError:
                raise ValueError(f"{name}={value!r}: must be a Keras activation") from None
        elif name in ("input_shape", "hidden", "filters"):
            if (
                not isinstance(value, (tuple, list))
                or not all(map(_is_size, value))
                or (not value and name != "hidden")
            ):
                raise ValueError(f"{name}={value!r}: must be a tuple of positive integers")
        elif name in ("latent_dim", "dense_units", "kernel_size") and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer")
        elif name == "weight" and not value >= 0:  # Sampling gets weight / n_pixels
            raise ValueError(f"weight={value!r}: must be >= 0")
    if "filters" in arguments:
        shape, factor = arguments["input_shape"], 2 ** len(arguments["filters"])  # one halving each
        if len(shape) != 3 or shape[0] % factor or shape[1] % factor:
            raise ValueError(
                f"input_shape={shape!r}: must be (height, width, channels) with height and "
                f"width divisible by 2**len(filters) = {factor}"
            )


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@register
class Autoencoder(keras.Model):
    """A functional model that refuses ``compile`` without a loss.

    Its ``add_loss`` terms hold only the penalty (here the KL): compiled the keras.io way, with
    an optimizer alone, it would train the KL and never learn the images.
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


def gaussian_kl(z_mean, z_log_var):
    """Per-sample KL(N(z_mean, exp(z_log_var)) || N(0, I)) of a diagonal Gaussian, in nats.

    KL = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2).

    Example:
        >>> gaussian_kl(np.zeros((1, 2)), np.zeros((1, 2)))  # 0: q equals the prior
    """
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


@register
def reconstruction(y_true, y_pred):
    """Binary cross-entropy summed over the pixels of each image, in nats.

    A metric for ``compile(metrics=[reconstruction])``. On binary pixels it is -log p(x|z) of a
    Bernoulli decoder and reconstruction + kl is the negative ELBO; on grey levels it is a
    cross-entropy, not the log-likelihood of a density.
    """
    y_true = ops.reshape(y_true, (ops.shape(y_true)[0], -1))
    y_pred = ops.clip(ops.reshape(y_pred, (ops.shape(y_pred)[0], -1)), 1e-7, 1.0 - 1e-7)
    return -ops.sum(y_true * ops.log(y_pred) + (1.0 - y_true) * ops.log(1.0 - y_pred), axis=-1)


@register
class Sampling(layers.Layer):
    """Reparameterization z = z_mean + exp(z_log_var / 2) * eps, eps ~ N(0, I).

    Takes ``[z_mean, z_log_var]``, adds ``weight * mean over the batch of gaussian_kl`` to the
    loss and reports the unweighted KL per sample as "kl" in the ``fit`` log. Samples in
    training; at inference returns z_mean, so ``predict`` is deterministic.

    Args:
        weight: weight of the KL term in the loss, >= 0.
        seed: seed of eps.

    Raises:
        ValueError: if weight < 0.

    Example:
        >>> z = Sampling(weight=1 / 784, name="z")([z_mean, z_log_var])
    """

    def __init__(self, weight=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not weight >= 0:
            raise ValueError(f"weight={weight!r}: must be >= 0")
        self.weight, self.seed = float(weight), seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        # the fit log shows the term; JAX cannot update a metric inside call (keras#21639)
        self.tracker = None if keras.backend.backend() == "jax" else keras.metrics.Mean(name="kl")

    def call(self, inputs, training=None):
        z_mean, z_log_var = inputs
        kl = ops.mean(gaussian_kl(z_mean, z_log_var))
        self.add_loss(self.weight * kl)
        if self.tracker is not None:
            self.tracker.update_state(kl)
        if not training:
            return z_mean
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "weight": self.weight, "seed": self.seed}

    @classmethod
    def from_config(cls, config):
        if "kl_weight" in config:  # files saved by aekeras 0.1 and 0.2
            config["weight"] = config.pop("kl_weight")
        return cls(**config)


def create_vae(
    input_shape=(28, 28, 1),
    latent_dim=2,
    hidden=(256,),
    activation="relu",
    output_activation="sigmoid",
    weight=1.0,
    seed=None,
):
    """Variational autoencoder with dense encoder and decoder (ИТМО «Автокодировщик»: «см. также»).

    The encoder returns ``[z_mean, z_log_var, z]`` (layers "z_mean", "z_log_var", "z"); the
    decoder maps a latent vector to an image, so decoding samples of N(0, I) generates new
    images. ``Sampling`` adds weight * KL / n_pixels to the loss: divided by the number of
    pixels, the KL matches Keras's "binary_crossentropy", which averages over the pixels, and the
    total is the negative ELBO per pixel (weight = 1; weight = beta > 1 is the beta-VAE).

    Args:
        input_shape: shape of one sample.
        latent_dim: size of z.
        hidden: sizes of the encoder's hidden layers; the decoder reverses them.
        activation: activation of the hidden layers, any Keras activation.
        output_activation: activation of the output layer.
        weight: beta, the weight of the KL term, >= 0.
        seed: seed of the sampling noise.

    Returns:
        ``(encoder, decoder, autoencoder)``; ``autoencoder`` decodes the sampled z and refuses
        ``compile`` without a loss.

    Raises:
        ValueError: if latent_dim, input_shape or hidden are not positive integers, weight < 0,
            or an activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_vae(latent_dim=2)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy",
        ...                     metrics=[reconstruction])
        >>> autoencoder.fit(x_train, x_train, epochs=10)  # the log shows kl and reconstruction
        >>> new_digits = decoder.predict(np.random.normal(size=(16, 2)))
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    for units in hidden:
        x = layers.Dense(units, activation=activation)(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    z = Sampling(weight / math.prod(input_shape), seed=seed, name="z")([z_mean, z_log_var])

    code_inputs = keras.Input(shape=(latent_dim,))
    x = code_inputs
    for units in reversed(hidden):
        x = layers.Dense(units, activation=activation)(x)
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(x)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, [z_mean, z_log_var, z], name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = Autoencoder(inputs, decoder(encoder(inputs)[2]), name="autoencoder")
    return encoder, decoder, autoencoder


def create_conv_vae(
    input_shape=(28, 28, 1),
    latent_dim=2,
    filters=(32, 64),
    dense_units=16,
    kernel_size=3,
    activation="relu",
    output_activation="sigmoid",
    weight=1.0,
    seed=None,
):
    """Convolutional variational autoencoder, the architecture of the keras.io VAE example.

    Encoder: for each entry of ``filters`` a stride-2 Conv2D that halves height and width
    (28 -> 14 -> 7), then Flatten, a Dense layer of ``dense_units`` and the two heads "z_mean"
    and "z_log_var"; ``Sampling`` ("z") draws z and adds weight * KL / n_pixels to the loss, as
    in ``create_vae``. Decoder: Dense, Reshape to the smallest feature maps, a stride-2
    Conv2DTranspose per entry of ``filters`` (in reverse) that doubles the size, and a last
    Conv2DTranspose to the image's channels. The convolutions share their kernels across the
    image, so the model needs far fewer weights than the dense VAE for a sharper reconstruction.

    Args:
        input_shape: ``(height, width, channels)``; height and width divisible by
            ``2 ** len(filters)``.
        latent_dim: size of z.
        filters: number of filters of each encoder convolution, bottom first.
        dense_units: size of the Dense layer between the convolutions and the latent heads.
        kernel_size: side of the square kernels.
        activation: activation of the hidden layers, any Keras activation.
        output_activation: activation of the output layer.
        weight: beta, the weight of the KL term, >= 0 (beta > 1 is the beta-VAE).
        seed: seed of the sampling noise.

    Returns:
        ``(encoder, decoder, autoencoder)``; the encoder returns ``[z_mean, z_log_var, z]``
        (layers "z_mean", "z_log_var", "z"), ``autoencoder`` decodes the sampled z and refuses
        ``compile`` without a loss.

    Raises:
        ValueError: if input_shape is not (H, W, C) or cannot be halved len(filters) times,
            latent_dim, filters, dense_units or kernel_size are not positive integers,
            weight < 0, or an activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_conv_vae(latent_dim=2)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy",
        ...                     metrics=[reconstruction])
        >>> autoencoder.fit(x_train, x_train, epochs=30, batch_size=128)
        >>> z_mean, z_log_var, z = encoder.predict(x_test)  # 2-d codes to plot
        >>> new_digits = decoder.predict(np.random.normal(size=(16, 2)))
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for n_filters in filters:  # stride 2 halves height and width
        x = layers.Conv2D(n_filters, kernel_size, strides=2, activation=activation, padding="same")(
            x
        )
    feature_maps = x.shape[1:]  # (7, 7, 64) for MNIST: what the decoder starts from
    x = layers.Flatten()(x)
    x = layers.Dense(dense_units, activation=activation)(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    z = Sampling(weight / math.prod(input_shape), seed=seed, name="z")([z_mean, z_log_var])

    code_inputs = keras.Input(shape=(latent_dim,))
    x = layers.Dense(math.prod(feature_maps), activation=activation)(code_inputs)
    x = layers.Reshape(feature_maps)(x)
    for n_filters in reversed(filters):  # stride 2 doubles height and width
        x = layers.Conv2DTranspose(
            n_filters, kernel_size, strides=2, activation=activation, padding="same"
        )(x)
    outputs = layers.Conv2DTranspose(
        input_shape[-1], kernel_size, activation=output_activation, padding="same"
    )(x)

    encoder = keras.Model(inputs, [z_mean, z_log_var, z], name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = Autoencoder(inputs, decoder(encoder(inputs)[2]), name="autoencoder")
    return encoder, decoder, autoencoder
