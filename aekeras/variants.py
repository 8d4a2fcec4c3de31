"""Autoencoder variants of the course: conv, denoising, sparse, k-sparse, linear decoder,
contractive, dropout and variational.

Each factory returns ``(encoder, decoder, autoencoder)`` like ``create_dense_ae``: three
uncompiled ``keras.Model``s sharing weights, where ``autoencoder = Model(inp,
decoder(encoder(inp)))``. What makes the variant special (noise, penalty, sampling) is a layer
inside the model, so plain ``autoencoder.fit(x, x)`` trains it.
"""

import math

import keras
from keras import layers

from aekeras.layers import (
    ActivityPenalty,
    ContractiveDense,
    KLSparsity,
    KSparse,
    MaskingNoise,
    SaltAndPepper,
    Sampling,
)
from aekeras.models import _check_dim, _check_output_activation, _check_shape


def create_conv_ae(
    input_shape=(28, 28, 1),
    filters=(32, 64),
    encoding_dim=49,
    kernel_size=3,
    activation="relu",
    output_activation="sigmoid",
):
    """Convolutional autoencoder for images (slide 000: "можно делать и сверточные").

    Encoder: per entry of ``filters`` a Conv2D + MaxPooling2D (halves height and width), then
    Flatten and a Dense code of ``encoding_dim``. Decoder mirrors it with Conv2DTranspose
    (stride 2). Height and width must be divisible by 2**len(filters) (28 -> 14 -> 7).

    Raises ValueError for: input_shape not (H, W, C) or not halvable, encoding_dim < 1,
    empty or non-positive filters, unknown output_activation.

    Example:
        encoder, decoder, autoencoder = create_conv_ae(filters=(32, 64), encoding_dim=49)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10, validation_data=(x_test, x_test))
    """
    input_shape = _check_shape(input_shape)
    if len(input_shape) != 3:
        raise ValueError(f"input_shape={input_shape!r}: must be (height, width, channels)")
    _check_dim("encoding_dim", encoding_dim)
    if not isinstance(filters, (tuple, list)) or not filters:
        raise ValueError(f"filters={filters!r}: must be a non-empty tuple of positive integers")
    for f in filters:
        _check_dim("filters", f)
    _check_output_activation(output_activation)
    height, width, channels = input_shape
    factor = 2 ** len(filters)
    if height % factor or width % factor:
        raise ValueError(
            f"input_shape={input_shape!r}: height {height} and width {width} must be divisible "
            f"by 2**{len(filters)} = {factor} (one halving per entry of filters={tuple(filters)}); "
            "pad the images or use fewer filters"
        )
    small = (height // factor, width // factor, filters[-1])

    inp = keras.Input(shape=input_shape)
    x = inp
    for f in filters:
        x = layers.Conv2D(f, kernel_size, activation=activation, padding="same")(x)
        x = layers.MaxPooling2D(2)(x)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(layers.Flatten()(x))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(small), activation=activation)(code_in)
    y = layers.Reshape(small)(y)
    for f in reversed(filters):
        y = layers.Conv2DTranspose(f, kernel_size, 2, activation=activation, padding="same")(y)
    out = layers.Conv2D(channels, kernel_size, activation=output_activation, padding="same")(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


NOISE_KINDS = ("gaussian", "mask", "pixels", "salt_pepper")
DEFAULT_NOISE_LEVEL = {"gaussian": 0.3, "mask": 10, "pixels": 0.3, "salt_pepper": 0.1}


def create_denoising_ae(
    input_shape=(28, 28, 1),
    encoding_dim=64,
    noise="gaussian",
    noise_level=None,
    activation="relu",
    output_activation="sigmoid",
    seed=None,
):
    """Denoising autoencoder (slides 000, 002, 003, 004): corrupt the input, restore the clean x.

    The noise is the encoder's first layer and acts in training only, so ``fit(x, x)`` compares
    the output for x~ with the clean x, while ``predict`` is deterministic. ``encoding_dim`` may
    exceed the input size (an overcomplete DAE, slide 004): the noise stops it copying.

    noise and noise_level (None picks the default in brackets):
        "gaussian":    x + N(0, sigma^2), noise_level = sigma > 0 (0.3)
        "mask":        a random square of side noise_level pixels set to 0 (10); images only
        "pixels":      each pixel set to 0 with probability noise_level in (0, 1) (0.3)
        "salt_pepper": each pixel set to 0 or 1 with probability noise_level in (0, 1) (0.1)

    Raises ValueError for: unknown noise, noise_level out of range, encoding_dim < 1.

    Example:
        encoder, decoder, autoencoder = create_denoising_ae(noise="mask", noise_level=10)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10)  # noise is added inside, in training only
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    _check_output_activation(output_activation)
    if noise not in NOISE_KINDS:
        raise ValueError(f"noise={noise!r}: must be one of {NOISE_KINDS}")
    level = DEFAULT_NOISE_LEVEL[noise] if noise_level is None else noise_level
    if noise == "gaussian":
        if not level > 0:
            raise ValueError(f"noise_level={level!r}: for noise='gaussian' sigma must be > 0")
        noise_layer = layers.GaussianNoise(level, seed=seed, name="noise")
    elif noise == "mask":
        side = min(input_shape[:2]) if len(input_shape) in (2, 3) else 0
        if len(input_shape) not in (2, 3):
            raise ValueError(
                f"input_shape={input_shape!r}: noise='mask' needs images (H, W) or (H, W, C)"
            )
        if not isinstance(level, int) or not 1 <= level <= side:
            raise ValueError(
                f"noise_level={level!r}: for noise='mask' the patch side must be an integer "
                f"in 1..{side}"
            )
        noise_layer = MaskingNoise("patch", size=level, seed=seed, name="noise")
    else:
        if not 0 < level < 1:
            raise ValueError(f"noise_level={level!r}: for noise={noise!r} must lie in (0, 1)")
        if noise == "pixels":
            noise_layer = MaskingNoise("pixels", rate=level, seed=seed, name="noise")
        else:
            noise_layer = SaltAndPepper(level, seed=seed, name="noise")

    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(noise_layer(inp))
    code = layers.Dense(encoding_dim, activation=activation, name="code")(x)

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


PENALTIES = ("l1", "l2", "kl")


def create_sparse_ae(
    input_shape=(28, 28, 1),
    encoding_dim=64,
    penalty="kl",
    rho=0.05,
    beta=0.1,
    lam=1e-4,
    output_activation="sigmoid",
):
    """Sparse autoencoder (slides 000, 002): a penalty keeps most code units near 0.

    penalty="l1" or "l2" (slide 000): relu code, lam * sum_j |h_j| (or h_j^2) per sample,
        averaged over the batch (layer ``ActivityPenalty``).
    penalty="kl" (slide 002): sigmoid code, beta * sum_j KL(rho || rho_hat_j), where rho_hat_j
        is unit j's mean activation over the batch (layer ``KLSparsity``).
    The code may be overcomplete (encoding_dim larger than the input).

    Raises ValueError for: unknown penalty, rho outside (0, 1), beta < 0, lam < 0,
    encoding_dim < 1.

    Example:
        encoder, decoder, autoencoder = create_sparse_ae(penalty="kl", rho=0.05, beta=0.1)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10)  # encoder.predict(x).mean(0) -> about rho
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    _check_output_activation(output_activation)
    if penalty not in PENALTIES:
        raise ValueError(f"penalty={penalty!r}: must be one of {PENALTIES}")
    if not 0 < rho < 1:
        raise ValueError(f"rho={rho!r}: must lie in (0, 1), e.g. 0.05")
    if not beta >= 0:
        raise ValueError(f"beta={beta!r}: must be >= 0")
    if not lam >= 0:
        raise ValueError(f"lam={lam!r}: must be >= 0")

    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    if penalty == "kl":
        h = layers.Dense(encoding_dim, activation="sigmoid", name="code")(x)
        code = KLSparsity(rho=rho, beta=beta, name="kl_sparsity")(h)
    else:
        h = layers.Dense(encoding_dim, activation="relu", name="code")(x)
        code = ActivityPenalty(penalty, lam=lam, name="activity_penalty")(h)

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_k_sparse_ae(
    input_shape=(28, 28, 1), encoding_dim=100, k=25, output_activation="sigmoid"
):
    """k-sparse autoencoder (slide 002; Makhzani & Frey, 2013).

    The code is linear, h = W x + b, but only its k largest units are kept and the rest set to 0
    (layer ``KSparse``): exactly k units are active per sample, which is the nonlinearity.

    Raises ValueError for: encoding_dim < 1, k outside 1..encoding_dim.

    Example:
        encoder, decoder, autoencoder = create_k_sparse_ae(encoding_dim=100, k=25)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10)  # (encoder.predict(x) != 0).sum(1) == 25
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    _check_output_activation(output_activation)
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= encoding_dim:
        raise ValueError(f"k={k!r}: must be an integer in 1..encoding_dim={encoding_dim}")

    inp = keras.Input(shape=input_shape)
    h = layers.Dense(encoding_dim, name="linear_code")(layers.Flatten()(inp))
    code = KSparse(k, name="code")(h)

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_linear_decoder_ae(input_shape=(28, 28, 1), encoding_dim=64, activation="sigmoid"):
    """Autoencoder with a linear decoder (slide 002, "линейный декодер").

    Hidden layer sigmoid or tanh, output layer linear: x_hat = W2 a + b2, so the data need not be
    scaled to [0, 1] (e.g. standardized features). Train it with loss="mse".

    Raises ValueError for: activation not "sigmoid"/"tanh", encoding_dim < 1.

    Example:
        encoder, decoder, autoencoder = create_linear_decoder_ae(encoding_dim=64)
        autoencoder.compile(optimizer="adam", loss="mse")
        autoencoder.fit(x_std, x_std, epochs=10)  # x_std = (x - x.mean()) / x.std()
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    if activation not in ("sigmoid", "tanh"):
        raise ValueError(f"activation={activation!r}: must be 'sigmoid' or 'tanh'")

    inp = keras.Input(shape=input_shape)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(layers.Flatten()(inp))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation="linear")(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_contractive_ae(
    input_shape=(28, 28, 1), encoding_dim=64, lam=1e-3, output_activation="sigmoid"
):
    """Contractive autoencoder (slide 002; Rifai et al., 2011).

    The sigmoid encoder h = sigmoid(W x + b) adds lam * ||J_f(x)||_F^2 (mean over the batch) to
    the loss, in the closed form sum_i (h_i (1 - h_i))^2 sum_j W_ij^2 (layer ``ContractiveDense``):
    the code becomes insensitive to small changes of the input.

    Raises ValueError for: lam < 0, encoding_dim < 1.

    Example:
        encoder, decoder, autoencoder = create_contractive_ae(encoding_dim=64, lam=1e-3)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10)
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    _check_output_activation(output_activation)
    if not lam >= 0:
        raise ValueError(f"lam={lam!r}: must be >= 0")

    inp = keras.Input(shape=input_shape)
    code = ContractiveDense(encoding_dim, lam=lam, name="code")(layers.Flatten()(inp))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_dropout_ae(
    input_shape=(28, 28, 1),
    encoding_dim=64,
    rate=0.2,
    where="input",
    activation="relu",
    output_activation="sigmoid",
):
    """Autoencoder with dropout (slide 002; Srivastava et al., 2014) on the input or the code.

    In training each unit is kept with probability 1 - rate (Keras scales kept units by
    1 / (1 - rate), so no rescaling is needed at test time); at inference nothing is dropped.
    where="input" is a denoising AE with dropout noise; where="code" thins the hidden layer.

    Raises ValueError for: rate outside [0, 1), where not "input"/"code", encoding_dim < 1.

    Example:
        encoder, decoder, autoencoder = create_dropout_ae(rate=0.2, where="code")
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10)
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    _check_output_activation(output_activation)
    if not 0 <= rate < 1:
        raise ValueError(f"rate={rate!r}: must lie in [0, 1)")
    if where not in ("input", "code"):
        raise ValueError(f"where={where!r}: must be 'input' or 'code'")

    inp = keras.Input(shape=input_shape)
    x = layers.Flatten()(inp)
    if where == "input":
        x = layers.Dropout(rate, name="dropout")(x)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(x)
    if where == "code":
        code = layers.Dropout(rate, name="dropout")(code)

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_vae(
    input_shape=(28, 28, 1),
    latent_dim=2,
    hidden=(256,),
    beta=1.0,
    activation="relu",
    output_activation="sigmoid",
    seed=None,
):
    """Variational autoencoder (slides 001, 002: "see also"), dense encoder and decoder.

    The encoder returns [z_mean, z_log_var, z]; layer ``Sampling`` draws
    z = z_mean + exp(z_log_var / 2) * eps in training (z = z_mean at inference) and adds
    beta * KL(q(z|x) || N(0, I)) / n_pixels to the loss. Divided by the number of pixels, the KL
    term matches Keras's "binary_crossentropy", which averages over pixels: the total is the
    negative ELBO per pixel. The decoder maps a latent vector to an image: to generate, decode
    samples of N(0, I).

    Raises ValueError for: latent_dim < 1, hidden not positive integers, beta < 0.

    Example:
        encoder, decoder, autoencoder = create_vae(latent_dim=2)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(x_train, x_train, epochs=10); decoder.predict(np.random.randn(16, 2))
    """
    input_shape = _check_shape(input_shape)
    _check_dim("latent_dim", latent_dim)
    if not isinstance(hidden, (tuple, list)):
        raise ValueError(f"hidden={hidden!r}: must be a tuple of positive integers, e.g. (256,)")
    for units in hidden:
        _check_dim("hidden", units)
    _check_output_activation(output_activation)
    if not beta >= 0:
        raise ValueError(f"beta={beta!r}: must be >= 0")
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
