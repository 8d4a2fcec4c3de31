"""Quality benchmarks on MNIST (test set unless stated), one function per row.

Each function takes a ``Settings`` and returns a ``Result`` whose verdict comes from
bench/verdicts.py. Default-mode sizes fit the whole run into the CPU budget stated in
BENCHMARKS.md; the rows in ``LONG`` also have a long recipe (``--long``) of up to about an hour
each. Where neither reaches the target, the row says what was tried and what it reached.
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
from bench import reference, verdicts
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


def _split(x, y, n_val, seed):
    """(x_train, y_train), (x_val, y_val): a seeded validation split off the training images."""
    idx = np.random.default_rng(seed + 1000).permutation(len(x))
    val, train = idx[:n_val], np.sort(idx[n_val:])
    return (x[train], y[train]), (x[val], y[val])


def _cosine(lr, epochs, n, batch, alpha=0.01):
    """Cosine-decayed learning rate from lr to alpha * lr over ``epochs`` epochs of n samples."""
    steps = max(1, epochs * int(np.ceil(n / batch)))
    return keras.optimizers.schedules.CosineDecay(lr, steps, alpha=alpha)


class BestOnValidation(keras.callbacks.Callback):
    """Scores the model on validation data every ``every`` epochs with ``score(model)`` (lower is
    better), keeps the best weights and restores them at the end of training."""

    def __init__(self, score, every=1):
        super().__init__()
        self.score, self.every = score, every
        self.best, self.best_epoch, self.weights, self.curve = np.inf, 0, None, []

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        value = float(self.score(self.model))
        self.curve.append((epoch + 1, value))
        if value < self.best:
            self.best, self.best_epoch = value, epoch + 1
            self.weights = self.model.get_weights()

    def on_train_end(self, logs=None):
        if self.weights is not None:
            self.model.set_weights(self.weights)


LONG = ("deep_ae", "contractive", "vae")


# ---------------------------------------------------------------------------------------------


def linear_pca(s):
    """Test MSE of create_linear_ae divided by PCA's test MSE for k = 2, 32, 49."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, epochs=1, ks=(2,)),
        full=dict(n=20000, n_test=10000, epochs=40, ks=(2, 32, 49)),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    x, xt = flat(x), flat(xt)
    details, ratios, seconds = [], {}, 0.0
    for k in p["ks"]:
        with Stopwatch() as sw_pca:
            pca = PCA(k, random_state=s.seed).fit(x)
        pca_mse = _mse(xt, _pca_reconstruct(pca, xt))
        seed_all(s.seed)
        _, _, model = ae.create_linear_ae(input_shape=(784,), encoding_dim=k)
        lr = _cosine(3e-3, p["epochs"], len(x), 256)
        model.compile(optimizer=keras.optimizers.Adam(lr), loss="mse")
        _, secs = fit(model, x, x, p["epochs"])
        seconds += secs + sw_pca.seconds
        ae_mse = _mse(xt, _predict(model, xt))
        ratios[k] = ae_mse / pca_mse
        details.append(
            {
                "k": k,
                "linear AE test MSE": fmt(ae_mse),
                "PCA test MSE": fmt(pca_mse),
                "ratio": f"{ratios[k]:.4f}",
                "train s": f"{secs:.0f}",
            }
        )
    verdict = verdicts.linear_pca(ratios)
    fig = "ratio " + ", ".join(f"k={k}: {r:.4f}" for k, r in ratios.items())
    notes = [
        f"Adam, cosine-decayed learning rate 3e-3 -> 3e-5, MSE, batch 256, {p['n']} training "
        "images; PCA (scikit-learn) fitted on the same images; both scored on the test set."
    ]
    return make_result(
        "linear_pca",
        fig,
        verdict,
        budget(p["epochs"], p["n"], seconds),
        details,
        notes,
        data={"ratios": {str(k): r for k, r in ratios.items()}},
    )


def dense_ae(s):
    """The course's 784-49-784 (Adam) and the Keras blog's 784-32-784 (Adadelta, lr 1.0)."""
    p = s.pick(quick=dict(n=1000, n_test=500, epochs=1), full=dict(n=None, n_test=None, epochs=50))
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    runs = [
        ("course 784-49-784, Adam", 49, "adam", 0.0777),
        ("blog 784-32-784, Adadelta(lr=1.0)", 32, keras.optimizers.Adadelta(1.0), 0.11),
    ]
    details, seconds, bces = [], 0.0, {}
    for label, dim, opt, anchor in runs:
        seed_all(s.seed)
        _, _, model = ae.create_dense_ae(encoding_dim=dim)
        model.compile(optimizer=opt, loss="binary_crossentropy")
        _, secs = fit(model, x, x, p["epochs"])
        seconds += secs
        out = _predict(model, xt)
        bces[label] = (_bce(xt, out), anchor)
        details.append(
            {
                "model": label,
                "test BCE": f"{bces[label][0]:.4f}",
                "test MSE": f"{_mse(xt, out):.4f}",
                "anchor BCE": anchor,
                "train s": f"{secs:.0f}",
            }
        )
    verdict = verdicts.dense_ae({label.split(",")[0]: v for label, v in bces.items()})
    fig = "BCE " + ", ".join(
        f"{label.split(',')[0].split()[1]} {b:.4f}" for label, (b, _) in bces.items()
    )
    n = p["n"] or len(x)
    notes = [
        "Binary cross-entropy and MSE per pixel on the test set; batch 256. Adadelta with "
        "learning_rate=1.0 is the old Keras default the 2016 blog ran with (Keras 3 defaults to "
        "0.001). The blog quotes a train/test loss (the test BCE here is the same quantity)."
    ]
    return make_result(
        "dense_ae",
        fig,
        verdict,
        budget(p["epochs"], n, seconds),
        details,
        notes,
        data={label: b for label, (b, _) in bces.items()},
    )


def _deep_relu(epochs):
    """create_deep_ae 784-1000-500-250-30: relu hidden layers, linear code, sigmoid output."""
    _, _, model = ae.create_deep_ae(
        hidden=(1000, 500, 250), encoding_dim=30, code_activation="linear"
    )
    return model, 0.0


def _deep_logistic_pretrained(x, epochs_per_level, batch):
    """Hinton & Salakhutdinov's net with autoencoders instead of RBMs: logistic units, greedy
    layer-wise pretraining (aekeras.pretrain_stack) of 784-1000-500-250, then a linear 30-unit
    code pretrained on the 250-unit codes, all assembled by create_stacked_ae."""
    with Stopwatch() as sw:
        enc, dec = ae.pretrain_stack(
            x,
            hidden=(1000, 500, 250),
            activation="sigmoid",
            epochs=epochs_per_level,
            batch_size=batch,
            loss="binary_crossentropy",
        )
        h = flat(x)
        for layer in enc:
            h = keras.ops.convert_to_numpy(layer(h))
        top_enc, top_dec = ae.pretrain_stack(
            h,
            hidden=(30,),
            activation="linear",
            output_activation="sigmoid",
            epochs=epochs_per_level,
            batch_size=batch,
            loss="binary_crossentropy",
        )
        _, _, model = ae.create_stacked_ae(enc + top_enc, dec + top_dec)
    return model, sw.seconds


DEEP_VARIANTS = {
    "relu": "relu hidden layers (create_deep_ae), random start",
    "logistic": "logistic hidden layers, greedy layer-wise pretraining (pretrain_stack), as "
    "Hinton & Salakhutdinov but with autoencoders for RBMs",
}


def deep_ae(s):
    """784-1000-500-250-30: squared error per test image (sum over 784 pixels) vs PCA-30.

    Each variant trains with BCE, Adam and cosine decay; the weights of the epoch with the
    lowest error on a held-out validation split are kept, and the variant with the lowest
    validation error is the one scored on the test set (the others are reported too).
    Default: relu, 20 epochs. Long: relu and logistic-pretrained, ``epochs`` each.
    """
    p = s.pick(
        quick=dict(n=1000, n_test=500, n_val=200, epochs=1, pre=1, batch=256, variants=("relu",)),
        full=dict(n=None, n_test=None, n_val=5000, epochs=20, pre=0, batch=256, variants=("relu",)),
        long=dict(
            n=None,
            n_test=None,
            n_val=5000,
            epochs=60,  # stretched to 150 epochs, the same schedule ended higher: 4.04 vs 3.61
            pre=10,
            batch=256,
            variants=("relu", "logistic"),
        ),
    )
    if s.quick and s.long:
        p = {**p, "variants": ("relu", "logistic")}
    (x_all, y_all), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    (x, _), (xv, _) = _split(x_all, y_all, p["n_val"], s.seed)
    runs, seconds = {}, 0.0
    for variant in p["variants"]:
        seed_all(s.seed)
        if variant == "relu":
            model, pre_secs = _deep_relu(p["epochs"])
        else:
            model, pre_secs = _deep_logistic_pretrained(x, p["pre"], p["batch"])
        lr = _cosine(1e-3, p["epochs"], len(x), p["batch"])
        model.compile(  # XLA: faster epochs, but its compile time would dominate quick runs
            optimizer=keras.optimizers.Adam(lr),
            loss="binary_crossentropy",
            jit_compile=not s.quick,
        )
        every = 1 if p["epochs"] <= 60 else 5
        best = BestOnValidation(lambda m: 784 * _mse(xv, _predict(m, xv)), every=every)
        _, secs = fit(model, x, x, p["epochs"], batch_size=p["batch"], callbacks=[best])
        seconds += secs + pre_secs
        runs[variant] = {
            "val": best.best,
            "best_epoch": best.best_epoch,
            "test": 784 * _mse(xt, _predict(model, xt)),
            "train": 784 * _mse(x[:10000], _predict(model, x[:10000])),
            "curve": best.curve,
        }
    chosen = min(runs, key=lambda k: runs[k]["val"])
    err = runs[chosen]["test"]
    pca = PCA(30, random_state=s.seed).fit(flat(x))
    pca_err = 784 * _mse(xt, _pca_reconstruct(pca, xt))
    verdict = verdicts.deep_ae(err)
    details = [
        {
            "model": DEEP_VARIANTS[k] + (" (chosen on validation)" if k == chosen else ""),
            "test": f"{r['test']:.2f}",
            "validation": f"{r['val']:.2f}",
            "train (10000 images)": f"{r['train']:.2f}",
            "best epoch": f"{r['best_epoch']} of {p['epochs']}",
        }
        for k, r in runs.items()
    ]
    details += [
        {"model": "PCA-30 (scikit-learn, same run)", "test": f"{pca_err:.2f}"},
        {"model": "Hinton & Salakhutdinov: deep AE / PCA-30", "test": "3.00 / 13.87"},
    ]
    notes = [
        "Squared error per image: summed over the 784 pixels, mean over the images. Every "
        f"variant: BCE, Adam with cosine decay 1e-3 -> 1e-5, batch {p['batch']}, XLA, "
        f"{p['epochs']} epochs on {len(x)} training images; {len(xv)} more are held out, the "
        "weights of the epoch with the lowest validation error are kept, and the variant with "
        "the lowest validation error is scored on the 10000 test images"
        + (
            f"; pretraining {p['pre']} epochs per level (BCE, Adam)."
            if "logistic" in p["variants"]
            else "."
        ),
    ]
    for k, r in runs.items():
        step = max(1, len(r["curve"]) // 10)
        curve = ", ".join(f"{e}: {v:.2f}" for e, v in r["curve"][::step])
        notes.append(f"Validation error by epoch, {k}: {curve}.")
    notes.append(
        f"PCA-30 gives {pca_err:.2f} here and 13.87 in the paper: the error is defined alike."
    )
    if "logistic" in p["variants"]:
        notes.append(
            "Regularizers were tried before choosing this recipe, on 12000 training images for "
            "40 epochs (relu net): Gaussian input noise 0.2 left the validation error where it "
            "was, L2 weight decay 1e-5 and dropout 0.1 in the decoder raised it, Gaussian noise "
            "0.5 on the code lowered it by about 1%; none of them is used here."
        )
    fig = f"{err:.2f} per image ({chosen}; PCA-30 {pca_err:.2f})"
    return make_result(
        "deep_ae",
        fig,
        verdict,
        budget(f"{p['epochs']} ep x {len(runs)} variants", len(x), seconds),
        details,
        notes,
        data={"test": err, "pca": pca_err, "chosen": chosen, "variants": runs},
    )


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
    verdict = verdicts.conv_ae(bce)
    details = [
        {
            "model": "create_conv_ae()",
            "test BCE": f"{bce:.4f}",
            "test MSE": f"{mse:.4f}",
            "parameters": params,
        },
        {"model": "Keras blog conv AE (128-d code, 50 epochs)", "test BCE": "0.094"},
    ]
    notes = [
        "Adam, BCE, batch 128, the factory's defaults (filters (32, 64), encoding_dim 49: a "
        f"smaller code than the blog's 128); {p['epochs']} epochs on {p['n']} images (the blog: "
        "50 epochs on 60000)."
    ]
    fig = f"BCE {bce:.4f}, MSE {mse:.4f}, {params} params"
    return make_result(
        "conv_ae",
        fig,
        verdict,
        budget(p["epochs"], p["n"], secs),
        details,
        notes,
        data={"bce": bce, "mse": mse},
    )


def denoising(s):
    """PSNR of the Keras-blog conv denoiser and aekeras's dense DAEs on the blog's noise."""
    p = s.pick(
        quick=dict(n=300, n_test=300, epochs=1, blog_n=250, blog_epochs=1),
        full=dict(n=None, n_test=None, epochs=20, blog_n=20000, blog_epochs=10),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    noisy_x = ae.add_gaussian_noise(x, sigma=0.5, seed=s.seed + 1, clip=True)
    noisy_t = ae.add_gaussian_noise(xt, sigma=0.5, seed=s.seed + 2, clip=True)
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
    db = {
        "noisy input": ae.psnr(xt, noisy_t),
        "PCA-49 projection": ae.psnr(xt, _pca_reconstruct(pca, noisy_t)),
        "blog": ae.psnr(xt, _predict(blog, noisy_t)),
        "ours": ae.psnr(xt, _predict(gauss, noisy_t)),
    }
    hid = np.any(flat(masked_t) != flat(xt), axis=1)  # PSNR of an untouched image is infinite
    xm, mt = xt[hid], masked_t[hid]
    db_mask = {"input": ae.psnr(xm, mt), "ours": ae.psnr(xm, _predict(mask, mt))}
    labels = {
        "noisy input": "noisy input",
        "PCA-49 projection": "PCA-49 projection",
        "blog": f"Keras-blog conv denoiser ({p['blog_epochs']} ep on {nb} noisy/clean pairs)",
        "ours": "aekeras create_denoising_ae(gaussian 0.5), 64-unit code",
    }
    details = [
        {"noise": "gaussian 0.5, clipped", "method": labels[k], "PSNR dB": f"{v:.2f}"}
        for k, v in db.items()
    ]
    details += [
        {
            "noise": f"10x10 patch ({hid.sum()} test images where it hides ink)",
            "method": "masked input",
            "PSNR dB": f"{db_mask['input']:.2f}",
        },
        {
            "noise": "10x10 patch",
            "method": "aekeras create_denoising_ae(mask 10)",
            "PSNR dB": f"{db_mask['ours']:.2f}",
        },
    ]
    verdict = verdicts.denoising(db["ours"], db["blog"])
    gain = db_mask["ours"] - db_mask["input"]
    comment = (
        f"a 10x10 patch: {gain:+.2f} dB over the masked input, not a restoration of the patch "
        "(reported, not judged: no published figure)"
    )
    notes = [
        "Test noise: x + 0.5 N(0, 1) clipped to [0, 1], the blog's setting. The aekeras DAE "
        "adds its noise inside the model in training (GaussianNoise 0.5, not clipped) and trains "
        f"with fit(x, x) on {len(x)} images for {p['epochs']} epochs; the blog's denoiser (a "
        "7x7x32 convolutional code) trains on (noisy, clean) pairs, here "
        f"{p['blog_epochs']} epochs on {nb} images (the blog: 100 epochs on 60000). Both are "
        "scored on the same noisy test images.",
    ]
    fig = (
        f"DAE {db['ours']:.2f} dB vs blog conv {db['blog']:.2f} dB (noisy input "
        f"{db['noisy input']:.2f}, PCA {db['PCA-49 projection']:.2f})"
    )
    n = p["n"] or len(x)
    return make_result(
        "denoising",
        fig,
        verdict,
        budget(p["epochs"], n, seconds),
        details,
        notes,
        data={**db, "mask_input": db_mask["input"], "mask_ours": db_mask["ours"]},
        comment=comment,
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
    within = float(np.mean(np.abs(rho_hat - rho) <= 0.2 * rho))
    q = np.quantile(rho_hat, [0, 0.5, 1])
    details = [
        {
            "rho": rho,
            "min rho_hat_j": f"{q[0]:.4f}",
            "median": f"{q[1]:.4f}",
            "max": f"{q[2]:.4f}",
            "mean": f"{rho_hat.mean():.4f}",
            "units within 20%": f"{within:.0%}",
            "test BCE": f"{_bce(xt, out):.4f}",
        }
    ]
    verdict = verdicts.kl_sparse(rho_hat.tolist(), rho)
    notes = [
        f"encoding_dim {dim}, rho {rho}, beta {beta} (the factory's default), Adam, BCE, "
        f"{p['epochs']} epochs; rho_hat_j = mean activation of unit j over the test images."
    ]
    fig = (
        f"rho_hat_j {q[0]:.4f} / {q[1]:.4f} / {q[2]:.4f} (min / median / max; rho {rho}); "
        f"{within:.0%} of units within 20%"
    )
    n = p["n"] or len(x)
    return make_result(
        "kl_sparse",
        fig,
        verdict,
        budget(p["epochs"], n, secs),
        details,
        notes,
        data={"min": q[0], "median": q[1], "max": q[2], "within": within},
    )


def _logreg_error(train, y, test, yt, seed, max_iter):
    """Test error of a standardized multinomial logistic regression (scikit-learn)."""
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=max_iter, random_state=seed))
    clf.fit(train, y)
    return float(np.mean(clf.predict(test) != yt))


def k_sparse(s):
    """k-sparse AE with 1000 units and the paper's schedule: logistic-regression error on codes."""
    p = s.pick(
        quick=dict(n=500, n_test=300, n_lr=500, epochs=1, k=25, k_start=100, alpha=3, lr_iter=20),
        full=dict(
            n=None, n_test=None, n_lr=None, epochs=20, k=25, k_start=100, alpha=3, lr_iter=300
        ),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    n_lr = p["n_lr"] or len(x)
    xl, yl = x[:n_lr], y[:n_lr]
    with Stopwatch() as sw:
        raw = _logreg_error(flat(xl), yl, flat(xt), yt, s.seed, p["lr_iter"])
    seconds = sw.seconds
    batch = 256
    steps = p["epochs"] * int(np.ceil(len(x) / batch))
    seed_all(s.seed)
    enc, _, model = ae.create_k_sparse_ae(
        encoding_dim=1000,
        k=p["k"],
        k_start=p["k_start"],
        anneal_steps=steps // 2,
        alpha=p["alpha"],
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    _, secs = fit(model, x, x, p["epochs"], batch_size=batch)
    with Stopwatch() as sw:
        codes_t = _predict(enc, xt)
        err = _logreg_error(_predict(enc, xl), yl, codes_t, yt, s.seed, p["lr_iter"])
    seconds += secs + sw.seconds
    alive = float(np.mean((codes_t != 0).any(axis=0)))
    k_test = round(p["alpha"] * p["k"])
    details = [
        {"features": "raw pixels (784)", "LR test error": f"{raw:.2%}"},
        {
            "features": f"k-sparse codes (1000), k={p['k']}, encoded with {k_test}",
            "LR test error": f"{err:.2%}",
            "units that fire on some test image": f"{alive:.0%}",
            "test BCE": f"{_bce(xt, _predict(model, xt)):.4f}",
        },
        {"features": "Makhzani & Frey, k=25 (not checked)", "LR test error": "1.35%"},
    ]
    verdict = verdicts.k_sparse(err, alive)
    notes = [
        f"create_k_sparse_ae(encoding_dim=1000, k={p['k']}, k_start={p['k_start']}, "
        f"anneal_steps={steps // 2}, alpha={p['alpha']}): k goes from {p['k_start']} down to "
        f"{p['k']} over the first half of training, and encoding keeps {k_test} units, as in "
        f"the paper. Adam, BCE, batch {batch}, {p['epochs']} epochs on {len(x)} images. "
        f"Logistic regression (StandardScaler + lbfgs, max_iter {p['lr_iter']}) on the codes of "
        f"{n_lr} training images, scored on the test set; raw pixels on the same images."
    ]
    fig = f"{err:.2%} error, {alive:.0%} of units fire (raw pixels {raw:.2%})"
    return make_result(
        "k_sparse",
        fig,
        verdict,
        budget(p["epochs"], len(x), seconds),
        details,
        notes,
        data={"error": err, "alive": alive, "raw": raw},
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
        full=dict(n=None, n_test=None, pre=10, head=10, tune=30),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    with Stopwatch() as sw:
        encoder, trained = _pretrained_encoder(s, x, p["pre"])
        clf = ae.create_classifier(encoder, n_classes=10, trainable_encoder=False)
        clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        fit(clf, x, y, p["head"], batch_size=128)
        before = _accuracy(clf, xt, yt)
        encoder.trainable = True
        lr = _cosine(1e-3, p["tune"], len(x), 128)
        clf.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy")
        fit(clf, x, y, p["tune"], batch_size=128)
        after = _accuracy(clf, xt, yt)
    verdict = verdicts.stacked(before, after)
    details = [
        {
            "stage": "softmax on frozen 200-200 codes",
            "test accuracy": f"{before:.2%}",
            "UFLDL": "87.7%",
        },
        {"stage": "after fine-tuning", "test accuracy": f"{after:.2%}", "UFLDL": "97.6%"},
    ]
    notes = [
        f"pretrain_stack(hidden=(200, 200), activation='sigmoid', loss='mse'), {p['pre']} epochs "
        f"per layer; softmax head {p['head']} epochs (Adam) on the frozen codes; fine-tuning of "
        f"the whole net {p['tune']} epochs, Adam with cosine decay 1e-3 -> 1e-5, batch 128.",
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
    return make_result(
        "stacked",
        fig,
        verdict,
        budget(eps, n, sw.seconds),
        details,
        notes,
        data={"before": before, "after": after},
    )


def _few_labels_recipes(s, recipes):
    """The few_labels row from bench/few_labels.py: ``recipes.run(p, x, y, x_test, y_test)``
    with its QUICK or FULL settings returns (rows, diagnosis), a row being (recipe name,
    per-draw test accuracies or None, seconds). Judged, as declared before the run: the frozen
    encoder's codes + SVM (inductive) and label spreading over the training codes (semi-
    supervised) against raw pixels + SVM and the same net from scratch, paired by label draw;
    every recipe, the slide's naive frozen head among them, is reported."""
    p = recipes.QUICK if s.quick else recipes.FULL
    (x, y), (xt, yt) = ae.load_mnist(
        shape="image", n_train=p["n_train"], n_test=p["n_test"], seed=s.seed
    )
    with Stopwatch() as sw:
        rows, diagnosis = recipes.run(p, x, y, xt, yt)
    acc = {name: list(a) for name, a, _ in rows if a is not None}

    def named(*words):  # the recipe declared before the run, found by its name
        return next(k for k in acc if all(w in k for w in words))

    frozen = named("naive", "frozen")
    scratch = named("from scratch")
    inductive = named("codes + SVM")
    semi = named("label spreading on training codes", "unseen test images")
    baselines = {k: acc[k] for k in (named("raw pixels + SVM"), scratch)}
    best = max(acc, key=lambda k: np.mean(acc[k]))
    verdict = verdicts.few_labels_targets(acc[inductive], acc[semi], baselines)
    details = [
        {
            "recipe": name,
            "test accuracy (mean)": f"{np.mean(a):.2%}",
            "per label draw": ", ".join(f"{v:.2%}" for v in a),
        }
        for name, a in acc.items()
    ]
    notes = [
        f"bench/few_labels.py ({len(acc)} recipes, {len(acc[frozen])} draws of 100 labels). "
        f"Judged, declared before the run: '{inductive}' (inductive) and '{semi}' "
        f"(semi-supervised) against {list(baselines)}. The slide's naive recipe '{frozen}' "
        f"reaches {np.mean(acc[frozen]):.2%} against {np.mean(acc[scratch]):.2%} from scratch.",
        "Diagnosis of the frozen head: " + "; ".join(f"{q}: {v}" for q, v in diagnosis),
    ]
    fig = (
        f"inductive {np.mean(acc[inductive]):.2%}, semi-supervised {np.mean(acc[semi]):.2%} "
        f"(raw pixels + SVM {np.mean(acc[named('raw pixels + SVM')]):.2%}, "
        f"same net from scratch {np.mean(acc[scratch]):.2%}, naive frozen head "
        f"{np.mean(acc[frozen]):.2%})"
    )
    return make_result(
        "few_labels",
        fig,
        verdict,
        f"{len(x)} unlabelled images, {len(acc[frozen])} label draws, {sw.seconds:.0f} s",
        details,
        notes,
        data={
            "accuracies": acc,
            "judged": [inductive, semi],
            "baselines": list(baselines),
            "best": best,
        },
    )


def few_labels(s):
    """100 labels. When bench/few_labels.py is there (it is developed on its own branch), its
    recipes make this row (``_few_labels_recipes``); otherwise the built-in recipe below runs:
    the frozen pretrained encoder + softmax head (the slide's claim, declared before the run)
    against the same net from scratch, paired by seed."""
    try:
        from bench import few_labels as recipes
    except ImportError:
        recipes = None
    if recipes is not None:
        return _few_labels_recipes(s, recipes)
    p = s.pick(
        quick=dict(n=1000, n_test=300, pre=1, epochs=3, seeds=(0,)),
        full=dict(n=None, n_test=None, pre=10, epochs=300, seeds=(0, 1, 2)),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    with Stopwatch() as sw:
        pretrained, trained = _pretrained_encoder(s, x, p["pre"])
        weights = pretrained.get_weights()
        acc = {"frozen pretrained + head": [], "from scratch": [], "pretrained, fine-tuned": []}
        for seed in p["seeds"]:
            rng = np.random.default_rng(seed)
            idx = np.concatenate([rng.choice(np.flatnonzero(y == c), 10, False) for c in range(10)])
            for variant in acc:
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
    verdict = verdicts.few_labels(acc["frozen pretrained + head"], acc["from scratch"])
    notes = [
        "Judged variant, declared before the run: the frozen pretrained encoder + a softmax head "
        "(slide 003); the fine-tuned variant is reported only. 784-200-200-10 in every network; "
        "the pretrained encoder is the greedy sigmoid 200-200 stack trained on all training "
        f"images without labels ({p['pre']} epochs per layer). 10 labelled images per class, "
        f"{p['epochs']} epochs, batch 32, Adam; seeds {p['seeds']} (seed = choice of the 100 "
        "images and the initial weights).",
        "The pretraining was "
        + (
            "done in this row."
            if trained
            else "shared with `stacked`, run earlier in this process; its time is counted there."
        ),
    ]
    fig = (
        f"frozen {means['frozen pretrained + head']:.2%} vs scratch {means['from scratch']:.2%} "
        f"(fine-tuned {means['pretrained, fine-tuned']:.2%})"
    )
    return make_result(
        "few_labels",
        fig,
        verdict,
        f"pretraining {p['pre']} ep x 2 layers x {len(x)} images; {p['epochs']} ep x 100 labelled "
        f"x {len(p['seeds'])} seeds x 3 nets, {sw.seconds:.0f} s",
        details,
        notes,
        data={k: v for k, v in acc.items()},
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


def _plain_encoder(encoder):
    """A plain Flatten -> Dense(sigmoid) encoder starting from the weights of ``encoder``'s "code"
    layer: fine-tuning then trains the same network for every pretraining (no noise layer, no
    contractive penalty left in the graph), as in Rifai et al."""
    code = encoder.get_layer("code")
    inp = keras.Input(encoder.input_shape[1:])
    dense = keras.layers.Dense(code.units, activation="sigmoid", name="code")
    out = dense(keras.layers.Flatten()(inp))
    dense.set_weights(code.get_weights())
    return keras.Model(inp, out, name="encoder")


def contractive(s):
    """AE, AE + weight decay, DAE and CAE with 1000 sigmoid units: pretraining, then the encoder
    + softmax fine-tuned; test error at the epoch with the best validation error (Rifai et al.)."""
    p = s.pick(
        quick=dict(n=400, n_test=300, n_val=100, pre=1, tune=1, lam=1e-4, wd=0.05, lr_tune=1e-3),
        full=dict(
            n=20000, n_test=None, n_val=5000, pre=10, tune=10, lam=1e-4, wd=0.05, lr_tune=1e-3
        ),
        long=dict(
            n=None, n_test=None, n_val=10000, pre=50, tune=50, lam=1e-4, wd=0.05, lr_tune=1e-3
        ),  # 45 min (56 CPU-min) here on a CPU shared with other jobs
    )
    (x_all, y_all), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    (x, y), (xv, yv) = _split(x_all, y_all, p["n_val"], s.seed)
    factories = {
        "AE": lambda: ae.create_dense_ae(encoding_dim=1000, activation="sigmoid"),
        "AE+wd": lambda: ae.create_dense_ae(encoding_dim=1000, activation="sigmoid"),
        "DAE": lambda: ae.create_denoising_ae(
            encoding_dim=1000, activation="sigmoid", noise="pixels", noise_level=0.25, seed=s.seed
        ),
        "CAE": lambda: ae.create_contractive_ae(encoding_dim=1000, lam=p["lam"]),
    }
    details, errors, sens, seconds, best_epochs = [], {}, {}, 0.0, {}
    probe = xt[:1000]
    for label, make in factories.items():
        seed_all(s.seed)
        enc, _, model = make()
        lr = _cosine(1e-3, p["pre"], len(x), 128)
        opt = (
            keras.optimizers.AdamW(lr, weight_decay=p["wd"])
            if label == "AE+wd"
            else keras.optimizers.Adam(lr)
        )
        # XLA speeds up the dense models on a CPU but slows down the DAE's random masking
        # (and its compile time would dominate quick runs)
        model.compile(
            optimizer=opt, loss="binary_crossentropy", jit_compile=label != "DAE" and not s.quick
        )
        _, secs = fit(model, x, x, p["pre"], batch_size=128)
        jac = _jacobian_norm(enc, probe)
        sens[label] = _sensitivity(enc, probe, 0.05, s.seed)
        bce = _bce(xt, _predict(model, xt))
        clf = ae.create_classifier(_plain_encoder(enc), n_classes=10, trainable_encoder=True)
        lr = _cosine(p["lr_tune"], p["tune"], len(x), 128)
        clf.compile(
            optimizer=keras.optimizers.Adam(lr),
            loss="sparse_categorical_crossentropy",
            jit_compile=not s.quick,
        )
        best = BestOnValidation(lambda m: 1 - _accuracy(m, xv, yv))
        _, tsecs = fit(clf, x, y, p["tune"], batch_size=128, callbacks=[best])
        seconds += secs + tsecs
        errors[label] = 1 - _accuracy(clf, xt, yt)
        best_epochs[label] = best.best_epoch
        details.append(
            {
                "model": label,
                "mean ||J||_F": f"{jac:.3f}",
                "code change / input change": f"{sens[label]:.3f}",
                "test BCE": f"{bce:.4f}",
                "validation error": f"{best.best:.2%}",
                "best epoch": best.best_epoch,
                "test error": f"{errors[label]:.2%}",
            }
        )
    details.append(
        {
            "model": "Rifai et al. (not checked)",
            "test error": "CAE 1.14, DAE 1.18, AE+wd 1.68, AE 1.78 (%)",
        }
    )
    verdict = verdicts.contractive(errors)
    order = verdicts.order_of(errors)
    fig = ", ".join(f"{k} {v:.2%}" for k, v in errors.items()) + f" (order {order})"
    notes = [
        f"Each AE: 784-1000(sigmoid)-784, BCE, Adam with cosine decay 1e-3 -> 1e-5, batch 128, "
        f"{p['pre']} epochs on {len(x)} images (AE+wd: AdamW(weight_decay={p['wd']}), "
        f"decoupled weight decay; DAE: 25% of pixels zeroed; CAE: lam {p['lam']} on "
        "the per-pixel BCE, i.e. about 784 x that on a summed one). Then the same 784-1000-10 "
        "network (a plain sigmoid layer initialised with the pretrained code layer, + softmax; "
        f"no noise, no penalty) fine-tuned {p['tune']} epochs (Adam, cosine decay from "
        f"{p['lr_tune']}); the epoch with the lowest error on {len(xv)} held-out training "
        "images is kept and scored on the test set. Sensitivity on 1000 test images with "
        "e ~ N(0, 0.05^2).",
        f"Order of test error, best first: {order} (the paper: CAE < DAE < AE+wd < AE).",
    ]
    eps = f"{p['pre']} + {p['tune']} ep, x 4 models"
    return make_result(
        "contractive",
        fig,
        verdict,
        budget(eps, len(x), seconds),
        details,
        notes,
        data={"errors": errors, "sensitivity": sens, "order": order, "best_epochs": best_epochs},
    )


def anomaly(s):
    """One-class anomaly detection: ROC AUC of reconstruction error per digit, several seeds."""
    p = s.pick(
        quick=dict(n=1000, n_test=300, epochs=1, digits=(0, 1), n_svm=100, seeds=(0,)),
        full=dict(
            n=None, n_test=5000, epochs=20, digits=tuple(range(10)), n_svm=2000, seeds=(0, 1, 2)
        ),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], s.seed)
    ours = {seed: [] for seed in p["seeds"]}
    base = {"PCA-49 error": [], "IsolationForest": [], "OneClassSVM": []}
    details, seconds = [], 0.0
    for d in p["digits"]:
        normal = flat(x[y == d])
        anomalous = (yt != d).astype(int)
        with Stopwatch() as sw:
            for seed in p["seeds"]:
                seed_all(seed)
                _, _, model = ae.create_dense_ae(encoding_dim=49)
                model.compile(optimizer="adam", loss="binary_crossentropy")
                fit(model, x[y == d], x[y == d], p["epochs"])
                score = ae.reconstruction_error(xt, _predict(model, xt))
                ours[seed].append(roc_auc_score(anomalous, score))
            pca = PCA(49, random_state=s.seed).fit(normal)
            scores = {"PCA-49 error": ae.reconstruction_error(xt, _pca_reconstruct(pca, xt))}
            forest = IsolationForest(random_state=s.seed).fit(normal)
            scores["IsolationForest"] = -forest.score_samples(flat(xt))
            svm = OneClassSVM(gamma="scale", nu=0.1).fit(normal[: p["n_svm"]])
            scores["OneClassSVM"] = -svm.decision_function(flat(xt))
        seconds += sw.seconds
        row = {"normal digit": d}
        row["aekeras dense AE (per seed)"] = " / ".join(f"{ours[t][-1]:.3f}" for t in p["seeds"])
        for k, v in scores.items():
            base[k].append(roc_auc_score(anomalous, v))
            row[k] = f"{base[k][-1]:.3f}"
        details.append(row)
    n = len(p["digits"])
    seed_means = {t: float(np.mean(v)) for t, v in ours.items()}
    per_digit = [float(np.mean([ours[t][i] for t in p["seeds"]])) for i in range(n)]
    wins = {k: sum(a > b for a, b in zip(per_digit, v)) for k, v in base.items()}
    details.append(
        {
            "normal digit": "mean",
            "aekeras dense AE (per seed)": " / ".join(f"{v:.3f}" for v in seed_means.values()),
            **{k: f"{np.mean(v):.3f}" for k, v in base.items()},
        }
    )
    details.append(
        {
            "normal digit": "digits where the AE is better",
            "aekeras dense AE (per seed)": "-",
            **{k: f"{w} of {n}" for k, w in wins.items()},
        }
    )
    min_digits = 6 if n == 10 else n // 2 + 1
    verdict = verdicts.anomaly(ours, base, min_digits=min_digits)
    notes = [
        f"Per digit: a create_dense_ae(encoding_dim=49) trained on that digit's training images "
        f"({p['epochs']} epochs, Adam, BCE) with {len(p['seeds'])} seeds {p['seeds']}; PCA-49, "
        f"IsolationForest and OneClassSVM (first {p['n_svm']} images, nu 0.1) on the same "
        f"images. Score {p['n_test']} test images, anomalies = the other digits; score = "
        "per-image MSE for AE and PCA. 'Better' needs a higher mean AUC in every seed and a "
        f"higher seed-averaged AUC on at least {min_digits} of {n} digits."
    ]
    fig = (
        f"AE mean AUC {min(seed_means.values()):.3f}-{max(seed_means.values()):.3f} over "
        f"{len(p['seeds'])} seeds (PCA {np.mean(base['PCA-49 error']):.3f}, IF "
        f"{np.mean(base['IsolationForest']):.3f}, OCSVM {np.mean(base['OneClassSVM']):.3f}); "
        "AE better on " + ", ".join(f"{w}/{n} vs {k.split()[0]}" for k, w in wins.items())
    )
    eps = f"{p['epochs']} ep x {n} digits x {len(p['seeds'])} seeds"
    return make_result(
        "anomaly",
        fig,
        verdict,
        budget(eps, "~6000", seconds),
        details,
        notes,
        data={"seed_means": seed_means, "baselines": base, "wins": wins},
    )


def _vae_test_terms(encoder, decoder, x, seed):
    """Per-image reconstruction BCE (sum over pixels, one sampled z) and KL on x, averaged."""
    z_mean, z_log_var, _ = encoder.predict(x, batch_size=1024, verbose=0)
    eps = np.random.default_rng(seed).normal(size=z_mean.shape).astype("float32")
    z = z_mean + np.exp(0.5 * z_log_var) * eps
    rec = 784 * ae.reconstruction_error(x, _predict(decoder, z), "bce")
    kl = -0.5 * np.sum(1 + z_log_var - z_mean**2 - np.exp(z_log_var), axis=1)
    return float(np.mean(rec)), float(np.mean(kl))


def vae(s):
    """2-d latent, 30 epochs: reconstruction + KL per image, as keras.io's log reports it and on
    the test set. Default: create_vae (dense, 256 units); long: create_conv_vae (the keras.io
    architecture, about half an hour of convolutions on 2 CPU cores)."""
    p = s.pick(
        quick=dict(n=512, n_test=300, epochs=1, models=("dense",)),
        full=dict(n=None, n_test=None, epochs=30, models=("dense",)),
        long=dict(n=None, n_test=None, epochs=30, models=("conv",)),
    )
    if s.quick and s.long:
        p = {**p, "models": ("conv",)}
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], s.seed)
    builders = {
        "conv": (
            "create_conv_vae(latent_dim=2)",
            lambda: ae.create_conv_vae(latent_dim=2, seed=s.seed),
        ),
        "dense": (
            "create_vae(latent_dim=2, hidden=(256,))",
            lambda: ae.create_vae(latent_dim=2, seed=s.seed),
        ),
    }
    details, logged, test, seconds = [], {}, {}, 0.0
    for key in p["models"]:
        label, build = builders[key]
        seed_all(s.seed)
        enc, dec, model = build()
        model.compile(optimizer="adam", loss="binary_crossentropy")
        history, secs = fit(model, x, x, p["epochs"], batch_size=128)
        seconds += secs
        logged[key] = 784 * history.history["loss"][-1]
        rec, kl = _vae_test_terms(enc, dec, xt, s.seed)
        test[key] = rec + kl
        details.append(
            {
                "model": label,
                "last-epoch training loss x 784 (keras.io's measure)": f"{logged[key]:.2f}",
                "test reconstruction / image": f"{rec:.2f}",
                "test KL / image": f"{kl:.2f}",
                "test total": f"{test[key]:.2f}",
                "parameters": model.count_params(),
                "train s": f"{secs:.0f}",
            }
        )
    details.append(
        {
            "model": "keras.io conv VAE (70000 images)",
            "last-epoch training loss x 784 (keras.io's measure)": "146.95",
            "test reconstruction / image": "-",
            "test KL / image": "-",
            "test total": "-",
        }
    )
    judged = "conv" if "conv" in logged else p["models"][0]
    verdict = verdicts.vae(logged[judged])
    notes = [
        "Both factories add KL / 784 to Keras's per-pixel BCE, so the training loss x 784 is "
        "keras.io's per-image total (BCE summed over pixels + KL). Judged: the mean training "
        "loss over the last epoch, the quantity keras.io's log prints (the anchor is keras.io's "
        "conv VAE: the dense VAE of the default run is held to the same figure). Adam, batch "
        f"128, {p['epochs']} epochs on the {len(x)} training images (keras.io trains on the "
        "70000 train + test images: 547 steps per epoch instead of 469). The test total uses "
        "one sampled z per test image.",
    ]
    fig = ", ".join(f"{k} {logged[k]:.1f} (test {test[k]:.1f})" for k in logged)
    return make_result(
        "vae",
        fig,
        verdict,
        budget(p["epochs"], len(x), seconds),
        details,
        notes,
        data={"logged": logged, "test": test},
    )


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
