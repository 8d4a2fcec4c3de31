"""Speed benchmarks: factory vs plain Keras, epoch time vs samples, XLA on this CPU.

Epoch times come from a callback (on_epoch_begin -> on_epoch_end), after one warm-up epoch
that traces the training function. Sizes are multiples of the batch (250) so that no partial
last batch triggers a retrace. Models compared with each other run interleaved (A B B A ...),
and ratios are medians over repeats, which damps the noise of a shared CPU.
"""

import time

import keras
import numpy as np

import aekeras as ae
from bench import reference, verdicts
from bench.common import budget, make_result, mnist, seed_all

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
    """Records the wall time of each epoch (training steps only, no validation here)."""

    def __init__(self):
        super().__init__()
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self._start)


def epoch_time(model, x):
    """Seconds of one training epoch of ``model`` on (x, x), batch 250."""
    timer = EpochTimer()
    model.fit(x, x, epochs=1, batch_size=BATCH, verbose=0, callbacks=[timer])
    return timer.times[0]


def _compiled(build, loss, seed, jit_compile=False):
    seed_all(seed)
    model = build()
    model.compile(optimizer="adam", loss=loss, jit_compile=jit_compile)
    return model


def interleaved(models, x, repeats):
    """Warm up each model, then time one epoch of each per repeat, alternating the order.

    Returns name -> list of epoch seconds.
    """
    for model in models.values():
        epoch_time(model, x[: 2 * BATCH])
    names = list(models)
    times = {name: [] for name in names}
    for r in range(repeats):
        for name in names if r % 2 == 0 else reversed(names):
            times[name].append(epoch_time(models[name], x))
    return times


def _train_images(n, seed):
    (x, _), _ = mnist(n, 1, seed)
    return x


def speed_factory(s):
    """Median epoch-time ratio of each factory model to its plain-Keras twin."""
    p = s.pick(
        quick=dict(n=500, n_conv=250, repeats=1, names=("dense", "vae")),
        full=dict(n=20000, n_conv=3000, repeats=9, names=tuple(pairs())),
    )
    start = time.perf_counter()
    details, ratios = [], {}
    for name in p["names"]:
        build, ref_build, loss = pairs()[name]
        x = _train_images(p["n_conv"] if name == "conv" else p["n"], s.seed)
        models = {
            "factory": _compiled(build, loss, s.seed),
            "plain": _compiled(ref_build, loss, s.seed),
        }
        same = models["factory"].count_params() == models["plain"].count_params()
        times = interleaved(models, x, p["repeats"])
        r = [f / q for f, q in zip(times["factory"], times["plain"])]
        ratios[name] = float(np.median(r))
        details.append(
            {
                "model": name,
                "samples": len(x),
                "factory s/epoch": f"{np.median(times['factory']):.3f}",
                "plain s/epoch": f"{np.median(times['plain']):.3f}",
                "median ratio": f"{ratios[name]:.3f}",
                "ratio range": f"{min(r):.2f}-{max(r):.2f}",
                "same params": "yes" if same else "NO",
            }
        )
    verdict = verdicts.speed_factory(ratios)
    worst = max(ratios, key=ratios.get)
    fig = f"median ratio {np.median(list(ratios.values())):.3f} over {len(ratios)} models, "
    fig += f"worst {worst} {ratios[worst]:.3f}"
    notes = [
        f"Epoch of {p['n']} images ({p['n_conv']} for conv), batch {BATCH}, Adam; "
        f"{p['repeats']} interleaved repeats after a warm-up epoch; the reference models are "
        "in bench/reference.py (custom train_step for the contractive, KL-sparse and VAE "
        "models, as in the keras.io examples). Same parameter count checked per pair."
    ]
    secs = time.perf_counter() - start
    eps = f"{p['repeats']}+1 ep x 2 models x {len(ratios)} pairs"
    return make_result(
        "speed_factory",
        fig,
        verdict,
        budget(eps, p["n"], secs),
        details,
        notes,
        data={"ratios": ratios},
    )


def _linear_fit(n, t):
    """Least-squares t = a + b n; returns (a, b, R^2)."""
    b, a = np.polyfit(n, t, 1)
    pred = a + b * np.asarray(n)
    ss_res = float(np.sum((np.asarray(t) - pred) ** 2))
    ss_tot = float(np.sum((np.asarray(t) - np.mean(t)) ** 2))
    return float(a), float(b), 1 - ss_res / ss_tot if ss_tot > 0 else 1.0


def speed_scaling(s):
    """Epoch time against the number of samples, for the course's dense AE and the deep AE."""
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
    start = time.perf_counter()
    x_all = _train_images(max(p["sizes"]), s.seed)
    details, checks, figs, data = [], [], [], {}
    for label, build in builds.items():
        model = _compiled(build, BCE, s.seed)
        epoch_time(model, x_all[: 2 * BATCH])
        med = []
        for n in p["sizes"]:
            med.append(
                float(np.median([epoch_time(model, x_all[:n]) for _ in range(p["repeats"])]))
            )
        a, b, r2 = _linear_fit(p["sizes"], med)
        per = [t / n * 1e6 for t, n in zip(med, p["sizes"])]
        drift = per[-1] / per[-2]
        checks.append(verdicts.speed_scaling(r2, drift))
        data[label] = {"us_per_sample": b * 1e6, "r2": r2, "seconds": dict(zip(p["sizes"], med))}
        figs.append(f"{label.split()[0]}: R^2 {r2:.4f}, {b * 1e6:.1f} us/sample")
        for n, t, u in zip(p["sizes"], med, per):
            details.append(
                {"model": label, "samples": n, "s/epoch": f"{t:.3f}", "us/sample": f"{u:.1f}"}
            )
        details.append(
            {
                "model": label,
                "samples": "fit",
                "s/epoch": f"t = {a:.3f} s + {b * 1e6:.2f} us x n",
                "us/sample": f"R^2 {r2:.4f}; per-sample {p['sizes'][-1]} / {p['sizes'][-2]}: "
                f"{drift:.2f}",
            }
        )
    verdict = verdicts.all_of(*checks)
    notes = [
        f"Batch {BATCH}; median of {p['repeats']} epochs per size after a warm-up; the intercept "
        "a is the fixed cost of an epoch (iterator set-up, callbacks)."
    ]
    secs = time.perf_counter() - start
    eps = f"{p['repeats']}+ ep per size x 2 models"
    return make_result(
        "speed_scaling",
        "; ".join(figs),
        verdict,
        budget(eps, max(p["sizes"]), secs),
        details,
        notes,
        data=data,
    )


def speed_xla(s):
    """Epoch-time ratio jit_compile=True / False for each factory model on this CPU."""
    p = s.pick(
        quick=dict(n=500, n_conv=250, repeats=1, names=("dense",)),
        full=dict(n=10000, n_conv=3000, repeats=5, names=tuple(pairs())),
    )
    start = time.perf_counter()
    details, ratios, failed = [], {}, []
    for name in p["names"]:
        build, _, loss = pairs()[name]
        x = _train_images(p["n_conv"] if name == "conv" else p["n"], s.seed)
        try:
            models = {
                "no XLA": _compiled(build, loss, s.seed, jit_compile=False),
                "XLA": _compiled(build, loss, s.seed, jit_compile=True),
            }
            times = interleaved(models, x, p["repeats"])
        except Exception as err:  # noqa: BLE001 - a model XLA cannot compile is a finding
            failed.append(name)
            details.append({"model": name, "verdict": f"XLA fails: {type(err).__name__}"})
            continue
        ratio = float(np.median([j / n for j, n in zip(times["XLA"], times["no XLA"])]))
        ratios[name] = ratio
        verdict = verdicts.xla_effect(ratio)
        details.append(
            {
                "model": name,
                "no XLA s/epoch": f"{np.median(times['no XLA']):.3f}",
                "XLA s/epoch": f"{np.median(times['XLA']):.3f}",
                "ratio XLA / no XLA": f"{ratio:.3f}",
                "verdict": verdict,
            }
        )
    helps = [k for k, v in ratios.items() if verdicts.xla_effect(v) == "helps"]
    hurts = [k for k, v in ratios.items() if verdicts.xla_effect(v) == "hurts"]
    fig = ", ".join(f"{k} {v:.2f}" for k, v in ratios.items())
    comment = (
        "XLA helps: " + ", ".join(helps) + " (recommend jit_compile=True there)"
        if helps
        else "XLA does not help any model on this CPU: keep Keras's default"
    )
    if hurts:
        comment += "; it slows down " + ", ".join(hurts) + " (keep the default there)"
    if failed:
        comment += "; XLA fails for " + ", ".join(failed)
    notes = [
        f"Epoch of {p['n']} images ({p['n_conv']} for conv), batch {BATCH}; {p['repeats']} "
        "interleaved repeats after a warm-up epoch (which includes XLA compilation). Keras's "
        "jit_compile='auto' means no XLA on a CPU-only machine. 'helps': ratio <= 0.90, "
        "'hurts': ratio >= 1.10."
    ]
    secs = time.perf_counter() - start
    return make_result(
        "speed_xla",
        f"ratio XLA/no-XLA: {fig}",
        "n/a",
        budget(f"{p['repeats']}+1 ep x 2 x {len(p['names'])} models", p["n"], secs),
        details,
        notes,
        data={"ratios": ratios, "failed": failed},
        comment=comment,
    )


BENCHMARKS = {
    "speed_factory": speed_factory,
    "speed_scaling": speed_scaling,
    "speed_xla": speed_xla,
}
