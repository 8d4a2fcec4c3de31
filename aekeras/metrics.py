"""Image-quality and reconstruction-error measures, and verdicts over repeated runs (numpy)."""

import dataclasses

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


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The verdict of ``compare_runs``: ``winner`` is a name, "level" or "one run"; ``text`` is
    the sentence a notebook prints (``print(comparison)`` prints it)."""

    winner: str
    text: str
    mean_a: float
    mean_b: float
    spread: float

    def __str__(self):
        return self.text


def compare_runs(
    runs_a, runs_b, name_a="A", name_b="B", higher_is_better=True, fmt="{:.3f}", unit=""
):
    """Compares two sets of repeated runs (seeds, label draws) and names a winner only beyond
    the noise.

    Each side is summarised by its mean ± standard deviation over its runs. The difference of
    the means counts only when it exceeds the two spreads together (sd_a + sd_b: the intervals
    mean ± sd do not overlap); otherwise the two are «на уровне». From a single run per side
    there is no spread to judge by, and no winner is named.

    Args:
        runs_a, runs_b: the measured values of each run, e.g. a PSNR per seed.
        name_a, name_b: names printed in the sentence.
        higher_is_better: False for errors and distances.
        fmt: format of one value, e.g. ``"{:.1%}"`` or ``"{:.2f}"``.
        unit: printed after each mean ± sd, e.g. ``" дБ"``.

    Returns:
        A ``Comparison``.

    Raises:
        ValueError: if a side has no runs or a value is not finite.

    Example:
        >>> dae, plain = [18.1, 18.4, 18.2], [17.0, 17.3, 17.1]
        >>> print(compare_runs(dae, plain, "DAE", "АК", fmt="{:.2f}", unit=" дБ"))
        DAE: 18.23 ± 0.15 дБ лучше, чем АК: 17.13 ± 0.15 дБ (разница 1.10 дБ больше разброса; 3 и
        3 запуска)
    """
    a, b = np.asarray(runs_a, "float64").ravel(), np.asarray(runs_b, "float64").ravel()
    for name, runs in [("runs_a", a), ("runs_b", b)]:
        if runs.size == 0 or not np.all(np.isfinite(runs)):
            raise ValueError(f"{name}={runs.tolist()}: must hold at least one finite value")
    mean_a, mean_b = float(a.mean()), float(b.mean())
    sd_a = float(a.std(ddof=1)) if a.size > 1 else 0.0
    sd_b = float(b.std(ddof=1)) if b.size > 1 else 0.0
    spread = sd_a + sd_b
    side_a = f"{name_a}: {_mean_sd(a, fmt)}{unit}"
    side_b = f"{name_b}: {_mean_sd(b, fmt)}{unit}"
    gap = fmt.format(abs(mean_a - mean_b)) + unit
    if a.size == 1 or b.size == 1:
        text = f"{side_a}, {side_b}: один запуск, победителя по нему не называем"
        return Comparison("one run", text, mean_a, mean_b, spread)
    if abs(mean_a - mean_b) <= spread:
        text = (
            f"{side_a} и {side_b} на уровне (разница {gap} в пределах разброса; "
            f"{a.size} и {b.size} запуска)"
        )
        return Comparison("level", text, mean_a, mean_b, spread)
    a_wins = (mean_a > mean_b) == higher_is_better
    (win, lose) = (side_a, side_b) if a_wins else (side_b, side_a)
    text = f"{win} лучше, чем {lose} (разница {gap} больше разброса; {a.size} и {b.size} запуска)"
    return Comparison(name_a if a_wins else name_b, text, mean_a, mean_b, spread)


def _mean_sd(runs, fmt):
    if runs.size == 1:
        return fmt.format(runs[0])
    return f"{fmt.format(runs.mean())} ± {fmt.format(runs.std(ddof=1))}"
