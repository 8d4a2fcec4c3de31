"""Shared helpers of the benchmarks: run settings, MNIST subsets, seeds, timers, the Result."""

import dataclasses
import functools
import time

import numpy as np

# Results are judged on these words only (bench/verdicts.py decides yes/no); report.py counts them.
MET_WORDS = ("yes", "no", "n/a", "no data")


@dataclasses.dataclass
class Settings:
    """How a benchmark runs: quick (tiny subsets, CI), full (the default, within the stated CPU
    budget) or long (``--long``: the recipes that need up to about an hour per row)."""

    quick: bool = False
    seed: int = 0
    long: bool = False

    @property
    def mode(self):
        """'quick', 'full' or 'long'."""
        return "quick" if self.quick else "long" if self.long else "full"

    def pick(self, quick, full, long=None):
        """The value for this mode; ``long`` falls back to ``full`` when not given. In quick mode
        with ``long`` set, the quick value still applies (the long code path runs, tiny)."""
        if self.quick:
            return quick
        if self.long and long is not None:
            return long
        return full


@dataclasses.dataclass
class Result:
    """One benchmark's outcome: a summary row plus a detail table.

    figure: the aekeras figure(s), with numbers; anchor/source: the published figure beside it;
    met: one of MET_WORDS; budget: epochs, samples and seconds actually spent; data: the raw
    numbers behind the figure (used by the report's advice and by tests).
    """

    name: str
    group: str
    title: str
    figure: str
    anchor: str
    source: str
    met: str
    comment: str
    budget: str
    details: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    data: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        if self.met not in MET_WORDS:
            raise ValueError(f"met={self.met!r}: must be one of {MET_WORDS}")


def make_result(name, figure, verdict, budget, details=(), notes=(), data=None, comment=None):
    """A Result whose title, anchor and source come from anchors.ANCHORS[name].

    ``verdict``: a bench.verdicts.Verdict (met and why) or a plain met word; ``comment`` adds to
    the verdict's reason.
    """
    from bench.anchors import ANCHORS

    a = ANCHORS[name]
    met, why = (verdict, "") if isinstance(verdict, str) else (verdict.met, verdict.why)
    comment = "; ".join(c for c in (why, comment) if c)
    return Result(
        name=name,
        group=a.group,
        title=a.title,
        figure=figure,
        anchor=a.figure,
        source=a.source,
        met=met,
        comment=comment,
        budget=budget,
        details=list(details),
        notes=list(notes),
        data=dict(data or {}),
    )


@functools.lru_cache(maxsize=1)
def _mnist():
    from aekeras import load_mnist

    return load_mnist(shape="image")


def mnist(n_train=None, n_test=None, seed=0):
    """Seeded MNIST subsets as ``(x, y), (x_test, y_test)``; images (n, 28, 28, 1) in [0, 1].

    The full arrays are read once per process; None means the whole split.
    """
    (x, y), (xt, yt) = _mnist()
    rng = np.random.default_rng(seed)

    def take(a, b, n):
        if n is None or n >= len(a):
            return a, b
        idx = np.sort(rng.choice(len(a), size=n, replace=False))
        return a[idx], b[idx]

    return take(x, y, n_train), take(xt, yt, n_test)


def flat(x):
    """(n, 28, 28, 1) -> (n, 784), a view."""
    return x.reshape(len(x), -1)


def seed_all(seed):
    """Seed Python, numpy and the Keras backend (weights, noise layers, shuffling)."""
    import keras

    keras.utils.set_random_seed(seed)


def fit(model, x, y, epochs, batch_size=256, **kwargs):
    """``model.fit`` silently; returns (history, seconds of wall time)."""
    start = time.perf_counter()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, **kwargs)
    return history, time.perf_counter() - start


def budget(epochs, samples, seconds):
    """The budget cell: '50 ep x 60000 samples, 84 s' (epochs may be a phrase)."""
    epochs = f"{epochs} ep" if isinstance(epochs, int) else epochs
    return f"{epochs} x {samples} samples, {seconds:.0f} s"


def fmt(value, digits=4):
    """A number as text with `digits` significant digits (no exponent for usual sizes)."""
    return f"{value:.{digits}g}"


class Stopwatch:
    """Context manager measuring wall seconds: ``with Stopwatch() as sw: ...; sw.seconds``."""

    def __enter__(self):
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        return False
