"""Variational autoencoder (Kingma & Welling, 2013).

The encoder maps x to a Gaussian q(z|x) = N(z_mean, exp(z_log_var)); ``Sampling`` draws
z = z_mean + exp(z_log_var / 2) * eps with eps ~ N(0, I) (the reparameterization trick) and adds
the KL term to the loss; the decoder maps z back to an image. The training objective is the
negative ELBO: reconstruction -log p(x|z) plus KL(q(z|x) || N(0, I)).

What ``fit`` prints: "loss" is Keras's per-pixel binary cross-entropy plus KL / n_pixels (the
negative ELBO per pixel); "kl" is the KL term in nats per image; compile with
``metrics=[reconstruction]`` to see -log p(x|z) in nats per image as well.

Needs only keras: copy this file next to your notebook and write ``from vae import ...``.
"""

import math

import keras
from keras import layers, ops

register = keras.saving.register_keras_serializable(package="aekeras")
ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear", "elu", "selu", "gelu", "softplus", "swish")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "relu")


def gaussian_kl(z_mean, z_log_var):
    """Per-sample KL(N(z_mean, exp(z_log_var)) || N(0, I)) of a diagonal Gaussian, in nats.

    KL = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2).

    Example:
        >>> gaussian_kl(np.zeros((1, 2)), np.zeros((1, 2)))  # 0: q equals the prior
    """
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


@register
def reconstruction(y_true, y_pred):
    """-log p(x|z) per image in nats: binary cross-entropy summed over the pixels.

    A metric for ``compile(metrics=[reconstruction])``; reconstruction + kl is the negative ELBO.
    """
    y_true = ops.reshape(y_true, (ops.shape(y_true)[0], -1))
    y_pred = ops.clip(ops.reshape(y_pred, (ops.shape(y_pred)[0], -1)), 1e-7, 1.0 - 1e-7)
    return -ops.sum(y_true * ops.log(y_pred) + (1.0 - y_true) * ops.log(1.0 - y_pred), axis=-1)


@register
class Sampling(layers.Layer):
    """Reparameterization z = z_mean + exp(z_log_var / 2) * eps, eps ~ N(0, I).

    Takes ``[z_mean, z_log_var]``, adds ``kl_weight * mean over the batch of gaussian_kl`` to the
    loss and reports the unweighted KL per sample as "kl" in the ``fit`` log. Samples in
    training; at inference returns z_mean, so ``predict`` is deterministic.

    Args:
        kl_weight: weight of the KL term in the loss, >= 0.
        seed: seed of eps.

    Raises:
        ValueError: if kl_weight < 0.

    Example:
        >>> z = Sampling(kl_weight=1 / 784, name="z")([z_mean, z_log_var])
    """

    def __init__(self, kl_weight=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not kl_weight >= 0:
            raise ValueError(f"kl_weight={kl_weight!r}: must be >= 0")
        self.kl_weight, self.seed = float(kl_weight), seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        # the fit log shows the term; JAX cannot update a metric inside call (keras#21639)
        self.tracker = None if keras.backend.backend() == "jax" else keras.metrics.Mean(name="kl")

    def call(self, inputs, training=None):
        z_mean, z_log_var = inputs
        kl = ops.mean(gaussian_kl(z_mean, z_log_var))
        self.add_loss(self.kl_weight * kl)
        if self.tracker is not None:
            self.tracker.update_state(kl)
        if not training:
            return z_mean
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "kl_weight": self.kl_weight, "seed": self.seed}


def create_vae(
    input_shape=(28, 28, 1),
    latent_dim=2,
    hidden=(256,),
    beta=1.0,
    activation="relu",
    output_activation="sigmoid",
    seed=None,
):
    """Variational autoencoder with dense encoder and decoder (ИТМО «Автокодировщик»: «см. также»).

    The encoder returns ``[z_mean, z_log_var, z]`` (layers "z_mean", "z_log_var", "z"); the
    decoder maps a latent vector to an image, so decoding samples of N(0, I) generates new
    images. ``Sampling`` adds beta * KL / n_pixels to the loss: divided by the number of pixels,
    the KL matches Keras's "binary_crossentropy", which averages over the pixels, and the total is
    the negative ELBO per pixel (beta = 1; beta > 1 is the beta-VAE).

    Args:
        input_shape: shape of one sample.
        latent_dim: size of z.
        hidden: sizes of the encoder's hidden layers; the decoder reverses them.
        beta: weight of the KL term, >= 0.
        activation: activation of the hidden layers, one of ``ACTIVATIONS``.
        output_activation: activation of the output layer, one of ``OUTPUT_ACTIVATIONS``.
        seed: seed of the sampling noise.

    Returns:
        ``(encoder, decoder, autoencoder)``; ``autoencoder`` decodes the sampled z.

    Raises:
        ValueError: if latent_dim, input_shape or hidden are not positive integers, beta < 0,
            or an activation is not allowed.

    Example:
        >>> encoder, decoder, autoencoder = create_vae(latent_dim=2)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy",
        ...                     metrics=[reconstruction])
        >>> autoencoder.fit(x_train, x_train, epochs=10)  # the log shows kl and reconstruction
        >>> new_digits = decoder.predict(np.random.normal(size=(16, 2)))
    """
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be positive integers, e.g. (28, 28, 1)"
        )
    if not isinstance(latent_dim, int) or isinstance(latent_dim, bool) or latent_dim < 1:
        raise ValueError(f"latent_dim={latent_dim!r}: must be a positive integer, e.g. 2")
    if not isinstance(hidden, (tuple, list)) or not all(
        isinstance(h, int) and not isinstance(h, bool) and h > 0 for h in hidden
    ):
        raise ValueError(f"hidden={hidden!r}: must be a tuple of positive integers, e.g. (256,)")
    if not beta >= 0:
        raise ValueError(f"beta={beta!r}: must be >= 0")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation={activation!r}: must be one of {ACTIVATIONS}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )
    input_shape = tuple(input_shape)
    n_inputs = math.prod(input_shape)

    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    for units in hidden:
        x = layers.Dense(units, activation=activation)(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    z = Sampling(kl_weight=beta / n_inputs, seed=seed, name="z")([z_mean, z_log_var])

    z_in = keras.Input(shape=(latent_dim,))
    y = z_in
    for units in reversed(hidden):
        y = layers.Dense(units, activation=activation)(y)
    y = layers.Dense(n_inputs, activation=output_activation)(y)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, [z_mean, z_log_var, z], name="encoder")
    decoder = keras.Model(z_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)[2]), name="autoencoder")
    return encoder, decoder, autoencoder


