"""Convolutional autoencoder for images.

The factory returns ``(encoder, decoder, autoencoder)`` like ``create_dense_ae``: three uncompiled
``keras.Model``s sharing weights; the encoder's output layer is named "code".

Needs only keras: copy this file next to your notebook and write ``from conv import ...``.
"""

import math

import keras
from keras import layers

ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear", "elu", "selu", "gelu", "softplus", "swish")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "relu")


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
    mirrors it: Dense, Reshape, and a stride-2 Conv2DTranspose per entry that doubles the size.
    A convolution shares one small kernel across the image, so a filter finds a stroke wherever
    it is; most of the parameters sit in the Dense layers next to the code.

    Args:
        input_shape: ``(height, width, channels)``; height and width divisible by
            ``2 ** len(filters)``.
        filters: number of filters of each convolution, bottom first.
        encoding_dim: size of the code.
        kernel_size: side of the square convolution kernels, a positive odd integer.
        activation: activation of the hidden layers, one of ``ACTIVATIONS``.
        output_activation: activation of the output layer, one of ``OUTPUT_ACTIVATIONS``.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape is not (H, W, C) or cannot be halved len(filters) times,
            filters, encoding_dim or kernel_size are not positive integers (kernel_size odd),
            or an activation is not one of the allowed names.

    Example:
        >>> encoder, decoder, autoencoder = create_conv_ae(filters=(32, 64), encoding_dim=49)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10, validation_data=(x_test, x_test))
    """
    if (
        not isinstance(input_shape, (tuple, list))
        or len(input_shape) != 3
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be (height, width, channels), e.g. (28, 28, 1)"
        )
    if (
        not isinstance(filters, (tuple, list))
        or not filters
        or not all(isinstance(f, int) and not isinstance(f, bool) and f > 0 for f in filters)
    ):
        raise ValueError(f"filters={filters!r}: must be a non-empty tuple of positive integers")
    if not isinstance(encoding_dim, int) or isinstance(encoding_dim, bool) or encoding_dim < 1:
        raise ValueError(f"encoding_dim={encoding_dim!r}: must be a positive integer, e.g. 49")
    if (
        not isinstance(kernel_size, int)
        or isinstance(kernel_size, bool)
        or kernel_size < 1
        or kernel_size % 2 == 0
    ):
        raise ValueError(f"kernel_size={kernel_size!r}: must be a positive odd integer, e.g. 3")
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
            f"2**{len(filters)} = {factor} (one halving per entry of filters={tuple(filters)}); "
            "pad the images or use fewer filters"
        )
    small = (height // factor, width // factor, filters[-1])  # feature maps next to the code

    inp = keras.Input(shape=tuple(input_shape))
    x = inp
    for f in filters:
        x = layers.Conv2D(f, kernel_size, activation=activation, padding="same")(x)
        x = layers.MaxPooling2D(2)(x)  # halves height and width
    code = layers.Dense(encoding_dim, activation=activation, name="code")(layers.Flatten()(x))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(small), activation=activation)(code_in)
    y = layers.Reshape(small)(y)
    for f in reversed(filters):  # stride 2 doubles height and width
        y = layers.Conv2DTranspose(f, kernel_size, 2, activation=activation, padding="same")(y)
    out = layers.Conv2D(channels, kernel_size, activation=output_activation, padding="same")(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder
