"""Image-quality and reconstruction-error measures for the notebooks (numpy)."""

import numpy as np


def _pair(clean, other):
    clean, other = np.asarray(clean, "float64"), np.asarray(other, "float64")
    if clean.shape != other.shape or clean.ndim < 2:
        raise ValueError(
            f"clean {clean.shape} and other {other.shape}: must be batches (n, ...) of one shape"
        )
    return clean.reshape(len(clean), -1), other.reshape(len(other), -1)


def reconstruction_error(x, x_hat, kind="mse", eps=1e-7):
    """Per-image reconstruction error: "mse" (mean squared error over pixels) or "bce"
    (binary cross-entropy averaged over pixels, as Keras's loss; x_hat clipped to [eps, 1-eps]).

    Example:
        errors = reconstruction_error(x_test, autoencoder.predict(x_test))
        anomalies = errors > np.quantile(errors, 0.99)
    """
    x, x_hat = _pair(x, x_hat)
    if kind == "mse":
        return np.mean((x - x_hat) ** 2, axis=1)
    if kind == "bce":
        p = np.clip(x_hat, eps, 1 - eps)
        return -np.mean(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    raise ValueError(f"kind={kind!r}: must be 'mse' or 'bce'")


PSNR_CAP_DB = 100.0


def psnr(clean, other, max_val=1.0):
    """Peak signal-to-noise ratio in dB, 10 log10(max_val^2 / MSE), averaged over images.

    Each image's PSNR is capped at ``PSNR_CAP_DB`` = 100 dB (an MSE of 1e-10 for max_val 1), so
    an image equal to its clean version counts as 100 dB and the mean stays finite. Higher is
    better; 20 dB is an MSE of 0.01 for pixels in [0, 1].

    Raises:
        ValueError: if max_val <= 0 or the batches differ in shape.

    Example:
        >>> print(psnr(x_test, x_noisy), "->", psnr(x_test, autoencoder.predict(x_noisy)))
    """
    if not max_val > 0:
        raise ValueError(f"max_val={max_val!r}: must be > 0")
    mse = reconstruction_error(clean, other, "mse")
    floor = max_val**2 / 10.0 ** (PSNR_CAP_DB / 10.0)
    return float(np.mean(10.0 * np.log10(max_val**2 / np.maximum(mse, floor))))
