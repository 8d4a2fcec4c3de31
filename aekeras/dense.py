"""Dense autoencoders: the course's own model, the deep mirrored one, the linear one (PCA) and the
autoencoder with a linear decoder.

Each factory returns ``(encoder, decoder, autoencoder)``: three uncompiled ``keras.Model``s named
"encoder", "decoder" and "autoencoder", where ``autoencoder = Model(x, decoder(encoder(x)))``
shares its weights with the other two. The encoder's output layer is named "code". Every factory
uses the same names: ``inputs`` and ``code_inputs`` for the two inputs, ``x`` for the running
tensor, ``code`` and ``outputs`` for what the encoder and the decoder return.

Needs only keras: copy this file next to your notebook and write ``from dense import ...``.
"""

import math

import keras
from keras import layers


def _check(**arguments):
    """Checks a factory's arguments by name; the ValueError names the argument and its value.

    What Keras checks itself (units, seeds) is left to Keras; activations are looked up the way
    Keras does, so that "leaky_relu", "silu" or a function are accepted too.
    """
    for name, value in arguments.items():
        if name.endswith("activation"):
            try:
                keras.activations.get(value)
            except ValueError:
                raise ValueError(f"{name}={value!r}: must be a Keras activation") from None
        elif name in ("input_shape", "hidden"):
            if (
                not isinstance(value, (tuple, list))
                or not all(map(_is_size, value))
                or (name == "input_shape" and not value)
            ):
                raise ValueError(f"{name}={value!r}: must be a tuple of positive integers")
        elif name == "encoding_dim" and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer")


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


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
        activation: activation of the code layer, any Keras activation.
        output_activation: activation of the output layer.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape is not a tuple of positive integers, encoding_dim is not a
            positive integer, or an activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_dense_ae(encoding_dim=49)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=20, validation_split=0.1)
        >>> restored = decoder.predict(encoder.predict(x_test))
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
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
        activation: activation of the hidden layers.
        code_activation: activation of the code layer ("linear" for a PCA-like code).
        output_activation: activation of the output layer.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape or hidden are not tuples of positive integers, encoding_dim
            is not a positive integer, or an activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_deep_ae(hidden=(1000, 500, 250), encoding_dim=30)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    for units in hidden:
        x = layers.Dense(units, activation=activation)(x)
    code = layers.Dense(encoding_dim, activation=code_activation, name="code")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = code_inputs
    for units in reversed(hidden):  # the mirror image of the encoder
        x = layers.Dense(units, activation=activation)(x)
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(x)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_linear_ae(input_shape=(784,), encoding_dim=2):
    """The linear autoencoder: one linear layer each side, the autoencoder that equals PCA.

    Соловей, «Автоэнкодеры»: a one-layer autoencoder with linear units learns the principal
    subspace (Baldi & Hornik, 1989). Trained with MSE it reaches the error of PCA with
    ``encoding_dim`` components, and its decoder's weights span the same subspace (not
    necessarily the same axes).

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
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    code = layers.Dense(encoding_dim, name="code")(x)  # no activation

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape))(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_linear_decoder_ae(
    input_shape=(28, 28, 1), encoding_dim=64, activation="sigmoid", output_activation="linear"
):
    """Autoencoder with a linear decoder (Уткин, «Глубокое обучение: автокодеры»).

    ``create_dense_ae`` with a linear output, x_hat = W2 a + b2: the data need not lie in
    [0, 1] (e.g. standardized features). The deck's hidden layer is sigmoid or tanh. Train it
    with ``loss="mse"``.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the hidden layer (the code).
        activation: the hidden layer's activation, "sigmoid" or "tanh" in the deck.
        output_activation: "linear", the point of this model; "sigmoid" gives back the model
            that cannot reach values outside [0, 1].

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape or encoding_dim are not positive integers, or an activation
            is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_linear_decoder_ae(encoding_dim=64)
        >>> autoencoder.compile(optimizer="adam", loss="mse")
        >>> autoencoder.fit(x_std, x_std, epochs=10)  # x_std = (x - x.mean()) / x.std()
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder
