"""Reconstruction rows: linear AE vs PCA, the dense, deep and convolutional AEs, the VAE."""

import keras
import numpy as np
from sklearn.decomposition import PCA

import aekeras as ae
from bench import hinton, reference
from bench.common import (
    BestOnValidation,
    cosine,
    flat,
    mnist,
    mse,
    pca_reconstruct,
    predict,
    seed_all,
    split,
    train,
    xla,
)


def linear_pca(s, seed):
    """Test MSE of create_linear_ae over PCA's, same images, for each code size k."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, epochs=1, ks=(2,)),
        full=dict(n=10000, n_test=None, epochs=120, ks=(2, 32, 49)),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], seed)
    x, xt, out = flat(x), flat(xt), {}
    for k in p["ks"]:
        pca_mse = mse(xt, pca_reconstruct(PCA(k, random_state=seed).fit(x), xt))
        seed_all(seed)
        model = ae.create_linear_ae(input_shape=(784,), encoding_dim=k)[2]
        opt = keras.optimizers.Adam(cosine(3e-3, p["epochs"], len(x), 256))
        train(model, x, x, p["epochs"], loss="mse", optimizer=opt, jit_compile=xla(s))
        out[f"k={k} | AE / PCA"] = mse(xt, predict(model, xt)) / pca_mse
        out[f"k={k} | PCA test MSE"] = pca_mse
    return out


def dense_ae(s, seed):
    """The course's 784-49-784 (Adam) and the 2016 Keras blog's 784-32-784 (Adadelta, lr 1.0),
    50 epochs at batch 256 as both sources; test BCE = the Keras log's val_loss."""
    p = s.pick(quick=dict(n=1000, n_test=500, epochs=1), full=dict(n=None, n_test=None, epochs=50))
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], seed)
    out = {}
    for label, dim, opt in (
        ("course 784-49-784, Adam", 49, "adam"),
        ("blog 784-32-784, Adadelta", 32, keras.optimizers.Adadelta(1.0)),
    ):
        seed_all(seed)
        model = ae.create_dense_ae(encoding_dim=dim)[2]
        history = train(model, x, x, p["epochs"], optimizer=opt, jit_compile=xla(s))
        out[f"{label} | test BCE"] = model.evaluate(xt, xt, batch_size=1024, verbose=0)
        out[f"{label} | train loss, last epoch"] = history.history["loss"][-1]
    return out


def _deep_logistic(x, epochs, seed):
    """Hinton & Salakhutdinov's net: logistic 784-1000-500-250 and a linear 30-unit code, RBMs
    trained by CD-1 one after another (bench/hinton.py) and unrolled into the autoencoder."""
    net = hinton.unroll(hinton.pretrain(flat(x), epochs, seed))
    shape = x.shape[1:]  # the images' shape in and out, as create_deep_ae
    return keras.Sequential(
        [keras.Input(shape), keras.layers.Flatten(), net, keras.layers.Reshape(shape)]
    )


