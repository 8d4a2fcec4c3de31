"""Dense autoencoders: the course's own model, the deep mirrored one, the linear one (PCA) and the
autoencoder with a linear decoder.

Each factory returns ``(encoder, decoder, autoencoder)``: three uncompiled ``keras.Model``s named
"encoder", "decoder" and "autoencoder", where ``autoencoder = Model(x, decoder(encoder(x)))``
shares its weights with the other two. The encoder's output layer is named "code".

Needs only keras: copy this file next to your notebook and write ``from dense import ...``.
"""

import math

import keras
from keras import layers

ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear", "elu", "selu", "gelu", "softplus", "swish")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "relu")


def create_dense_ae(
    input_shape=(28, 28, 1), encoding_dim=49, activation="relu", output_activation="sigmoid"
):
    """The course's own autoencoder, 784 -> 49 -> 784.

    ``create_dense_ae`` of the ИТМО wiki article «Автокодировщик», with its knobs as arguments:
    one Dense layer encodes the flattened image into ``encoding_dim`` numbers (the bottleneck),
    one Dense layer decodes them back; the sigmoid output suits pixels scaled to [0, 1].

    Args:
        input_shape: shape of one sample, e.g. ``(28, 28, 1)`` or ``(784,)``.
        encoding_dim: size of the code (the bottleneck).
        activation: activation of the code layer, one of ``ACTIVATIONS``.
        output_activation: activation of the output layer, one of ``OUTPUT_ACTIVATIONS``.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape is not a tuple of positive integers, encoding_dim is not a
            positive integer, or an activation is not one of the allowed names.

    Example:
        >>> encoder, decoder, autoencoder = create_dense_ae(encoding_dim=49)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=20, validation_data=(x_test, x_test))
        >>> restored = decoder.predict(encoder.predict(x_test))
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
        raise ValueError(f"encoding_dim={encoding_dim!r}: must be a positive integer, e.g. 49")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation={activation!r}: must be one of {ACTIVATIONS}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )
    input_shape = tuple(input_shape)

    input_img = keras.Input(shape=input_shape)
    flat_img = layers.Flatten()(input_img)
    encoded = layers.Dense(encoding_dim, activation=activation, name="code")(flat_img)

    input_encoded = keras.Input(shape=(encoding_dim,))
    flat_decoded = layers.Dense(math.prod(input_shape), activation=output_activation)(input_encoded)
    decoded = layers.Reshape(input_shape)(flat_decoded)

    encoder = keras.Model(input_img, encoded, name="encoder")
    decoder = keras.Model(input_encoded, decoded, name="decoder")
    autoencoder = keras.Model(input_img, decoder(encoder(input_img)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_deep_ae(
    input_shape=(28, 28, 1),
    hidden=(256, 128),
    encoding_dim=32,
    activation="relu",
    code_activation="relu",
    output_activation="sigmoid",
):
    """A deep autoencoder whose second half mirrors the first (Борисов, «Автоэнкодеры»).

    Encoder: input -> hidden[0] -> hidden[1] -> ... -> encoding_dim ("code");
    decoder: encoding_dim -> ... -> hidden[1] -> hidden[0] -> input.
    Hinton & Salakhutdinov (2006) used 784-1000-500-250-30 with a linear code.

    Args:
        input_shape: shape of one sample, e.g. ``(28, 28, 1)``.
        hidden: sizes of the encoder's hidden layers, bottom first; the decoder reverses them.
        encoding_dim: size of the code.
        activation: activation of the hidden layers, one of ``ACTIVATIONS``.
        code_activation: activation of the code layer ("linear" for a PCA-like code).
        output_activation: activation of the output layer, one of ``OUTPUT_ACTIVATIONS``.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape, hidden or encoding_dim are not positive integers, or an
            activation is not one of the allowed names.

    Example:
        >>> encoder, decoder, autoencoder = create_deep_ae(hidden=(1000, 500, 250), encoding_dim=30)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)
    """
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be positive integers, e.g. (28, 28, 1)"
        )
    if not isinstance(hidden, (tuple, list)) or not all(
        isinstance(h, int) and not isinstance(h, bool) and h > 0 for h in hidden
    ):
        raise ValueError(
            f"hidden={hidden!r}: must be a tuple of positive integers, e.g. (256, 128)"
        )
    if not isinstance(encoding_dim, int) or isinstance(encoding_dim, bool) or encoding_dim < 1:
        raise ValueError(f"encoding_dim={encoding_dim!r}: must be a positive integer, e.g. 32")
    for name, value in [("activation", activation), ("code_activation", code_activation)]:
        if value not in ACTIVATIONS:
            raise ValueError(f"{name}={value!r}: must be one of {ACTIVATIONS}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )
    input_shape = tuple(input_shape)

    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    for units in hidden:
        x = layers.Dense(units, activation=activation)(x)
    code = layers.Dense(encoding_dim, activation=code_activation, name="code")(x)

    code_in = keras.Input(shape=(encoding_dim,))
    y = code_in
    for units in reversed(hidden):  # the mirror image of the encoder
        y = layers.Dense(units, activation=activation)(y)
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(y)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_linear_ae(input_shape=(784,), encoding_dim=2):
    """The linear autoencoder: one linear layer each side, the autoencoder that equals PCA.

    Соловей, «Автоэнкодеры»: a one-layer autoencoder with linear units learns the principal
    subspace. Trained with MSE it reaches the error of PCA with ``encoding_dim`` components, and
    its decoder's weights span the same subspace (not necessarily the same axes).

    Args:
        input_shape: shape of one sample, e.g. ``(784,)`` or ``(2,)`` for a table of two columns.
        encoding_dim: size of the code, the number of principal components it matches.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape or encoding_dim are not positive integers.

    Example:
        >>> encoder, decoder, autoencoder = create_linear_ae(input_shape=(2,), encoding_dim=1)
        >>> autoencoder.compile(optimizer="adam", loss="mse")
        >>> autoencoder.fit(table, table, epochs=500, verbose=0)
    """
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(f"input_shape={input_shape!r}: must be positive integers, e.g. (784,)")
    if not isinstance(encoding_dim, int) or isinstance(encoding_dim, bool) or encoding_dim < 1:
        raise ValueError(f"encoding_dim={encoding_dim!r}: must be a positive integer, e.g. 2")
    input_shape = tuple(input_shape)

    inp = keras.Input(shape=input_shape)
    code = layers.Dense(encoding_dim, name="code")(layers.Flatten()(inp))  # no activation

    code_in = keras.Input(shape=(encoding_dim,))
    out = layers.Reshape(input_shape)(layers.Dense(math.prod(input_shape))(code_in))

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_linear_decoder_ae(input_shape=(28, 28, 1), encoding_dim=64, activation="sigmoid"):
    """Autoencoder with a linear decoder (Уткин, «Глубокое обучение: автокодеры»).

    The hidden layer is sigmoid or tanh, the output is linear, x_hat = W2 a + b2, so the data
    need not lie in [0, 1] (e.g. standardized features). Train it with ``loss="mse"``.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the hidden layer (the code).
        activation: "sigmoid" or "tanh", the hidden layer's activation.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape or encoding_dim are not positive integers, or activation is
            not "sigmoid" or "tanh".

    Example:
        >>> encoder, decoder, autoencoder = create_linear_decoder_ae(encoding_dim=64)
        >>> autoencoder.compile(optimizer="adam", loss="mse")
        >>> autoencoder.fit(x_std, x_std, epochs=10)  # x_std = (x - x.mean()) / x.std()
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
    if activation not in ("sigmoid", "tanh"):
        raise ValueError(f"activation={activation!r}: must be 'sigmoid' or 'tanh'")
    input_shape = tuple(input_shape)

    inp = keras.Input(shape=input_shape)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(layers.Flatten()(inp))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation="linear")(code_in)  # no squashing
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder
