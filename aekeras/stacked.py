"""Stacked autoencoders (slides 002, 003, 000): greedy layer-wise pretraining, assembling the
pretrained layers into a deep autoencoder, and a classifier head on a (frozen) encoder.
"""

import math

import keras
import numpy as np
from keras import layers

from aekeras.models import _check_dim, _check_output_activation, _check_shape


def pretrain_stack(
    x,
    hidden=(256, 64),
    activation="tanh",
    output_activation="sigmoid",
    epochs=5,
    batch_size=128,
    optimizer="adam",
    loss="mse",
    verbose=0,
):
    """Greedy layer-wise pretraining (slide 002, "жадный алгоритм послойного обучения").

    Layer 1: a one-hidden-layer AE x -> h1 -> x is trained on x. Its output layer is dropped and
    h1 = encoder_1(x) becomes the data of layer 2: an AE h1 -> h2 -> h1, and so on. The decoder of
    layer l > 1 uses ``activation`` (it restores codes of that activation); layer 1's decoder uses
    ``output_activation`` (sigmoid for pixels in [0, 1]). tanh codes are centred at 0, which
    lets the upper layers learn fast; relu codes tend to leave many units dead in the upper AEs.

    Returns ``(encoder_layers, decoder_layers)``: lists of trained Dense layers, bottom first.
    ``create_stacked_ae`` assembles them into a deep autoencoder.

    Raises ValueError for: empty x, hidden not positive integers, epochs < 1.

    Example:
        enc_layers, dec_layers = pretrain_stack(x_train, hidden=(256, 64), epochs=5)
        encoder, decoder, autoencoder = create_stacked_ae(enc_layers, dec_layers)
        classifier = create_classifier(encoder, n_classes=10, trainable_encoder=False)
    """
    x = np.asarray(x, dtype="float32")
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"x with shape {x.shape}: must be a non-empty batch of samples")
    if not isinstance(hidden, (tuple, list)) or not hidden:
        raise ValueError(f"hidden={hidden!r}: must be a non-empty tuple of positive integers")
    for units in hidden:
        _check_dim("hidden", units)
    _check_dim("epochs", epochs)
    _check_output_activation(output_activation)

    codes = x.reshape(len(x), -1)
    encoder_layers, decoder_layers = [], []
    for i, units in enumerate(hidden):
        n_in = codes.shape[1]
        enc = layers.Dense(units, activation=activation, name=f"encoder_{i + 1}")
        dec = layers.Dense(
            n_in, activation=output_activation if i == 0 else activation, name=f"decoder_{i + 1}"
        )
        inp = keras.Input(shape=(n_in,))
        layer_ae = keras.Model(inp, dec(enc(inp)), name=f"layer_{i + 1}_ae")
        # a fresh optimizer per layer: a Keras optimizer is bound to the variables it first saw
        opt = (
            optimizer
            if isinstance(optimizer, str)
            else optimizer.from_config(optimizer.get_config())
        )
        layer_ae.compile(optimizer=opt, loss=loss)
        layer_ae.fit(codes, codes, epochs=epochs, batch_size=batch_size, verbose=verbose)
        codes = keras.ops.convert_to_numpy(enc(codes))  # data of the next layer
        encoder_layers.append(enc)
        decoder_layers.append(dec)
    return encoder_layers, decoder_layers


def create_stacked_ae(encoder_layers, decoder_layers, input_shape=(28, 28, 1)):
    """Deep autoencoder made of pretrained layers (slide 002, "стек автокодеров").

    Encoder: Flatten -> encoder_layers[0] -> encoder_layers[1] -> ...; decoder: the decoder
    layers in reverse order -> Reshape. The same layer objects are reused, so the deep model
    starts from exactly the pretrained weights (and fine-tuning it changes them).

    Raises ValueError for: layer lists empty or of different lengths, input_shape whose size
    differs from the first layer's input.

    Example:
        enc_layers, dec_layers = pretrain_stack(x_train, hidden=(256, 64))
        encoder, decoder, autoencoder = create_stacked_ae(enc_layers, dec_layers)
        autoencoder.compile(optimizer="adam", loss="mse"); autoencoder.fit(x_train, x_train)
    """
    input_shape = _check_shape(input_shape)
    if not encoder_layers or len(encoder_layers) != len(decoder_layers):
        raise ValueError(
            f"encoder_layers ({len(encoder_layers)}) and decoder_layers ({len(decoder_layers)}): "
            "must be non-empty lists of the same length, as returned by pretrain_stack"
        )
    n_in = encoder_layers[0].kernel.shape[0]
    if math.prod(input_shape) != n_in:
        raise ValueError(
            f"input_shape={input_shape!r}: has {math.prod(input_shape)} values, the first "
            f"pretrained layer expects {n_in}"
        )

    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    for enc in encoder_layers:
        x = enc(x)

    code_in = keras.Input(shape=(encoder_layers[-1].units,))
    y = code_in
    for dec in reversed(decoder_layers):
        y = dec(y)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, x, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_classifier(encoder, n_classes=10, hidden=(), trainable_encoder=False):
    """Classifier on top of an encoder (slides 002, 003): new layers after the code.

    trainable_encoder=False freezes the encoder (only the head learns: the codes are features,
    as "logistic regression on codes"); True fine-tunes the whole network (slide 002, "тонкая
    настройка"). Note: this sets ``encoder.trainable``, the flag of the encoder you pass in.
    Compile after calling this (Keras reads the flag at compile time).

    Raises ValueError for: n_classes < 2, hidden not positive integers.

    Example:
        classifier = create_classifier(encoder, n_classes=10, trainable_encoder=False)
        classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        classifier.fit(x_labelled, y_labelled, epochs=10)
    """
    if not isinstance(n_classes, int) or n_classes < 2:
        raise ValueError(f"n_classes={n_classes!r}: must be an integer >= 2")
    if not isinstance(hidden, (tuple, list)):
        raise ValueError(f"hidden={hidden!r}: must be a tuple of positive integers, e.g. (64,)")
    for units in hidden:
        _check_dim("hidden", units)
    encoder.trainable = bool(trainable_encoder)

    inp = keras.Input(shape=encoder.input_shape[1:])
    x = encoder(inp)
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
    out = layers.Dense(n_classes, activation="softmax", name="class_probabilities")(x)
    return keras.Model(inp, out, name="classifier")
