"""Seeded corruption of images for demos on test data (slides 000, 002, 003): numpy, not layers.

Training-time noise lives inside the models (``create_denoising_ae``); these helpers make a fixed
noisy copy of a test set to show "noisy -> denoised -> clean" and to compute PSNR.
"""

import numpy as np


def _as_float(x):
    x = np.asarray(x)
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"x with shape {x.shape}: must be a non-empty batch (n, ...)")
    return x.astype("float32")


def add_gaussian_noise(x, sigma=0.3, seed=0, clip=True):
    """x + N(0, sigma^2) per pixel; clip=True keeps the result in [0, 1].

    Raises ValueError for: sigma < 0.

    Example:
        x_noisy = add_gaussian_noise(x_test, sigma=0.3, seed=0)
        restored = autoencoder.predict(x_noisy)
    """
    if not sigma >= 0:
        raise ValueError(f"sigma={sigma!r}: must be >= 0")
    x = _as_float(x)
    noisy = x + np.random.default_rng(seed).normal(0.0, sigma, size=x.shape).astype("float32")
    return np.clip(noisy, 0.0, 1.0) if clip else noisy


def mask_patch(x, size=10, seed=0, value=0.0):
    """Darkens a random ``size`` x ``size`` square of each image (sets it to ``value``).

    x: images (n, H, W) or (n, H, W, C).

    Raises ValueError for: x not images, size outside 1..min(H, W).

    Example:
        x_masked = mask_patch(x_test, size=10, seed=0)
        restored = autoencoder.predict(x_masked)
    """
    x = _as_float(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x with shape {x.shape}: must be images (n, H, W) or (n, H, W, C)")
    height, width = x.shape[1], x.shape[2]
    if not isinstance(size, (int, np.integer)) or not 1 <= size <= min(height, width):
        raise ValueError(f"size={size!r}: must be an integer in 1..{min(height, width)}")
    rng = np.random.default_rng(seed)
    tops = rng.integers(0, height - size + 1, size=len(x))
    lefts = rng.integers(0, width - size + 1, size=len(x))
    out = x.copy()
    for n, (top, left) in enumerate(zip(tops, lefts, strict=True)):
        out[n, top : top + size, left : left + size] = value
    return out


def salt_and_pepper(x, amount=0.1, seed=0):
    """Sets a fraction ``amount`` of the pixels to 0 or 1 (half each), at random.

    Raises ValueError for: amount outside [0, 1].

    Example:
        x_sp = salt_and_pepper(x_test, amount=0.1, seed=0)
        restored = autoencoder.predict(x_sp)
    """
    if not 0 <= amount <= 1:
        raise ValueError(f"amount={amount!r}: must lie in [0, 1]")
    x = _as_float(x)
    u = np.random.default_rng(seed).random(x.shape)
    out = x.copy()
    out[u < amount] = 1.0
    out[u < amount / 2] = 0.0
    return out
