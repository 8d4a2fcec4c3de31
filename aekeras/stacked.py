"""Stacked autoencoders: greedy layer-wise pretraining, the pretrained layers assembled into a deep
autoencoder, and a classifier head on a frozen or fine-tuned encoder.

Уткин, «Глубокое обучение: автокодеры» (stacking, greedy training, fine-tuning); ОмГТУ,
«Специальные архитектуры нейронных сетей: АК» (a frozen encoder and new layers for few labels);
Соловей, «Автоэнкодеры» (pretraining). Greedy layer-wise pretraining with autoencoders is Bengio
et al. (2007) and Ranzato et al. (2007); Hinton, Osindero & Teh (2006) and Hinton & Salakhutdinov
(2006) stacked RBMs instead.

Needs keras and numpy: copy this file next to your notebook and write ``from stacked import ...``.
"""

import math

import keras
import numpy as np
from keras import layers


def _check(**arguments):
    """Checks arguments by name; the ValueError names the argument and its value.

    Activations are looked up the way Keras does, so that "leaky_relu", "silu" or a function
    are accepted too; what Keras checks itself (units, optimizers, losses) is left to Keras.
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
                or (not value and name == "input_shape")
            ):
                raise ValueError(f"{name}={value!r}: must be a tuple of positive integers")
        elif name == "epochs" and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer")
        elif name == "n_classes" and not (_is_size(value) and value >= 2):
            raise ValueError(f"{name}={value!r}: must be an integer >= 2")
        elif name == "x" and (np.ndim(value) < 2 or len(value) == 0):
            raise ValueError(f"x with shape {np.shape(value)}: must be a non-empty batch (n, ...)")
    if "encoder_layers" in arguments:  # the lists of pretrain_stack, and the image they take
        enc, dec = arguments["encoder_layers"], arguments["decoder_layers"]
        if not enc or len(enc) != len(dec):
            raise ValueError(
                f"encoder_layers ({len(enc)}) and decoder_layers ({len(dec)}): must be "
                "non-empty lists of the same length, as returned by pretrain_stack"
            )
        size, n_in = math.prod(arguments["input_shape"]), enc[0].kernel.shape[0]
        if size != n_in:
            raise ValueError(
                f"input_shape={arguments['input_shape']!r}: has {size} values, the first "
                f"pretrained layer expects {n_in}"
            )


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


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
    callbacks=None,
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
        activation: activation of the codes, any Keras activation.
        output_activation: activation of layer 1's decoder.
        epochs, batch_size, optimizer, loss, verbose, callbacks: passed to each layer's
            ``compile``/``fit`` (a fresh copy of the optimizer per layer); a progress bar among
            the callbacks draws one line per layer.

    Returns:
        ``(encoder_layers, decoder_layers)``: lists of trained Dense layers, bottom first, named
        "stackN_encoder_l" and "stackN_decoder_l" with N unique per call, so that layers of two
        stacks can meet in one model. ``create_stacked_ae`` assembles them.

    Raises:
        ValueError: if x is empty, hidden or epochs are not positive integers, or an activation
            is not a Keras activation.

    Example:
        >>> enc_layers, dec_layers = pretrain_stack(x_train, hidden=(256, 64), epochs=5,
        ...                                         callbacks=[progress_bar()])
        >>> encoder, decoder, autoencoder = create_stacked_ae(enc_layers, dec_layers)
        >>> classifier = create_classifier(encoder, n_classes=10, trainable_encoder=False)
    """
    _check(**locals())
    if not hidden:
        raise ValueError("hidden=(): must hold at least one layer to pretrain, e.g. (256, 64)")
    x = np.asarray(x, dtype="float32")
    stack = f"stack{keras.backend.get_uid('aekeras_pretrain_stack')}"
    codes = x.reshape(len(x), -1)
    encoder_layers, decoder_layers = [], []
    for level, units in enumerate(hidden, 1):
        n_in = codes.shape[1]
        enc = layers.Dense(units, activation=activation, name=f"{stack}_encoder_{level}")
        dec_activation = output_activation if level == 1 else activation
        dec = layers.Dense(n_in, activation=dec_activation, name=f"{stack}_decoder_{level}")
        inputs = keras.Input(shape=(n_in,))
        layer_ae = keras.Model(inputs, dec(enc(inputs)), name=f"{stack}_layer_{level}_ae")
        # a fresh optimizer per layer: a Keras optimizer is bound to the variables it first saw
        opt = (
            optimizer
            if isinstance(optimizer, str)
            else optimizer.from_config(optimizer.get_config())
        )
        layer_ae.compile(optimizer=opt, loss=loss)
        layer_ae.fit(
            codes, codes, epochs=epochs, batch_size=batch_size, verbose=verbose, callbacks=callbacks
        )
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
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    for layer in encoder_layers:
        x = layer(x)
    code = x

    code_inputs = keras.Input(shape=(encoder_layers[-1].units,))
    x = code_inputs
    for layer in reversed(decoder_layers):
        x = layer(x)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
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
    _check(n_classes=n_classes, hidden=hidden)
    inputs = keras.Input(shape=encoder.input_shape[1:])
    encoder.trainable = bool(trainable_encoder)  # read by compile: compile after this call
    x = encoder(inputs)
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="class_probabilities")(x)
    return keras.Model(inputs, outputs, name="classifier")