def create_conv_vae(
    input_shape=(28, 28, 1),
    latent_dim=2,
    filters=(32, 64),
    dense_units=16,
    kernel_size=3,
    beta=1.0,
    activation="relu",
    output_activation="sigmoid",
    seed=None,
):
    """Convolutional variational autoencoder, the architecture of the keras.io VAE example.

    Encoder: for each entry of ``filters`` a stride-2 Conv2D that halves height and width
    (28 -> 14 -> 7), then Flatten, a Dense layer of ``dense_units`` and the two heads "z_mean"
    and "z_log_var"; ``Sampling`` ("z") draws z and adds beta * KL / n_pixels to the loss, as in
    ``create_vae``. Decoder: Dense, Reshape to the smallest feature maps, a stride-2
    Conv2DTranspose per entry of ``filters`` (in reverse) that doubles the size, and a last
    Conv2DTranspose to the image's channels. The convolutions share their kernels across the
    image, so the model needs far fewer weights than the dense VAE for a sharper reconstruction.

    Args:
        input_shape: ``(height, width, channels)``; height and width divisible by
            ``2 ** len(filters)``.
        latent_dim: size of z.
        filters: number of filters of each encoder convolution, bottom first.
        dense_units: size of the Dense layer between the convolutions and the latent heads.
        kernel_size: side of the square kernels, a positive odd integer.
        beta: weight of the KL term, >= 0 (beta > 1 is the beta-VAE).
        activation: activation of the hidden layers, one of ``ACTIVATIONS``.
        output_activation: activation of the output layer, one of ``OUTPUT_ACTIVATIONS``.
        seed: seed of the sampling noise.

    Returns:
        ``(encoder, decoder, autoencoder)``; the encoder returns ``[z_mean, z_log_var, z]``
        (layers "z_mean", "z_log_var", "z"), ``autoencoder`` decodes the sampled z.

    Raises:
        ValueError: if input_shape is not (H, W, C) or cannot be halved len(filters) times,
            latent_dim, filters, dense_units or kernel_size are not positive integers
            (kernel_size odd), beta < 0, or an activation is not allowed.

    Example:
        >>> encoder, decoder, autoencoder = create_conv_vae(latent_dim=2)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy",
        ...                     metrics=[reconstruction])
        >>> autoencoder.fit(x_train, x_train, epochs=30, batch_size=128)
        >>> z_mean, z_log_var, z = encoder.predict(x_test)  # 2-d codes to plot
        >>> new_digits = decoder.predict(np.random.normal(size=(16, 2)))
    """
    if (
        not isinstance(input_shape, (tuple, list))
        or len(input_shape) != 3
        or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be (height, width, channels), e.g. (28, 28, 1)"
        )
    if not isinstance(latent_dim, int) or isinstance(latent_dim, bool) or latent_dim < 1:
        raise ValueError(f"latent_dim={latent_dim!r}: must be a positive integer, e.g. 2")
    if (
        not isinstance(filters, (tuple, list))
        or not filters
        or not all(isinstance(f, int) and not isinstance(f, bool) and f > 0 for f in filters)
    ):
        raise ValueError(
            f"filters={filters!r}: must be a non-empty tuple of positive integers, e.g. (32, 64)"
        )
    if not isinstance(dense_units, int) or isinstance(dense_units, bool) or dense_units < 1:
        raise ValueError(f"dense_units={dense_units!r}: must be a positive integer, e.g. 16")
    if (
        not isinstance(kernel_size, int)
        or isinstance(kernel_size, bool)
        or kernel_size < 1
        or kernel_size % 2 == 0
    ):
        raise ValueError(f"kernel_size={kernel_size!r}: must be a positive odd integer, e.g. 3")
    if not beta >= 0:
        raise ValueError(f"beta={beta!r}: must be >= 0")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation={activation!r}: must be one of {ACTIVATIONS}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )
    height, width, channels = input_shape
    factor = 2 ** len(filters)
    if height % factor or width % factor:
        raise ValueError(
            f"input_shape={tuple(input_shape)!r}: height and width must be divisible by "
            f"2**{len(filters)} = {factor} (one halving per entry of filters={tuple(filters)})"
        )
    small = (height // factor, width // factor, filters[-1])  # feature maps next to the code
    input_shape = tuple(input_shape)

    inp = keras.Input(shape=input_shape)
    x = inp
    for f in filters:
        x = layers.Conv2D(f, kernel_size, strides=2, padding="same", activation=activation)(x)
    x = layers.Dense(dense_units, activation=activation)(layers.Flatten()(x))
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    kl_weight = beta / math.prod(input_shape)
    z = Sampling(kl_weight=kl_weight, seed=seed, name="z")([z_mean, z_log_var])

    z_in = keras.Input(shape=(latent_dim,))
    y = layers.Dense(math.prod(small), activation=activation)(z_in)
    y = layers.Reshape(small)(y)
    for f in reversed(filters):  # stride 2 doubles height and width
        y = layers.Conv2DTranspose(
            f, kernel_size, strides=2, padding="same", activation=activation
        )(y)
    out = layers.Conv2DTranspose(
        channels, kernel_size, padding="same", activation=output_activation
    )(y)

    encoder = keras.Model(inp, [z_mean, z_log_var, z], name="encoder")
    decoder = keras.Model(z_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)[2]), name="autoencoder")
    return encoder, decoder, autoencoder
