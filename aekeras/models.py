"""Basic autoencoder factories: the course's dense AE, the deep mirrored AE, the linear (PCA) AE.

Every factory returns ``(encoder, decoder, autoencoder)``: three uncompiled ``keras.Model``s, where
``autoencoder = Model(inp, decoder(encoder(inp)))`` shares its weights with the other two.
"""

import math

import keras
from keras import layers

OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "relu")


def _check_shape(input_shape):
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be a non-empty tuple of positive integers, "
            "e.g. (28, 28, 1) or (784,)"
        )
    return tuple(input_shape)


def _check_dim(name, value):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name}={value!r}: must be a positive integer")


def _check_output_activation(output_activation):
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )


def create_dense_ae(
    input_shape=(28, 28, 1), encoding_dim=49, activation="relu", output_activation="sigmoid"
):
    """The course's own autoencoder (slide 001, `create_dense_ae`): 784 -> 49 -> 784.

    One Dense layer encodes the flattened image into ``encoding_dim`` numbers (the bottleneck),
    one Dense layer decodes them back; the sigmoid output suits pixels scaled to [0, 1].

    Example:
        encoder, decoder, autoencoder = create_dense_ae(encoding_dim=49)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10, validation_data=(x_test, x_test))
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    _check_output_activation(output_activation)
    n_inputs = math.prod(input_shape)

    input_img = keras.Input(shape=input_shape)
    flat_img = layers.Flatten()(input_img)
    encoded = layers.Dense(encoding_dim, activation=activation, name="code")(flat_img)

    input_encoded = keras.Input(shape=(encoding_dim,))
    flat_decoded = layers.Dense(n_inputs, activation=output_activation)(input_encoded)
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
    """A deep autoencoder whose second half mirrors the first (slide 004).

    Encoder: input -> hidden[0] -> hidden[1] -> ... -> encoding_dim;
    decoder: encoding_dim -> ... -> hidden[1] -> hidden[0] -> input.

    Example:
        encoder, decoder, autoencoder = create_deep_ae(hidden=(1000, 500, 250), encoding_dim=30)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10)
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    if not isinstance(hidden, (tuple, list)) or not all(
        isinstance(h, int) and h > 0 for h in hidden
    ):
        raise ValueError(
            f"hidden={hidden!r}: must be a tuple of positive integers, e.g. (256, 128)"
        )
    _check_output_activation(output_activation)
    n_inputs = math.prod(input_shape)

    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    for units in hidden:
        x = layers.Dense(units, activation=activation)(x)
    code = layers.Dense(encoding_dim, activation=code_activation, name="code")(x)

    code_in = keras.Input(shape=(encoding_dim,))
    y = code_in
    for units in reversed(hidden):
        y = layers.Dense(units, activation=activation)(y)
    y = layers.Dense(n_inputs, activation=output_activation)(y)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_linear_ae(input_shape=(784,), encoding_dim=2):
    """The linear autoencoder (slides 000, 002): one linear layer each side, no nonlinearity.

    Trained with MSE it reaches the error of PCA with ``encoding_dim`` components, and its
    decoder's weights span the same subspace as the first principal components.

    Example:
        encoder, decoder, autoencoder = create_linear_ae(input_shape=(2,), encoding_dim=1)
        autoencoder.compile(optimizer="adam", loss="mse")
        autoencoder.fit(table, table, epochs=500, verbose=0)
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    n_inputs = math.prod(input_shape)

    inp = keras.Input(shape=input_shape)
    code = layers.Dense(encoding_dim, name="code")(layers.Flatten()(inp))

    code_in = keras.Input(shape=(encoding_dim,))
    out = layers.Reshape(input_shape)(layers.Dense(n_inputs)(code_in))

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder
