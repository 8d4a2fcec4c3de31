"""Quality benchmarks on MNIST (test set unless stated), one function per row of issue 6.

Each function takes a ``Settings`` and returns a ``Result``. The full-mode sizes are chosen so
that the whole run fits the CPU budget stated in BENCHMARKS.md; where the literature setting
does not fit, the row says so ("not reached in budget") rather than pretend.
"""

import keras
import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import OneClassSVM

import aekeras as ae
from bench import reference
from bench.common import Stopwatch, budget, fit, flat, fmt, make_result, mnist, seed_all


def _mse(x, x_hat):
    """Mean squared error over all pixels and images."""
    return float(np.mean((flat(x) - flat(x_hat)) ** 2))


def _bce(x, x_hat):
    """Binary cross-entropy averaged over pixels and images (Keras's loss)."""
    return float(np.mean(ae.reconstruction_error(x, x_hat, "bce")))


def _pca_reconstruct(pca, x):
    """PCA projection of images x, reshaped back to x's shape."""
    return pca.inverse_transform(pca.transform(flat(x))).reshape(x.shape)


def _predict(model, x):
    return model.predict(x, batch_size=1024, verbose=0)


def linear_pca(s):
    """Test MSE of create_linear_ae divided by PCA's test MSE for k = 2, 32, 49."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, epochs=1, ks=(2,)),
        full=dict(n=20000, n_test=10000, epochs=40, ks=(2, 32, 49)),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    x, xt = flat(x), flat(xt)
    details, ratios, seconds = [], [], 0.0
    for k in p["ks"]:
        with Stopwatch() as sw_pca:
            pca = PCA(k, random_state=s.seed).fit(x)
        pca_mse = _mse(xt, _pca_reconstruct(pca, xt))
        seed_all(s.seed)
        _, _, model = ae.create_linear_ae(input_shape=(784,), encoding_dim=k)
        steps = p["epochs"] * int(np.ceil(len(x) / 256))
        lr = keras.optimizers.schedules.CosineDecay(3e-3, steps, alpha=0.01)
        model.compile(optimizer=keras.optimizers.Adam(lr), loss="mse")
        _, secs = fit(model, x, x, p["epochs"])
        seconds += secs + sw_pca.seconds
        ae_mse = _mse(xt, _predict(model, xt))
        ratios.append(ae_mse / pca_mse)
        details.append(
            {
                "k": k,
                "linear AE test MSE": fmt(ae_mse),
                "PCA test MSE": fmt(pca_mse),
                "ratio": f"{ae_mse / pca_mse:.4f}",
                "train s": f"{secs:.0f}",
            }
        )
    worst = max(ratios)
    met = "yes" if worst <= 1.005 else "no"
    fig = "ratio " + ", ".join(f"k={k}: {r:.4f}" for k, r in zip(p["ks"], ratios))
    comment = (
        "the linear AE reaches PCA's optimum"
        if met == "yes"
        else f"worst ratio {worst:.4f} > 1.005: Adam has not converged in {p['epochs']} epochs"
    )
    notes = [
        f"Adam, cosine-decayed learning rate 3e-3 -> 3e-5, MSE, batch 256, {p['n']} training "
        "images; PCA (scikit-learn) fitted on the same images; both scored on the test set."
    ]
    return make_result(
        "linear_pca", fig, met, comment, budget(p["epochs"], p["n"], seconds), details, notes
    )


def dense_ae(s):
    """The course's 784-49-784 (Adam) and the Keras blog's 784-32-784 (Adadelta, lr 1.0)."""
    p = s.pick(quick=dict(n=1000, n_test=500, epochs=1), full=dict(n=None, n_test=None, epochs=50))
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    runs = [
        ("course 784-49-784, Adam", 49, "adam", 0.0777),
        ("blog 784-32-784, Adadelta(lr=1.0)", 32, keras.optimizers.Adadelta(1.0), 0.11),
    ]
    details, seconds, bces, verdicts = [], 0.0, [], []
    for label, dim, opt, anchor in runs:
        seed_all(s.seed)
        _, _, model = ae.create_dense_ae(encoding_dim=dim)
        model.compile(optimizer=opt, loss="binary_crossentropy")
        _, secs = fit(model, x, x, p["epochs"])
        seconds += secs
        out = _predict(model, xt)
        bce, mse = _bce(xt, out), _mse(xt, out)
        bces.append(bce)
        verdicts.append(bce <= anchor * 1.01)
        details.append(
            {
                "model": label,
                "test BCE": f"{bce:.4f}",
                "test MSE": f"{mse:.4f}",
                "anchor BCE": anchor,
                "train s": f"{secs:.0f}",
            }
        )
    met = "yes" if all(verdicts) else "no"
    fig = f"BCE 49-d {bces[0]:.4f}, 32-d {bces[1]:.4f}"
    comment = "; ".join(
        f"{label.split(',')[0]} {b:.4f} vs {a}"
        + (" (below)" if b <= a else f" ({b / a - 1:+.1%}, within the 1% tolerance)")
        for (label, _, _, a), b in zip(runs, bces)
    )
    if met == "no":
        short = [d["model"] for d, ok in zip(details, verdicts) if not ok]
        comment = f"above the anchor: {', '.join(short)}"
    n = p["n"] or len(x)
    notes = [
        "Binary cross-entropy and MSE per pixel on the test set; batch 256. Adadelta with "
        "learning_rate=1.0 is the old Keras default the blog ran with (Keras 3 defaults to 0.001)."
    ]
    return make_result(
        "dense_ae", fig, met, comment, budget(p["epochs"], n, seconds), details, notes
    )


def deep_ae(s):
    """784-1000-500-250-30: squared error per test image (sum over 784 pixels) vs PCA-30."""
    p = s.pick(quick=dict(n=1000, n_test=500, epochs=1), full=dict(n=None, n_test=None, epochs=20))
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    seed_all(s.seed)
    _, _, model = ae.create_deep_ae(
        hidden=(1000, 500, 250), encoding_dim=30, code_activation="linear"
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    _, secs = fit(model, x, x, p["epochs"])
    err = 784 * _mse(xt, _predict(model, xt))
    pca = PCA(30, random_state=s.seed).fit(flat(x))
    pca_err = 784 * _mse(xt, _pca_reconstruct(pca, xt))
    met = "yes" if err <= 3.00 else "not reached in budget"
    details = [
        {"model": "aekeras deep AE (Adam, BCE)", "squared error per image": f"{err:.2f}"},
        {"model": "PCA-30 (scikit-learn, same run)", "squared error per image": f"{pca_err:.2f}"},
        {"model": "Hinton & Salakhutdinov AE / PCA", "squared error per image": "3.00 / 13.87"},
    ]
    comment = (
        "reaches the 2006 figure"
        if met == "yes"
        else f"{err:.2f} vs 3.00: {p['epochs']} Adam epochs without RBM pretraining (the paper "
        "pretrained RBMs and fine-tuned for hundreds of epochs)"
    )
    n = p["n"] or len(x)
    notes = [
        "relu hidden layers, linear 30-unit code, sigmoid output, Adam, BCE, batch 256. "
        f"PCA-30 gives {pca_err:.2f} here vs 13.87 in the paper"
        + (": the two setups agree on PCA." if abs(pca_err / 13.87 - 1) < 0.05 else ".")
    ]
    fig = f"{err:.2f} per image (PCA-30 {pca_err:.2f})"
    return make_result("deep_ae", fig, met, comment, budget(p["epochs"], n, secs), details, notes)


def conv_ae(s):
    """create_conv_ae (filters 32, 64; 49-d code): test BCE, MSE and parameters."""
    p = s.pick(quick=dict(n=500, n_test=300, epochs=1), full=dict(n=20000, n_test=None, epochs=10))
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    seed_all(s.seed)
    _, _, model = ae.create_conv_ae()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    _, secs = fit(model, x, x, p["epochs"], batch_size=128)
    out = _predict(model, xt)
    bce, mse = _bce(xt, out), _mse(xt, out)
    params = model.count_params()
    met = "yes" if bce <= 0.094 * 1.01 else "no"
    details = [
        {
            "model": "create_conv_ae()",
            "test BCE": f"{bce:.4f}",
            "test MSE": f"{mse:.4f}",
            "parameters": params,
        }
    ]
    comment = (
        "below the Keras blog's 0.094 with a 49-d code (blog: 128-d)"
        if met == "yes"
        else f"BCE {bce:.4f} > 0.094 after {p['epochs']} epochs on {p['n']} images (CPU budget)"
    )
    if met == "yes" and bce > 0.069:
        comment += f"; Habr's ~0.069 not reached ({bce:.4f})"
    notes = ["Adam, BCE, batch 128, the factory's defaults (filters (32, 64), encoding_dim 49)."]
    fig = f"BCE {bce:.4f}, MSE {mse:.4f}, {params} params"
    return make_result(
        "conv_ae", fig, met, comment, budget(p["epochs"], p["n"], secs), details, notes
    )


def denoising(s):
    """PSNR of noisy input, PCA-49 projection, Keras-blog conv denoiser and aekeras DAEs."""
    p = s.pick(
        quick=dict(n=300, n_test=300, epochs=1, blog_n=250, blog_epochs=1),
        full=dict(n=None, n_test=None, epochs=20, blog_n=20000, blog_epochs=10),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    noisy_x = ae.add_gaussian_noise(x, sigma=0.5, seed=s.seed + 1)
    noisy_t = ae.add_gaussian_noise(xt, sigma=0.5, seed=s.seed + 2)
    masked_t = ae.mask_patch(xt[..., 0], size=10, seed=s.seed + 3)[..., None]
    pca = PCA(49, random_state=s.seed).fit(flat(x))
    seconds = 0.0

    def dae(noise, level):
        nonlocal seconds
        seed_all(s.seed)
        _, _, model = ae.create_denoising_ae(noise=noise, noise_level=level, seed=s.seed)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        _, secs = fit(model, x, x, p["epochs"])
        seconds += secs
        return model

    gauss, mask = dae("gaussian", 0.5), dae("mask", 10)
    seed_all(s.seed)
    blog = reference.blog_conv_denoiser()
    blog.compile(optimizer="adam", loss="binary_crossentropy")
    nb = p["blog_n"] or len(x)
    _, blog_secs = fit(blog, noisy_x[:nb], x[:nb], p["blog_epochs"], batch_size=128)
    seconds += blog_secs

    psnr = {
        "noisy input": ae.psnr(xt, noisy_t),
        "PCA-49 projection": ae.psnr(xt, _pca_reconstruct(pca, noisy_t)),
        f"Keras-blog conv denoiser ({p['blog_epochs']} ep, {nb} images)": ae.psnr(
            xt, _predict(blog, noisy_t)
        ),
        "aekeras create_denoising_ae(gaussian 0.5)": ae.psnr(xt, _predict(gauss, noisy_t)),
    }
    hid = np.any(flat(masked_t) != flat(xt), axis=1)  # PSNR of an untouched image is infinite
    xm, mt = xt[hid], masked_t[hid]
    psnr_mask = {
        f"masked input (10x10 patch; {hid.sum()} images where it hides ink)": ae.psnr(xm, mt),
        "PCA-49 projection": ae.psnr(xm, _pca_reconstruct(pca, mt)),
        "aekeras create_denoising_ae(mask 10)": ae.psnr(xm, _predict(mask, mt)),
    }
    details = [
        {"noise": "gaussian 0.5, clipped", "method": k, "PSNR dB": f"{v:.2f}"}
        for k, v in psnr.items()
    ]
    details += [
        {"noise": "mask 10x10", "method": k, "PSNR dB": f"{v:.2f}"} for k, v in psnr_mask.items()
    ]
    values = list(psnr.values())
    ours, blog_db, pca_db = values[3], values[2], values[1]
    ours_mask, mask_in = list(psnr_mask.values())[2], list(psnr_mask.values())[0]
    met = "yes" if ours > pca_db and ours_mask > mask_in else "no"
    comment = (
        f"dense DAE {ours:.1f} dB beats PCA-49 ({pca_db:.1f}) and the noisy input; "
        f"the blog's conv denoiser gets {blog_db:.1f} dB"
    )
    if ours < blog_db:
        comment += " (a conv net with a 7x7x32 code beats a 64-unit dense code)"
    if met == "no":
        comment = f"dense DAE {ours:.1f} dB does not beat PCA-49 {pca_db:.1f} dB or the input"
    notes = [
        "Test noise: x + 0.5 N(0, 1) clipped to [0, 1] (aekeras.add_gaussian_noise), the blog's "
        "setting. The aekeras DAE adds its noise inside the model (GaussianNoise 0.5, not "
        "clipped) and trains with fit(x, x); the blog's denoiser trains on (noisy, clean) pairs. "
        f"Dense DAEs: encoding_dim 64, Adam, BCE, {p['epochs']} epochs. Target: the DAE beats "
        "PCA-49 and the noisy input (gaussian) and the masked input (mask)."
    ]
    fig = (
        f"gaussian: noisy {values[0]:.2f} -> DAE {ours:.2f} dB (PCA {pca_db:.2f}, blog conv "
        f"{blog_db:.2f}); mask: {mask_in:.2f} -> {ours_mask:.2f} dB"
    )
    n = p["n"] or len(x)
    return make_result(
        "denoising", fig, met, comment, budget(p["epochs"], n, seconds), details, notes
    )


def kl_sparse(s):
    """KL sparse AE: mean activation of each code unit on the test set vs rho."""
    p = s.pick(quick=dict(n=1000, n_test=500, epochs=1), full=dict(n=None, n_test=None, epochs=20))
    rho, beta, dim = 0.05, 0.1, 64
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    seed_all(s.seed)
    enc, _, model = ae.create_sparse_ae(encoding_dim=dim, penalty="kl", rho=rho, beta=beta)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    _, secs = fit(model, x, x, p["epochs"])
    rho_hat = _predict(enc, xt).mean(axis=0)
    out = _predict(model, xt)
    mean_dev = abs(rho_hat.mean() - rho) / rho
    unit_dev = float(np.mean(np.abs(rho_hat - rho)) / rho)
    within = float(np.mean(np.abs(rho_hat - rho) <= 0.2 * rho))
    met = "yes" if mean_dev <= 0.2 else "no"
    details = [
        {
            "rho": rho,
            "mean rho_hat": f"{rho_hat.mean():.4f}",
            "|mean - rho| / rho": f"{mean_dev:.3f}",
            "mean_j |rho_hat_j - rho| / rho": f"{unit_dev:.3f}",
            "units within 20%": f"{within:.0%}",
            "test BCE": f"{_bce(xt, out):.4f}",
            "test MSE": f"{_mse(xt, out):.4f}",
        }
    ]
    comment = f"mean activation {rho_hat.mean():.4f} vs rho {rho}"
    comment += "" if met == "yes" else f": {mean_dev:.0%} off, beta {beta} too weak in budget"
    if unit_dev > 0.2:
        comment += f"; single units spread more (mean |dev| {unit_dev:.0%})"
    notes = [f"encoding_dim {dim}, rho {rho}, beta {beta} (factory default), Adam, BCE."]
    fig = f"mean rho_hat {rho_hat.mean():.4f} (rho {rho}), BCE {_bce(xt, out):.4f}"
    n = p["n"] or len(x)
    return make_result("kl_sparse", fig, met, comment, budget(p["epochs"], n, secs), details, notes)


def _logreg_error(train, y, test, yt, seed, max_iter):
    """Test error of a standardized multinomial logistic regression (scikit-learn)."""
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=max_iter, random_state=seed))
    clf.fit(train, y)
    return float(np.mean(clf.predict(test) != yt))


def k_sparse(s):
    """k-sparse AE with 1000 units: logistic-regression error on the codes, k = 25, 40, 70."""
    p = s.pick(
        quick=dict(n=500, n_test=300, n_lr=500, epochs=1, ks=(25,), lr_iter=20),
        full=dict(n=None, n_test=None, n_lr=20000, epochs=10, ks=(25, 40, 70), lr_iter=300),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    xl, yl = x[: p["n_lr"]], y[: p["n_lr"]]
    with Stopwatch() as sw:
        raw = _logreg_error(flat(xl), yl, flat(xt), yt, s.seed, p["lr_iter"])
    seconds, details, errors, alive = sw.seconds, [], {}, {}
    details.append({"features": "raw pixels (784)", "k": "-", "LR test error": f"{raw:.2%}"})
    for k in p["ks"]:
        seed_all(s.seed)
        enc, _, model = ae.create_k_sparse_ae(encoding_dim=1000, k=k)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        _, secs = fit(model, x, x, p["epochs"])
        with Stopwatch() as sw:
            codes_t = _predict(enc, xt)
            err = _logreg_error(_predict(enc, xl), yl, codes_t, yt, s.seed, p["lr_iter"])
        seconds += secs + sw.seconds
        errors[k], alive[k] = err, float(np.mean((codes_t != 0).any(axis=0)))
        details.append(
            {
                "features": "k-sparse codes (1000)",
                "k": k,
                "LR test error": f"{err:.2%}",
                "units ever active on the test set": f"{alive[k]:.0%}",
                "test BCE": f"{_bce(xt, _predict(model, xt)):.4f}",
            }
        )
    first = p["ks"][0]
    fig = ", ".join(f"k={k}: {e:.2%}" for k, e in errors.items()) + f" (raw pixels {raw:.2%})"
    if errors[first] > 0.0135:
        comment = (
            f"k={first} error {errors[first]:.2%} vs ~1.35%: not reached in budget; only "
            f"{alive[first]:.0%} of the 1000 units ever fire (dead units: the paper lowers k "
            "gradually during training and encodes with 3k at test; the factory's k is fixed)"
        )
    else:
        comment = f"k={first} error {errors[first]:.2%} at or below the quoted ~1.35%"
    comment += "; the anchor itself is unchecked"
    n = p["n"] or len(x)
    notes = [
        f"Autoencoders trained on {n} images ({p['epochs']} epochs, Adam, BCE); logistic "
        f"regression (StandardScaler + lbfgs, max_iter {p['lr_iter']}) on the codes of the "
        f"first {len(xl)} of them, scored on the test set; raw pixels on the same images."
    ]
    return make_result(
        "k_sparse", fig, "unchecked", comment, budget(p["epochs"], n, seconds), details, notes
    )


_PRETRAINED = {}


def _pretrained_encoder(s, x, epochs):
    """A fresh copy of the greedy 200-200 sigmoid stack's encoder (aekeras.pretrain_stack).

    The stack is trained once per process and data set; ``stacked`` and ``few_labels`` share it.
    Returns (encoder, True if this call trained it).
    """
    key = (s.seed, len(x), epochs)
    trained = key not in _PRETRAINED
    if trained:
        seed_all(s.seed)
        enc_layers, dec_layers = ae.pretrain_stack(
            x, hidden=(200, 200), activation="sigmoid", epochs=epochs, batch_size=256
        )
        encoder, _, _ = ae.create_stacked_ae(enc_layers, dec_layers)
        _PRETRAINED[key] = encoder
    encoder = keras.models.clone_model(_PRETRAINED[key])
    encoder.set_weights(_PRETRAINED[key].get_weights())
    return encoder, trained


def _accuracy(model, x, y):
    return float(np.mean(np.argmax(_predict(model, x), axis=1) == y))


def stacked(s):
    """Greedy 200-200 pretraining, softmax on the frozen codes, then fine-tuning."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, pre=1, head=1, tune=1),
        full=dict(n=None, n_test=None, pre=10, head=10, tune=10),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    with Stopwatch() as sw:
        encoder, trained = _pretrained_encoder(s, x, p["pre"])
        clf = ae.create_classifier(encoder, n_classes=10, trainable_encoder=False)
        clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        fit(clf, x, y, p["head"], batch_size=128)
        before = _accuracy(clf, xt, yt)
        encoder.trainable = True
        clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        fit(clf, x, y, p["tune"], batch_size=128)
        after = _accuracy(clf, xt, yt)
    met = "yes" if before >= 0.877 and after >= 0.976 else "no"
    details = [
        {
            "stage": "softmax on frozen 200-200 codes",
            "test accuracy": f"{before:.2%}",
            "UFLDL": "87.7%",
        },
        {"stage": "after fine-tuning", "test accuracy": f"{after:.2%}", "UFLDL": "97.6%"},
    ]
    comment = "meets both UFLDL figures" if met == "yes" else "below a UFLDL figure"
    if after < 0.983:
        comment += f"; self-taught 98.3% / SdA 98.7% not reached ({after:.2%})"
    notes = [
        f"pretrain_stack(hidden=(200, 200), activation='sigmoid', loss='mse'), {p['pre']} epochs "
        f"per layer; head {p['head']} epochs (Adam); fine-tuning {p['tune']} epochs (Adam).",
        "The pretraining was "
        + (
            "done in this row."
            if trained
            else "shared with `few_labels`, run earlier in this process; its time is counted there."
        ),
    ]
    n = p["n"] or len(x)
    fig = f"{before:.2%} before / {after:.2%} after fine-tuning"
    eps = f"{p['pre']} ep x 2 layers + {p['head']} + {p['tune']} ep"
    return make_result("stacked", fig, met, comment, budget(eps, n, sw.seconds), details, notes)


def few_labels(s):
    """100 labels: frozen pretrained encoder + head vs the same net from scratch, 3 seeds."""
    p = s.pick(
        quick=dict(n=1000, n_test=300, pre=1, epochs=3, seeds=(0,)),
        full=dict(n=None, n_test=None, pre=10, epochs=300, seeds=(0, 1, 2)),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    with Stopwatch() as sw:
        pretrained, trained = _pretrained_encoder(s, x, p["pre"])
        weights = pretrained.get_weights()
        acc = {"from scratch": [], "frozen pretrained + head": [], "pretrained, fine-tuned": []}
        acc["logistic regression on frozen codes (scikit-learn)"] = []
        for seed in p["seeds"]:
            rng = np.random.default_rng(seed)
            idx = np.concatenate([rng.choice(np.flatnonzero(y == c), 10, False) for c in range(10)])
            codes = _predict(pretrained, x[idx])
            lr = LogisticRegression(max_iter=2000, random_state=seed).fit(codes, y[idx])
            acc[list(acc)[-1]].append(float(np.mean(lr.predict(_predict(pretrained, xt)) == yt)))
            for variant in list(acc)[:3]:
                seed_all(seed)
                encoder = keras.models.clone_model(pretrained)
                if variant != "from scratch":
                    encoder.set_weights(weights)
                frozen = variant == "frozen pretrained + head"
                clf = ae.create_classifier(encoder, n_classes=10, trainable_encoder=not frozen)
                clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                fit(clf, x[idx], y[idx], p["epochs"], batch_size=32)
                acc[variant].append(_accuracy(clf, xt, yt))
    means = {k: float(np.mean(v)) for k, v in acc.items()}
    details = [
        {
            "network": k,
            "test accuracy (mean)": f"{means[k]:.2%}",
            "per seed": ", ".join(f"{a:.2%}" for a in v),
        }
        for k, v in acc.items()
    ]
    lr_label = "logistic regression on frozen codes (scikit-learn)"
    frozen_best = max(means["frozen pretrained + head"], means[lr_label])
    gap = frozen_best - means["from scratch"]
    met = "yes" if gap > 0 else "no"
    comment = f"the frozen pretrained encoder gains {gap * 100:+.1f} points with 100 labels"
    if met == "no":
        comment = (
            f"no gain: the frozen pretrained encoder (head or logistic regression, best "
            f"{frozen_best:.2%}) stays {-gap * 100:.1f} points below the same net from scratch; "
            "on MNIST a from-scratch MLP is already strong with 100 labels and the greedy "
            "sigmoid codes do not beat it here (slide 003's gain is not reproduced)"
        )
    notes = [
        "784-200-200-10 in the three networks; the pretrained encoder is the greedy sigmoid "
        f"200-200 stack trained on all training images without labels ({p['pre']} epochs per "
        f"layer). 10 labelled images per class, {p['epochs']} epochs, batch 32, Adam; "
        f"seeds {p['seeds']} (seed = choice of the 100 images and the initial weights).",
        "The pretraining was "
        + (
            "done in this row."
            if trained
            else "shared with `stacked`, run earlier in this process; its time is counted there."
        ),
    ]
    fig = (
        f"frozen {means['frozen pretrained + head']:.2%} vs scratch {means['from scratch']:.2%} "
        f"(fine-tuned {means['pretrained, fine-tuned']:.2%}, LR on codes {means[lr_label]:.2%})"
    )
    return make_result(
        "few_labels",
        fig,
        met,
        comment,
        f"pretraining {p['pre']} ep x 2 layers x {len(x)} images; {p['epochs']} ep x 100 labelled "
        f"x {len(p['seeds'])} seeds x 3 nets, {sw.seconds:.0f} s",
        details,
        notes,
    )


def _jacobian_norm(encoder, x):
    """Mean Frobenius norm of the sigmoid code layer's Jacobian, closed form (numpy)."""
    h = _predict(encoder, x)
    w2 = np.sum(np.square(keras.ops.convert_to_numpy(encoder.get_layer("code").kernel)), axis=0)
    return float(np.mean(np.sqrt(np.sum(np.square(h * (1 - h)) * w2, axis=1))))


def _sensitivity(encoder, x, sigma, seed):
    """Mean ||f(x + e) - f(x)|| / ||e|| for small Gaussian e (unclipped)."""
    e = np.random.default_rng(seed).normal(0, sigma, x.shape).astype("float32")
    d = flat(_predict(encoder, x + e) - _predict(encoder, x))
    return float(np.mean(np.linalg.norm(d, axis=1) / np.linalg.norm(flat(e), axis=1)))


def contractive(s):
    """Plain vs denoising vs contractive AE, 1000 sigmoid units: sensitivity, fine-tuned error."""
    p = s.pick(
        quick=dict(n=300, n_test=300, epochs=1, tune=1),
        full=dict(n=20000, n_test=None, epochs=10, tune=10),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    factories = {
        "plain AE": lambda: ae.create_dense_ae(encoding_dim=1000, activation="sigmoid"),
        "denoising AE (25% pixels zeroed)": lambda: ae.create_denoising_ae(
            encoding_dim=1000, activation="sigmoid", noise="pixels", noise_level=0.25, seed=s.seed
        ),
        "contractive AE (lam 1e-3)": lambda: ae.create_contractive_ae(encoding_dim=1000, lam=1e-3),
    }
    details, errors, sens, seconds = [], {}, {}, 0.0
    probe = xt[:1000]
    for label, make in factories.items():
        seed_all(s.seed)
        enc, _, model = make()
        model.compile(optimizer="adam", loss="binary_crossentropy")
        _, secs = fit(model, x, x, p["epochs"])
        jac = _jacobian_norm(enc, probe)
        sens[label] = _sensitivity(enc, probe, 0.05, s.seed)
        bce = _bce(xt, _predict(model, xt))
        clf = ae.create_classifier(enc, n_classes=10, trainable_encoder=True)
        clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        _, tsecs = fit(clf, x, y, p["tune"], batch_size=128)
        seconds += secs + tsecs
        errors[label] = 1 - _accuracy(clf, xt, yt)
        details.append(
            {
                "model": label,
                "mean ||J||_F": f"{jac:.3f}",
                "code change / input change": f"{sens[label]:.3f}",
                "test BCE": f"{bce:.4f}",
                "fine-tuned test error": f"{errors[label]:.2%}",
            }
        )
    labels = list(factories)
    plain, cae = labels[0], labels[2]
    fig = ", ".join(f"{k.split(' (')[0]} {errors[k]:.2%}" for k in labels)
    fig += f"; sensitivity CAE {sens[cae]:.3f} vs AE {sens[plain]:.3f}"
    met = "yes" if errors[cae] <= 0.0114 else "not reached in budget"
    comment = (
        f"CAE codes are {sens[plain] / sens[cae]:.1f}x less sensitive than the plain AE's"
        if sens[cae] < sens[plain]
        else "CAE codes are NOT less sensitive than the plain AE's"
    )
    if met != "yes":
        comment += (
            f"; errors {errors[cae]:.2%} (CAE) vs 1.14%: {p['n']} images and "
            f"{p['epochs']}+{p['tune']} epochs instead of the paper's full training"
        )
    dae = labels[1]
    if not errors[cae] <= errors[dae] <= errors[plain]:
        comment += "; the paper's order CAE < DAE < AE in error is not reproduced at this budget"
    notes = [
        f"Each AE: 784-1000(sigmoid)-784, Adam, BCE, {p['epochs']} epochs on {p['n']} images; "
        f"then encoder + softmax fine-tuned {p['tune']} epochs (Adam) on the same images. "
        "Sensitivity on 1000 test images with e ~ N(0, 0.05^2)."
    ]
    eps = f"{p['epochs']} + {p['tune']} ep, x 3 models"
    return make_result(
        "contractive", fig, met, comment, budget(eps, p["n"], seconds), details, notes
    )


def anomaly(s):
    """One-class anomaly detection: ROC AUC of reconstruction error, mean over the 10 digits."""
    p = s.pick(
        quick=dict(n=1000, n_test=300, epochs=1, digits=(0,), n_svm=100),
        full=dict(n=None, n_test=5000, epochs=20, digits=tuple(range(10)), n_svm=2000),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    aucs = {"aekeras dense AE": [], "PCA-49 error": [], "IsolationForest": [], "OneClassSVM": []}
    details, seconds = [], 0.0
    for d in p["digits"]:
        normal = flat(x[y == d])
        anomalous = (yt != d).astype(int)
        seed_all(s.seed)
        _, _, model = ae.create_dense_ae(encoding_dim=49)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        with Stopwatch() as sw:
            fit(model, x[y == d], x[y == d], p["epochs"])
            scores = {"aekeras dense AE": ae.reconstruction_error(xt, _predict(model, xt))}
            pca = PCA(49, random_state=s.seed).fit(normal)
            scores["PCA-49 error"] = ae.reconstruction_error(xt, _pca_reconstruct(pca, xt))
            forest = IsolationForest(random_state=s.seed).fit(normal)
            scores["IsolationForest"] = -forest.score_samples(flat(xt))
            svm = OneClassSVM(gamma="scale", nu=0.1).fit(normal[: p["n_svm"]])
            scores["OneClassSVM"] = -svm.decision_function(flat(xt))
        seconds += sw.seconds
        row = {"normal digit": d}
        for k, v in scores.items():
            aucs[k].append(roc_auc_score(anomalous, v))
            row[k] = f"{aucs[k][-1]:.3f}"
        details.append(row)
    means = {k: float(np.mean(v)) for k, v in aucs.items()}
    details.append({"normal digit": "mean", **{k: f"{v:.3f}" for k, v in means.items()}})
    ours = means["aekeras dense AE"]
    best = max((v, k) for k, v in means.items() if k != "aekeras dense AE")
    met = "yes" if ours >= best[0] else "no"
    comment = (
        "the AE's reconstruction error ranks anomalies best"
        if met == "yes"
        else f"{best[1]} is better ({best[0]:.3f} vs {ours:.3f})"
    )
    notes = [
        f"Per digit: train on that digit's training images ({p['epochs']} epochs, Adam, BCE; "
        f"OneClassSVM on the first {p['n_svm']} of them, nu 0.1); score {p['n_test']} test "
        "images, anomalies = the other digits. Score = per-image MSE for AE and PCA."
    ]
    fig = f"mean AUC {ours:.3f} (PCA {means['PCA-49 error']:.3f}, IF "
    fig += f"{means['IsolationForest']:.3f}, OCSVM {means['OneClassSVM']:.3f})"
    eps = f"{p['epochs']} ep x {len(p['digits'])} digits"
    return make_result("anomaly", fig, met, comment, budget(eps, "~6000", seconds), details, notes)


def _vae_terms(encoder, decoder, x, seed):
    """Per-image reconstruction BCE (sum over pixels, one sampled z) and KL, averaged."""
    z_mean, z_log_var, _ = encoder.predict(x, batch_size=1024, verbose=0)
    eps = np.random.default_rng(seed).normal(size=z_mean.shape).astype("float32")
    z = z_mean + np.exp(0.5 * z_log_var) * eps
    rec = 784 * ae.reconstruction_error(x, _predict(decoder, z), "bce")
    kl = -0.5 * np.sum(1 + z_log_var - z_mean**2 - np.exp(z_log_var), axis=1)
    return float(np.mean(rec)), float(np.mean(kl))


def vae(s):
    """create_vae with 2-d and 20-d latent: reconstruction + KL per test image."""
    p = s.pick(quick=dict(n=1000, n_test=500, epochs=1), full=dict(n=None, n_test=None, epochs=30))
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    details, totals, seconds = [], {}, 0.0
    for latent in (2, 20):
        seed_all(s.seed)
        enc, dec, model = ae.create_vae(latent_dim=latent, seed=s.seed)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        history, secs = fit(model, x, x, p["epochs"], batch_size=128)
        seconds += secs
        rec, kl = _vae_terms(enc, dec, xt, s.seed)
        totals[latent] = rec + kl
        details.append(
            {
                "latent": latent,
                "reconstruction / image": f"{rec:.1f}",
                "KL / image": f"{kl:.1f}",
                "total (test)": f"{rec + kl:.1f}",
                "last training loss x 784": f"{784 * history.history['loss'][-1]:.1f}",
            }
        )
    met = "yes" if totals[2] <= 147 * 1.02 else "no"
    comment = (
        f"2-d total {totals[2]:.1f} vs ~147"
        + ("" if met == "yes" else ": a dense 256-unit VAE, not keras.io's conv VAE")
        + f"; 20-d latent {totals[20]:.1f}"
    )
    notes = [
        "create_vae(hidden=(256,)), Adam, batch 128; the factory's loss is per pixel, so the "
        "figures here are per image (x 784): BCE summed over pixels with one sampled z, plus KL."
    ]
    n = p["n"] or len(x)
    fig = f"2-d {totals[2]:.1f}, 20-d {totals[20]:.1f} per image"
    return make_result("vae", fig, met, comment, budget(p["epochs"], n, seconds), details, notes)


BENCHMARKS = {
    "linear_pca": linear_pca,
    "dense_ae": dense_ae,
    "deep_ae": deep_ae,
    "conv_ae": conv_ae,
    "denoising": denoising,
    "kl_sparse": kl_sparse,
    "k_sparse": k_sparse,
    "stacked": stacked,
    "few_labels": few_labels,
    "contractive": contractive,
    "anomaly": anomaly,
    "vae": vae,
}