def deep_ae(s, seed):
    """784-1000-500-250-30, squared error per test image (summed over pixels) against PCA-30.
    Each variant keeps its weights of the best validation epoch; the variant with the lowest
    validation error is the one judged. Long: relu and the paper's RBM-pretrained logistic net,
    early stopping."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, n_val=200, epochs=1, pre=1, patience=None),
        full=dict(n=25000, n_test=None, n_val=5000, epochs=10, pre=0, patience=None),
        long=dict(n=None, n_test=None, n_val=5000, epochs=300, pre=10, patience=10),
    )
    (x_all, y_all), (xt, _) = mnist(p["n"], p["n_test"], seed)
    (x, _), (xv, _) = split(x_all, y_all, p["n_val"], seed)
    out = {}
    for variant in ("relu", "logistic") if s.long else ("relu",):
        seed_all(seed)
        if variant == "logistic":
            model = _deep_logistic(x, p["pre"], seed)
        else:
            model = ae.create_deep_ae(
                hidden=(1000, 500, 250), encoding_dim=30, code_activation="linear"
            )[2]
        best = BestOnValidation(lambda m: 784 * mse(xv, predict(m, xv)), p["patience"])
        opt = keras.optimizers.Adam(cosine(1e-3, p["epochs"], len(x), 256))
        train(model, x, x, p["epochs"], optimizer=opt, callbacks=[best], jit_compile=xla(s))
        out[f"{variant} | validation"] = best.best
        out[f"{variant} | test"] = 784 * mse(xt, predict(model, xt))
        out[f"{variant} | train (10000 images)"] = 784 * mse(x[:10000], predict(model, x[:10000]))
        out[f"{variant} | best epoch"] = best.best_epoch
    chosen = min(("relu", "logistic"), key=lambda k: out.get(f"{k} | validation", np.inf))
    out["chosen | test"] = out[f"{chosen} | test"]
    out["chosen | logistic"] = float(chosen == "logistic")
    pca = PCA(30, random_state=seed).fit(flat(x))
    out["PCA-30 | test"] = 784 * mse(xt, pca_reconstruct(pca, xt))
    return out


def conv_ae(s, seed):
    """create_conv_ae() beside the Keras blog's conv AE (16-8-8 filters, 128-d code), rebuilt
    and trained alike (Adam, BCE, batch 128, same images and epochs)."""
    p = s.pick(
        quick=dict(n=500, n_test=300, epochs=1),
        full=dict(n=10000, n_test=None, epochs=5),
        # 20 epochs, not the blog's 50: an epoch of both models on 60000 images takes about
        # 90 s on 2 CPU cores, so 3 seeds x 50 would take about 4 hours.
        long=dict(n=None, n_test=None, epochs=20),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], seed)
    out = {}
    for label, build in (
        ("create_conv_ae", lambda: ae.create_conv_ae()[2]),
        ("blog conv AE", reference.blog_conv_ae),
    ):
        seed_all(seed)
        model = build()
        history = train(model, x, x, p["epochs"], batch=128)
        out[f"{label} | test BCE"] = model.evaluate(xt, xt, batch_size=1024, verbose=0)
        out[f"{label} | train loss, last epoch"] = history.history["loss"][-1]
        out[f"{label} | parameters"] = model.count_params()
    return out


def _vae_test(encoder, decoder, x, seed):
    """Reconstruction (one sampled z) + KL per test image."""
    z_mean, z_log_var, _ = predict(encoder, x)
    z = z_mean + np.exp(0.5 * z_log_var) * np.random.default_rng(seed).normal(size=z_mean.shape)
    rec = 784 * ae.reconstruction_error(x, predict(decoder, z.astype("float32")), "bce")
    kl = -0.5 * np.sum(1 + z_log_var - z_mean**2 - np.exp(z_log_var), axis=1)
    return float(np.mean(rec + kl))


def vae(s, seed):
    """2-d latent, 30 epochs, Adam, batch 128. Judged: keras.io's protocol (70000 train + test
    images; the last epoch's mean training loss per image). Seed 0 also trains on the 60000
    training images alone (scored on the test set) and, in the default row, with keras.io's
    summed loss instead of the factories' per-pixel one. Default: create_vae; long:
    create_conv_vae (keras.io's) and keras.io's example rebuilt beside it (same protocol)."""
    p = s.pick(
        quick=dict(n=512, n_test=256, epochs=1),
        full=dict(n=None, n_test=None, epochs=30),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], seed)
    factory = ae.create_conv_vae if s.long else ae.create_vae
    all_images = np.concatenate([x, xt])
    runs = [("70000 images (keras.io protocol)", all_images, 1.0, "binary_crossentropy")]
    if seed == 0:
        runs.append(("60000 images, scored on the test set", x, 1.0, "binary_crossentropy"))
    if seed == 0 and not s.long:  # the loss-scale check; the long row keeps its CPU hour short
        runs.append(
            ("70000 images, keras.io's summed loss", all_images, 784.0, reference.summed_bce)
        )
    out = {}
    for label, data, weight, loss in runs:
        seed_all(seed)
        enc, dec, model = factory(latent_dim=2, weight=weight, seed=seed)
        history = train(model, data, data, p["epochs"], batch=128, loss=loss)
        out[f"{label} | last-epoch loss"] = history.history["loss"][-1] * 784 / weight
        if data is x:
            out[f"{label} | test reconstruction + KL"] = _vae_test(enc, dec, xt, seed)
    out["model | parameters"] = model.count_params()
    if s.long:  # keras.io's own model and summed loss, trained alike: its recipe on this machine
        seed_all(seed)
        rival = reference.kerasio_vae(latent=2, seed=seed)
        history = train(rival, all_images, all_images, p["epochs"], batch=128, loss=None)
        out["keras.io's VAE rebuilt, 70000 images | last-epoch loss"] = history.history["loss"][-1]
    return out
