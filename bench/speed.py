"""Speed rows: factory vs plain Keras, epoch time vs samples, XLA on a CPU.

Epoch times come from a callback (on_epoch_begin -> on_epoch_end) after a warm-up epoch that
traces the training function. Sizes are multiples of the batch (250), so no partial last batch
retraces. Models compared with each other run interleaved (A B B A ...), and a ratio compares
their fastest epochs: other work on a shared CPU only ever adds time, so the minimum of k
repeats is the least disturbed estimate. The spread of the paired per-repeat ratios is kept too.
"""

import time

import keras
import numpy as np

import aekeras as ae
from bench import reference
from bench.common import mnist, seed_all

BATCH = 250
BCE, MSE = "binary_crossentropy", "mse"


def pairs():
    """name -> (factory autoencoder builder, plain-Keras builder, loss)."""
    return {
        "dense": (lambda: ae.create_dense_ae()[2], reference.dense, BCE),
        "deep": (lambda: ae.create_deep_ae()[2], reference.deep, BCE),
        "linear": (
            lambda: ae.create_linear_ae(input_shape=(28, 28, 1), encoding_dim=32)[2],
            reference.linear,
            MSE,
        ),
        "conv": (lambda: ae.create_conv_ae()[2], reference.conv, BCE),
        "denoising": (lambda: ae.create_denoising_ae()[2], reference.denoising, BCE),
        "sparse_l1": (lambda: ae.create_sparse_ae(penalty="l1")[2], reference.sparse_l1, BCE),
        "sparse_kl": (lambda: ae.create_sparse_ae(penalty="kl")[2], reference.sparse_kl, BCE),
        "k_sparse": (lambda: ae.create_k_sparse_ae()[2], reference.k_sparse, BCE),
        "k_sparse_1000_k70": (
            lambda: ae.create_k_sparse_ae(encoding_dim=1000, k=70)[2],
            lambda: reference.k_sparse(1000, 70),
            BCE,
        ),
        "contractive": (lambda: ae.create_contractive_ae()[2], reference.contractive, BCE),
        "dropout": (lambda: ae.create_dropout_ae()[2], reference.dropout, BCE),
        "linear_decoder": (lambda: ae.create_linear_decoder_ae()[2], reference.linear_decoder, MSE),
        "vae": (lambda: ae.create_vae()[2], reference.vae, BCE),
    }


class EpochTimer(keras.callbacks.Callback):
    """Records the wall time of each epoch."""

    def __init__(self):
        super().__init__()
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self._start)


def epoch_time(model, x):
    """Seconds of one training epoch of ``model`` on (x, x)."""
    timer = EpochTimer()
    model.fit(x, x, epochs=1, batch_size=BATCH, verbose=0, callbacks=[timer])
    return timer.times[0]


def _compiled(build, loss, jit_compile="auto"):
    seed_all(0)
    model = build()
    model.compile(optimizer="adam", loss=loss, jit_compile=jit_compile)
    return model


def interleaved(models, x, repeats):
    """Warm up each model, then time one epoch of each per repeat, alternating the order;
    returns name -> list of epoch seconds."""
    for model in models.values():
        epoch_time(model, x[: 2 * BATCH])
    names, times = list(models), {name: [] for name in models}
    for r in range(repeats):
        for name in names if r % 2 == 0 else reversed(names):
            times[name].append(epoch_time(models[name], x))
    return times


def _images(n):
    return mnist(n, 1, 0)[0][0]


def _ratios(models, x, repeats, prefix):
    """Interleaved timing of two models; ``{prefix | ratio ...}`` numbers of the first over the
    second."""
    (a, ta), (b, tb) = interleaved(models, x, repeats).items()
    paired = [f / q for f, q in zip(ta, tb)]
    return {
        f"{prefix} | ratio of fastest epochs": min(ta) / min(tb),
        f"{prefix} | paired ratios, median": float(np.median(paired)),
        f"{prefix} | paired ratios, min": min(paired),
        f"{prefix} | paired ratios, max": max(paired),
        f"{prefix} | {a} s/epoch (fastest)": min(ta),
        f"{prefix} | {b} s/epoch (fastest)": min(tb),
        f"{prefix} | samples": len(x),
    }


def speed_factory(s, seed=0):
    """Epoch-time ratio of each factory model to its plain-Keras twin (same parameter count)."""
    p = s.pick(
        quick=dict(n=500, n_conv=250, repeats=1, names=("dense", "vae")),
        full=dict(n=20000, n_conv=3000, repeats=7, names=tuple(pairs())),
    )
    out = {}
    for name in p["names"]:
        build, plain, loss = pairs()[name]
        models = {"factory": _compiled(build, loss), "plain": _compiled(plain, loss)}
        out[f"{name} | same parameters"] = float(
            models["factory"].count_params() == models["plain"].count_params()
        )
        out.update(
            _ratios(models, _images(p["n_conv"] if name == "conv" else p["n"]), p["repeats"], name)
        )
    return out


def _linear_fit(n, t):
    """Least-squares t = a + b n; returns (a, b, R^2)."""
    b, a = np.polyfit(n, t, 1)
    res = np.asarray(t) - (a + b * np.asarray(n))
    ss_tot = float(np.sum((np.asarray(t) - np.mean(t)) ** 2))
    return float(a), float(b), 1 - float(np.sum(res**2)) / ss_tot if ss_tot > 0 else 1.0


def speed_scaling(s, seed=0):
    """Epoch time against the number of samples, the course's dense AE and the deep AE."""
    p = s.pick(
        quick=dict(sizes=(250, 500, 750, 1000), repeats=1),
        full=dict(sizes=(1000, 4000, 16000, 60000), repeats=3),
    )
    builds = {
        "dense 784-49-784": lambda: ae.create_dense_ae()[2],
        "deep 784-1000-500-250-30": lambda: ae.create_deep_ae(
            hidden=(1000, 500, 250), encoding_dim=30, code_activation="linear"
        )[2],
    }
    x_all, out = _images(max(p["sizes"])), {}
    for label, build in builds.items():
        model = _compiled(build, BCE)
        epoch_time(model, x_all[: 2 * BATCH])
        t = [min(epoch_time(model, x_all[:n]) for _ in range(p["repeats"])) for n in p["sizes"]]
        a, b, r2 = _linear_fit(p["sizes"], t)
        for n, tn in zip(p["sizes"], t):
            out[f"{label} | s/epoch at {n}"] = tn
        out[f"{label} | fixed cost s"], out[f"{label} | us per sample"] = a, b * 1e6
        out[f"{label} | R^2"] = r2
        per = [tn / n for tn, n in zip(t, p["sizes"])]
        out[f"{label} | per-sample time, last / previous size"] = per[-1] / per[-2]
    return out


def speed_xla(s, seed=0):
    """Epoch-time ratio jit_compile=True / False for each factory model (TensorFlow only: on
    JAX every model is compiled by XLA)."""
    if keras.backend.backend() != "tensorflow":
        return {}
    p = s.pick(
        quick=dict(n=500, n_conv=250, repeats=1, names=("dense",)),
        full=dict(n=10000, n_conv=3000, repeats=5, names=tuple(pairs())),
    )
    out = {}
    for name in p["names"]:
        build, _, loss = pairs()[name]
        models = {"XLA": _compiled(build, loss, True), "no XLA": _compiled(build, loss, False)}
        out.update(
            _ratios(models, _images(p["n_conv"] if name == "conv" else p["n"]), p["repeats"], name)
        )
    return out


ROWS = {"speed_factory": speed_factory, "speed_scaling": speed_scaling, "speed_xla": speed_xla}
