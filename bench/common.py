"""Shared helpers of the benchmarks: run settings, MNIST subsets, training, scores, callbacks."""

import dataclasses
import functools

import keras
import numpy as np

import aekeras as ae

SEEDS = {"quick": (0,), "full": (0, 1, 2), "long": (0, 1, 2)}
STEPS_PER_EXECUTION = 1  # bench/run.py raises it on a GPU


@dataclasses.dataclass
class Settings:
    """How a benchmark runs: "quick" (tiny subsets, the tests), "full" (the default, sized for
    about two hours on 2 CPU cores, every row over ``seeds``) or "long" (``--long``: the recipes
    sized for one short GPU run). ``long`` picks the long recipes' variants, also at quick
    sizes; ``sizes`` keeps what the last ``pick`` chose, for the report."""

    mode: str = "full"
    seeds: tuple = None
    long: bool = False
    sizes: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        self.seeds = tuple(SEEDS[self.mode] if self.seeds is None else self.seeds)
        self.long = self.long or self.mode == "long"

    @property
    def quick(self):
        return self.mode == "quick"

    def pick(self, quick, full, long=None):
        """This mode's sizes (``long`` falls back to ``full``), kept in ``self.sizes``."""
        chosen = {"quick": quick, "full": full, "long": long or full}[self.mode]
        self.sizes = dict(chosen)
        return self.sizes


@functools.lru_cache(maxsize=1)
def _mnist():
    return ae.load_mnist(shape="image")


def mnist(n_train=None, n_test=None, seed=0):
    """Seeded MNIST subsets ``(x, y), (x_test, y_test)``; images (n, 28, 28, 1) in [0, 1]."""
    (x, y), (xt, yt) = _mnist()
    rng = np.random.default_rng(seed)

    def take(a, b, n):
        if n is None or n >= len(a):
            return a, b
        idx = np.sort(rng.choice(len(a), size=n, replace=False))
        return a[idx], b[idx]

    return take(x, y, n_train), take(xt, yt, n_test)


def split(x, y, n_val, seed):
    """(x_train, y_train), (x_val, y_val): a seeded validation split off the training images."""
    idx = np.random.default_rng(seed + 1000).permutation(len(x))
    val, train = idx[:n_val], np.sort(idx[n_val:])
    return (x[train], y[train]), (x[val], y[val])


def flat(x):
    return x.reshape(len(x), -1)


def predict(model, x):
    out = model.predict(x, batch_size=1024, verbose=0)
    return out if isinstance(out, np.ndarray) else [np.asarray(o) for o in out]


def mse(x, x_hat):
    return float(np.mean((flat(x) - flat(x_hat)) ** 2))


def accuracy(model, x, y):
    return float(np.mean(np.argmax(predict(model, x), axis=1) == y))


def pca_reconstruct(pca, x):
    return pca.inverse_transform(pca.transform(flat(x))).reshape(x.shape)


def sum_squared_error(y_true, y_pred):
    """Squared error summed over the pixels of each image (the papers' E = ||x - x_hat||^2)."""
    return keras.ops.sum(keras.ops.square(keras.ops.reshape(y_true - y_pred, (-1, 784))), axis=1)


def cosine(lr, epochs, n, batch, alpha=0.01):
    """Learning rate decayed from lr to alpha * lr over ``epochs`` epochs of n samples."""
    steps = max(1, epochs * int(np.ceil(n / batch)))
    return keras.optimizers.schedules.CosineDecay(lr, steps, alpha=alpha)


def xla(s, helps=True):
    """``jit_compile`` for a model: XLA where it speeds up a CPU epoch (not in quick runs, whose
    compile time it would dominate), else Keras's choice ("auto": on JAX always XLA)."""
    return True if helps and not s.quick else "auto"


def train(model, x, y, epochs, batch=256, loss="binary_crossentropy", optimizer="adam", **kw):
    """Compile + silent fit; returns the History. ``jit_compile`` goes to compile, the rest to
    fit."""
    jit = kw.pop("jit_compile", "auto")
    model.compile(
        optimizer=optimizer, loss=loss, jit_compile=jit, steps_per_execution=STEPS_PER_EXECUTION
    )
    return model.fit(x, y, epochs=epochs, batch_size=batch, verbose=0, **kw)


def seed_all(seed):
    keras.utils.set_random_seed(seed)


class BestOnValidation(keras.callbacks.Callback):
    """Scores the model with ``score(model)`` (lower is better) every epoch, keeps the best
    weights, stops after ``patience`` epochs without improvement (None: never) and restores the
    best weights at the end."""

    def __init__(self, score, patience=None):
        super().__init__()
        self.score, self.patience = score, patience
        self.best, self.best_epoch, self.weights, self.epochs = np.inf, 0, None, 0

    def on_epoch_end(self, epoch, logs=None):
        value, self.epochs = float(self.score(self.model)), epoch + 1
        if value < self.best:
            self.best, self.best_epoch, self.weights = value, epoch + 1, self.model.get_weights()
        elif self.patience is not None and epoch + 1 - self.best_epoch >= self.patience:
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.weights is not None:
            self.model.set_weights(self.weights)
