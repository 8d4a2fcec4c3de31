"""Stacked autoencoders: greedy layer-wise pretraining, the pretrained layers assembled into a deep
autoencoder, and a classifier head on a frozen or fine-tuned encoder.

Уткин, «Глубокое обучение: автокодеры» (stacking, greedy training, fine-tuning); ОмГТУ,
«Специальные архитектуры нейронных сетей: АК» (a frozen encoder and new layers for few labels);
Соловей, «Автоэнкодеры» (pretraining). Hinton & Salakhutdinov (2006) pretrained layer by layer.

Needs keras and numpy: copy this file next to your notebook and write ``from stacked import ...``.
"""

import math

import keras
import numpy as np
from keras import layers

ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear", "elu", "selu", "gelu", "softplus", "swish")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "relu")


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
    """Greedy layer-wise pretraining («жадный алгоритм послойного обучения»).

    Layer 1: a one-hidden-layer autoencoder x -> h1 -> x is trained on x. Its output layer is
    put aside and h1 = encoder_1(x) becomes the data of layer 2: an autoencoder h1 -> h2 -> h1,
    and so on up the stack. The decoder of layer l > 1 uses ``activation`` (it restores codes of
    that activation); layer 1's decoder uses ``output_activation`` (sigmoid for pixels in [0, 1]).
    tanh codes are centred at 0, which lets the upper layers learn fast.

    Args:
        x: training data, a batch of samples (n, ...); labels are not needed.
        hidden: sizes of the stacked codes, bottom first.
        activation: activation of the codes, one of ``ACTIVATIONS``.
        output_activation: activation of layer 1's decoder, one of ``OUTPUT_ACTIVATIONS``.
        epochs, batch_size, optimizer, loss, verbose: passed to each layer's ``compile``/``fit``
            (a fresh copy of the optimizer per layer).

    Returns:
        ``(encoder_layers, decoder_layers)``: lists of trained Dense layers, bottom first, named
        "stackN_encoder_l" and "stackN_decoder_l" with N unique per call, so that layers of two
        stacks can meet in one model. ``create_stacked_ae`` assembles them.

    Raises:
        ValueError: if x is empty, hidden or epochs are not positive integers, or an activation
            is not allowed.

    Example:
        >>> enc_layers, dec_layers = pretrain_stack(x_train, hidden=(256, 64), epochs=5)
        >>> encoder, decoder, autoencoder = create_stacked_ae(enc_layers, dec_layers)
        >>> classifier = create_classifier(encoder, n_classes=10, trainable_encoder=False)
    """
    x = np.asarray(x, dtype="float32")
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"x with shape {x.shape}: must be a non-empty batch of samples (n, ...)")
    if (
        not isinstance(hidden, (tuple, list))
        or not hidden
        or not all(isinstance(h, int) and not isinstance(h, bool) and h > 0 for h in hidden)
    ):
        raise ValueError(f"hidden={hidden!r}: must be a non-empty tuple of positive integers")
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        raise ValueError(f"epochs={epochs!r}: must be a positive integer")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation={activation!r}: must be one of {ACTIVATIONS}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )

    stack = f"stack{keras.backend.get_uid('aekeras_pretrain_stack')}"
    codes = x.reshape(len(x), -1)
    encoder_layers, decoder_layers = [], []
    for level, units in enumerate(hidden, 1):
        n_in = codes.shape[1]
        enc = layers.Dense(units, activation=activation, name=f"{stack}_encoder_{level}")
        dec_activation = output_activation if level == 1 else activation
        dec = layers.Dense(n_in, activation=dec_activation, name=f"{stack}_decoder_{level}")
        inp = keras.Input(shape=(n_in,))
        layer_ae = keras.Model(inp, dec(enc(inp)), name=f"{stack}_layer_{level}_ae")
        # a fresh optimizer per layer: a Keras optimizer is bound to the variables it first saw
        opt = (
            optimizer
            if isinstance(optimizer, str)
            else optimizer.from_config(optimizer.get_config())
        )
        layer_ae.compile(optimizer=opt, loss=loss)
        layer_ae.fit(codes, codes, epochs=epochs, batch_size=batch_size, verbose=verbose)
        codes = keras.ops.convert_to_numpy(enc(codes))  # the data of the next layer
        encoder_layers.append(enc)
        decoder_layers.append(dec)
    return encoder_layers, decoder_layers


def create_stacked_ae(encoder_layers, decoder_layers, input_shape=(28, 28, 1)):
    """Deep autoencoder made of pretrained layers («стек автокодеров»).

    Encoder: Flatten -> encoder_layers[0] -> encoder_layers[1] -> ...; decoder: the decoder
    layers in reverse order -> Reshape. The same layer objects are reused, so the deep model
    starts from exactly the pretrained weights (and fine-tuning it changes them).

    Args:
        encoder_layers, decoder_layers: the lists returned by ``pretrain_stack``.
        input_shape: shape of one sample; its size must match the first layer's input.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if the layer lists are empty or of different lengths, or input_shape does
            not match the first layer.

    Example:
        >>> enc_layers, dec_layers = pretrain_stack(x_train, hidden=(256, 64))
        >>> encoder, decoder, autoencoder = create_stacked_ae(enc_layers, dec_layers)
        >>> autoencoder.compile(optimizer="adam", loss="mse")
        >>> autoencoder.fit(x_train, x_train, epochs=5)  # fine-tunes the whole stack
    """
    if not encoder_layers or len(encoder_layers) != len(decoder_layers):
        raise ValueError(
            f"encoder_layers ({len(encoder_layers)}) and decoder_layers ({len(decoder_layers)}): "
            "must be non-empty lists of the same length, as returned by pretrain_stack"
        )
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be positive integers, e.g. (28, 28, 1)"
        )
    n_in = encoder_layers[0].kernel.shape[0]
    if math.prod(input_shape) != n_in:
        raise ValueError(
            f"input_shape={input_shape!r}: has {math.prod(input_shape)} values, the first "
            f"pretrained layer expects {n_in}"
        )
    input_shape = tuple(input_shape)

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
    """Classifier on top of an encoder: new layers after the code.

    trainable_encoder=False freezes the encoder and only the new layers learn (the codes are
    features, as in the ОмГТУ deck's «замороженный энкодер»); True fine-tunes the whole network
    («тонкая настройка»). This sets ``encoder.trainable`` of the encoder you pass in; compile
    after calling it (Keras reads the flag at compile time).

    Args:
        encoder: a Keras model, e.g. the encoder of any factory.
        n_classes: number of classes, >= 2; the output is a softmax named "class_probabilities".
        hidden: sizes of relu layers between the code and the softmax.
        trainable_encoder: whether the encoder's weights train with the head.

    Returns:
        A ``keras.Model`` named "classifier".

    Raises:
        ValueError: if n_classes < 2 or hidden is not a tuple of positive integers.

    Example:
        >>> classifier = create_classifier(encoder, n_classes=10, trainable_encoder=False)
        >>> classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        >>> classifier.fit(x_labelled, y_labelled, epochs=10)
    """
    if not isinstance(n_classes, int) or isinstance(n_classes, bool) or n_classes < 2:
        raise ValueError(f"n_classes={n_classes!r}: must be an integer >= 2")
    if not isinstance(hidden, (tuple, list)) or not all(
        isinstance(h, int) and not isinstance(h, bool) and h > 0 for h in hidden
    ):
        raise ValueError(f"hidden={hidden!r}: must be a tuple of positive integers, e.g. (64,)")
    encoder.trainable = bool(trainable_encoder)

    inp = keras.Input(shape=encoder.input_shape[1:])
    x = encoder(inp)
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
    out = layers.Dense(n_classes, activation="softmax", name="class_probabilities")(x)
    return keras.Model(inp, out, name="classifier")
