"""Convolutional autoencoder for images.

The factory returns ``(encoder, decoder, autoencoder)`` like ``create_dense_ae``: three uncompiled
``keras.Model``s sharing weights, the encoder's output layer named "code", and the same tensor
names (``inputs``, ``x``, ``code``, ``code_inputs``, ``outputs``).

Needs only keras: copy this file next to your notebook and write ``from conv import ...``.
"""

import math

import keras
from keras import layers


def _check(**arguments):
    """Checks a factory's arguments by name; the ValueError names the argument and its value.

    What Keras checks itself (units, kernel sizes) is left to Keras; activations are looked up
    the way Keras does, so that "leaky_relu", "silu" or a function are accepted too.
    """
    for name, value in arguments.items():
        if name.endswith("activation"):
            try:
                keras.activations.get(value)
            except ValueError:
                raise ValueError(f"{name}={value!r}: must be a Keras activation") from None
        elif name in ("input_shape", "filters"):
            if not isinstance(value, (tuple, list)) or not value or not all(map(_is_size, value)):
                raise ValueError(f"{name}={value!r}: must be a tuple of positive integers")
        elif name == "encoding_dim" and value is not None and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer or None")
        elif name == "kernel_size" and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer")
    shape, factor = arguments["input_shape"], 2 ** len(arguments["filters"])  # one halving each
    if len(shape) != 3 or shape[0] % factor or shape[1] % factor:
        raise ValueError(
            f"input_shape={shape!r}: must be (height, width, channels) with "
            f"height and width divisible by 2**len(filters) = {factor}; pad the images or use "
            "fewer filters"
        )


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def create_conv_ae(
    input_shape=(28, 28, 1),
    filters=(32, 64),
    encoding_dim=49,
    kernel_size=3,
    activation="relu",
    output_activation="sigmoid",
):
    """Convolutional autoencoder (Соловей, «Автоэнкодеры»: «можно делать и свёрточные»).

    Encoder: for each entry of ``filters`` a Conv2D and a MaxPooling2D that halves height and
    width (28 -> 14 -> 7), then Flatten and a Dense code of ``encoding_dim`` numbers. The decoder
    mirrors it: Dense, Reshape, and per entry an UpSampling2D that doubles height and width and a
    Conv2D (a stride-2 Conv2DTranspose with a 3x3 kernel overlaps its outputs unevenly and tends
    to draw a checkerboard; upsampling, then convolving, has the same weights and does not).
    A convolution shares one small kernel across the image, so a filter finds a stroke wherever
    it is; most of the parameters sit in the Dense layers next to the code. With
    ``encoding_dim=None`` there are no Dense layers: the last feature maps are the code (7x7x32
    numbers for ``filters=(32, 32)``, the Keras blog's denoiser).

    Args:
        input_shape: ``(height, width, channels)``; height and width divisible by
            ``2 ** len(filters)``.
        filters: number of filters of each convolution, bottom first.
        encoding_dim: size of the code, or None to keep the feature maps as the code.
        kernel_size: side of the square convolution kernels.
        activation: activation of the hidden layers, any Keras activation.
        output_activation: activation of the output layer.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape is not (H, W, C) or cannot be halved len(filters) times,
            filters, encoding_dim (unless None) or kernel_size are not positive integers, or an
            activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_conv_ae(filters=(32, 64), encoding_dim=49)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10, validation_split=0.1)
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for n_filters in filters:
        x = layers.Conv2D(n_filters, kernel_size, activation=activation, padding="same")(x)
        x = layers.MaxPooling2D(2)(x)  # halves height and width
    feature_maps = x.shape[1:]  # (7, 7, 64) for MNIST: what the decoder starts from
    if encoding_dim is None:  # fully convolutional: the maps themselves are the code
        code = layers.Identity(name="code")(x)
        code_inputs = keras.Input(shape=feature_maps)
        x = code_inputs
    else:
        x = layers.Flatten()(x)
        code = layers.Dense(encoding_dim, activation=activation, name="code")(x)
        code_inputs = keras.Input(shape=(encoding_dim,))
        x = layers.Dense(math.prod(feature_maps), activation=activation)(code_inputs)
        x = layers.Reshape(feature_maps)(x)
    for n_filters in reversed(filters):
        x = layers.UpSampling2D(2)(x)  # doubles height and width: undoes a MaxPooling2D
        x = layers.Conv2D(n_filters, kernel_size, activation=activation, padding="same")(x)
    outputs = layers.Conv2D(
        input_shape[-1], kernel_size, activation=output_activation, padding="same"
    )(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder
