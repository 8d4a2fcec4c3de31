"""Denoising autoencoders: corrupt the input, restore the clean x.

One vocabulary of noise everywhere in this file: the factory's ``noise`` and ``noise_level``, the
training-only noise layers inside the model, and the numpy helpers that corrupt a test set.

    noise          noise_level (default)            layer in the model          test-set helper
    "gaussian"     sigma in (0, 1] (0.3)            keras.layers.GaussianNoise  add_gaussian_noise
    "mask"         square side in 1..min(H, W) (10) MaskingNoise("patch")       mask_patch
    "pixels"       share set to 0, in (0, 1) (0.3)  MaskingNoise("pixels")      mask_pixels
    "salt_pepper"  share set to 0 or 1 (0.1)        SaltAndPepper               salt_and_pepper

Gaussian noise is not clipped in either place: x~ = x + N(0, sigma^2), as in the formula.
``corrupt(x, noise, noise_level)`` calls the right helper with the factory's arguments.

Needs keras and numpy: copy this file next to your notebook and write ``from denoising import ...``.
"""

import math

import keras
import numpy as np
from keras import layers, ops

register = keras.saving.register_keras_serializable(package="aekeras")
NOISE_LEVELS = {"gaussian": 0.3, "mask": 10, "pixels": 0.3, "salt_pepper": 0.1}


def _check(**arguments):
    """Checks a factory's arguments by name; the ValueError names the argument and its value.

    What Keras checks itself (units, seeds) is left to Keras; activations are looked up
    the way Keras does, so that "leaky_relu", "silu" or a function are accepted too.
    """
    for name, value in arguments.items():
        if name.endswith("activation"):
            try:
                keras.activations.get(value)
            except ValueError:
                raise ValueError(f"{name}={value!r}: must be a Keras activation") from None
        elif name == "input_shape":
            if not isinstance(value, (tuple, list)) or not value or not all(map(_is_size, value)):
                raise ValueError(f"{name}={value!r}: must be a tuple of positive integers")
        elif name == "encoding_dim" and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer")
        elif name == "noise" and value not in NOISE_LEVELS:
            raise ValueError(f"noise={value!r}: must be one of {tuple(NOISE_LEVELS)}")
        elif name == "where" and value not in ("input", "code"):
            raise ValueError(f"where={value!r}: must be 'input' or 'code'")
        elif name == "rate" and not 0 <= value < 1:  # keras.layers.Dropout takes 1
            raise ValueError(f"rate={value!r}: must lie in [0, 1)")
    noise, level = arguments.get("noise"), arguments.get("noise_level")
    if level is None:
        return
    if noise == "mask" and not _is_size(level):
        raise ValueError(f"noise_level={level!r}: for noise='mask' must be a square side >= 1")
    if noise == "gaussian" and not 0 < level <= 1:
        raise ValueError(f"noise_level={level!r}: for noise='gaussian' sigma must lie in (0, 1]")
    if noise in ("pixels", "salt_pepper") and not 0 < level < 1:
        raise ValueError(f"noise_level={level!r}: for noise={noise!r} must lie in (0, 1)")


def _is_size(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > 0


@register
class MaskingNoise(layers.Layer):
    """Training-only masking noise: sets part of each input to 0.

    kind="patch": a random ``size`` x ``size`` square of each image (inputs (batch, H, W[, C]))
    is set to 0 («затемнить часть изображения»); kind="pixels": each value is set to 0 with
    probability ``rate`` (no rescaling of the rest, unlike ``keras.layers.Dropout``).
    At inference (``training`` false) the layer returns its input unchanged.

    Args:
        kind: "patch" or "pixels".
        size: side of the square in pixels (kind="patch").
        rate: probability that a value is set to 0, in (0, 1) (kind="pixels").
        seed: seed of the layer's random generator.

    Raises:
        ValueError: if kind is unknown, size is not a positive integer or larger than the
            image, or rate is outside (0, 1).

    Example:
        >>> noisy = MaskingNoise("patch", size=10, seed=0)(images, training=True)
    """

    def __init__(self, kind="patch", size=10, rate=0.3, seed=None, **kwargs):
        super().__init__(**kwargs)
        if kind not in ("patch", "pixels"):
            raise ValueError(f"kind={kind!r}: must be 'patch' or 'pixels'")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(f"size={size!r}: must be a positive integer (square side in pixels)")
        if not 0.0 < rate < 1.0:
            raise ValueError(f"rate={rate!r}: must lie in (0, 1)")
        self.kind, self.size, self.rate, self.seed = kind, size, float(rate), seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        if self.kind == "patch":
            if len(input_shape) not in (3, 4):
                raise ValueError(
                    f"kind='patch' needs images (batch, H, W[, C]), got shape {input_shape}"
                )
            if self.size > min(input_shape[1], input_shape[2]):
                raise ValueError(
                    f"size={self.size}: must be at most the image side "
                    f"{min(input_shape[1], input_shape[2])}"
                )

    def call(self, inputs, training=None):
        if not training:
            return inputs
        if self.kind == "pixels":
            keep = keras.random.uniform(ops.shape(inputs), seed=self.seed_generator) >= self.rate
            return inputs * ops.cast(keep, inputs.dtype)
        batch, height, width = ops.shape(inputs)[0], inputs.shape[1], inputs.shape[2]
        # top-left corner of each image's square, uniform over the positions that fit
        u = keras.random.uniform((batch, 2), seed=self.seed_generator)
        top = ops.floor(u[:, :1] * (height - self.size + 1))
        left = ops.floor(u[:, 1:] * (width - self.size + 1))
        rows = ops.cast(ops.arange(height), u.dtype)[None, :]
        cols = ops.cast(ops.arange(width), u.dtype)[None, :]
        in_rows = ops.logical_and(rows >= top, rows < top + self.size)  # (batch, H)
        in_cols = ops.logical_and(cols >= left, cols < left + self.size)  # (batch, W)
        square = ops.logical_and(in_rows[:, :, None], in_cols[:, None, :])  # (batch, H, W)
        if len(inputs.shape) == 4:
            square = square[..., None]
        return ops.where(square, ops.zeros_like(inputs), inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "kind": self.kind,
            "size": self.size,
            "rate": self.rate,
            "seed": self.seed,
        }


@register
class SaltAndPepper(layers.Layer):
    """Training-only salt-and-pepper noise: each value becomes 0 or 1 with probability ``amount``.

    Half of the hit values turn black (0, pepper), half white (1, salt). At inference the layer
    returns its input unchanged.

    Args:
        amount: probability that a value is replaced, in (0, 1).
        seed: seed of the layer's random generator.

    Raises:
        ValueError: if amount is outside (0, 1).

    Example:
        >>> noisy = SaltAndPepper(0.1, seed=0)(images, training=True)
    """

    def __init__(self, amount=0.1, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 < amount < 1.0:
            raise ValueError(f"amount={amount!r}: must lie in (0, 1)")
        self.amount, self.seed = float(amount), seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        if not training:
            return inputs
        u = keras.random.uniform(ops.shape(inputs), seed=self.seed_generator)
        salt = ops.cast(u >= self.amount / 2, inputs.dtype)  # u < amount/2: 0, the rest of hits: 1
        return ops.where(u < self.amount, salt, inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "amount": self.amount, "seed": self.seed}


def noise_layer(noise="gaussian", noise_level=None, seed=None):
    """The training-only layer of a noise of this module's table, named "noise".

    Raises:
        ValueError: if noise is unknown or noise_level is out of its range (a square larger
            than the image is refused when the layer is built).

    Example:
        >>> noisy = noise_layer("mask", 10, seed=0)(images, training=True)
    """
    _check(noise=noise, noise_level=noise_level)
    level = NOISE_LEVELS[noise] if noise_level is None else noise_level
    if noise == "gaussian":
        return layers.GaussianNoise(level, seed=seed, name="noise")
    if noise == "mask":
        return MaskingNoise("patch", size=level, seed=seed, name="noise")
    if noise == "pixels":
        return MaskingNoise("pixels", rate=level, seed=seed, name="noise")
    return SaltAndPepper(level, seed=seed, name="noise")


def create_denoising_ae(
    input_shape=(28, 28, 1),
    encoding_dim=64,
    activation="relu",
    output_activation="sigmoid",
    noise="gaussian",
    noise_level=None,
    seed=None,
):
    """Denoising autoencoder (Vincent et al., 2008): restore the clean x from a corrupted x~.

    ``create_dense_ae`` with a noise layer in front: the encoder's first layer, named "noise",
    acts in training only, so ``fit(x, x)`` compares the output for x~ with the clean x, while
    ``predict`` is deterministic. ``encoding_dim`` may exceed the input size (an overcomplete
    DAE, Борисов «Автоэнкодеры»): the noise stops it from learning to copy.

    Args:
        input_shape: shape of one sample; noise="mask" needs images (H, W) or (H, W, C).
        encoding_dim: size of the code.
        activation: activation of the code layer, any Keras activation.
        output_activation: activation of the output layer.
        noise: "gaussian", "mask", "pixels" or "salt_pepper" (see the table of this module).
        noise_level: sigma, square side, or share of pixels; None takes ``NOISE_LEVELS[noise]``.
        seed: seed of the noise.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if noise is unknown, noise_level is out of its range, input_shape or
            encoding_dim are not positive integers, or an activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_denoising_ae(noise="mask", noise_level=10)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)  # noise is added inside, in training
        >>> restored = autoencoder.predict(corrupt(x_test, "mask", 10))
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = noise_layer(noise, noise_level, seed)(inputs)  # x~ in training, x itself in predict
    x = layers.Flatten()(x)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_dropout_ae(
    input_shape=(28, 28, 1),
    encoding_dim=64,
    activation="relu",
    output_activation="sigmoid",
    rate=0.2,
    where="input",
    seed=None,
):
    """Autoencoder with dropout on the input or on the code (Srivastava et al., 2014).

    In training each unit is kept with probability 1 - rate and the kept ones are scaled by
    1 / (1 - rate), so nothing changes at test time, when nothing is dropped. where="input" is a
    denoising AE with dropout noise; where="code" thins the hidden layer.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the code.
        activation: activation of the code layer, any Keras activation.
        output_activation: activation of the output layer.
        rate: probability of dropping a unit, in [0, 1).
        where: "input" or "code".
        seed: seed of the dropout layer.

    Returns:
        ``(encoder, decoder, autoencoder)``; the dropout layer is named "dropout".

    Raises:
        ValueError: if rate is outside [0, 1), where is unknown, input_shape or encoding_dim
            are not positive integers, or an activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_dropout_ae(rate=0.2, where="code", seed=0)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    if where == "input":
        x = layers.Dropout(rate, seed=seed, name="dropout")(x)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(x)
    if where == "code":
        code = layers.Dropout(rate, seed=seed, name="dropout")(code)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder


# Test-set corruption in numpy: a fixed, seeded noisy copy to show and to measure PSNR on.


def _images(x):
    x = np.asarray(x)
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"x with shape {x.shape}: must be a non-empty batch (n, ...)")
    return x.astype("float32")


def add_gaussian_noise(x, sigma=0.3, seed=0, clip=False):
    """x + N(0, sigma^2) per value, like the "gaussian" layer; clip=True keeps [0, 1].

    Raises:
        ValueError: if sigma is outside (0, 1] or x is not a non-empty batch.

    Example:
        >>> x_noisy = add_gaussian_noise(x_test, sigma=0.3, seed=0)
    """
    if not 0 < sigma <= 1:
        raise ValueError(f"sigma={sigma!r}: must lie in (0, 1]")
    x = _images(x)
    noisy = x + np.random.default_rng(seed).normal(0.0, sigma, size=x.shape).astype("float32")
    return np.clip(noisy, 0.0, 1.0) if clip else noisy


def mask_patch(x, size=10, seed=0):
    """Sets a random ``size`` x ``size`` square of each image to 0, like the "mask" layer.

    Raises:
        ValueError: if x is not images (n, H, W[, C]) or size is not in 1..min(H, W).

    Example:
        >>> x_masked = mask_patch(x_test, size=10, seed=0)
    """
    x = _images(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x with shape {x.shape}: must be images (n, H, W) or (n, H, W, C)")
    height, width = x.shape[1], x.shape[2]
    if not isinstance(size, (int, np.integer)) or not 1 <= size <= min(height, width):
        raise ValueError(f"size={size!r}: must be an integer in 1..{min(height, width)}")
    rng = np.random.default_rng(seed)
    tops = rng.integers(0, height - size + 1, size=len(x))
    lefts = rng.integers(0, width - size + 1, size=len(x))
    out = x.copy()
    for n, (top, left) in enumerate(zip(tops, lefts)):
        out[n, top : top + size, left : left + size] = 0.0
    return out


def mask_pixels(x, rate=0.3, seed=0):
    """Sets each value to 0 with probability ``rate``, like the "pixels" layer.

    Raises:
        ValueError: if rate is outside (0, 1) or x is not a non-empty batch.

    Example:
        >>> x_holes = mask_pixels(x_test, rate=0.3, seed=0)
    """
    if not 0 < rate < 1:
        raise ValueError(f"rate={rate!r}: must lie in (0, 1)")
    x = _images(x)
    return np.where(np.random.default_rng(seed).random(x.shape) < rate, 0.0, x).astype("float32")


def salt_and_pepper(x, amount=0.1, seed=0):
    """Sets a share ``amount`` of the values to 0 or 1 (half each), like the "salt_pepper" layer.

    Raises:
        ValueError: if amount is outside (0, 1) or x is not a non-empty batch.

    Example:
        >>> x_sp = salt_and_pepper(x_test, amount=0.1, seed=0)
    """
    if not 0 < amount < 1:
        raise ValueError(f"amount={amount!r}: must lie in (0, 1)")
    x = _images(x)
    u = np.random.default_rng(seed).random(x.shape)
    out = np.where(u < amount, (u >= amount / 2).astype("float32"), x)
    return out.astype("float32")


def corrupt(x, noise="gaussian", noise_level=None, seed=0):
    """Corrupts a test set with the factory's vocabulary: ``corrupt(x, "mask", 10)``.

    Raises:
        ValueError: if noise is unknown or noise_level is out of its range.

    Example:
        >>> _, _, autoencoder = create_denoising_ae(noise="pixels", noise_level=0.3)
        >>> restored = autoencoder.predict(corrupt(x_test, "pixels", 0.3))
    """
    _check(noise=noise, noise_level=noise_level)
    level = NOISE_LEVELS[noise] if noise_level is None else noise_level
    helper = {
        "gaussian": add_gaussian_noise,
        "mask": mask_patch,
        "pixels": mask_pixels,
        "salt_pepper": salt_and_pepper,
    }[noise]
    return helper(x, level, seed=seed)
