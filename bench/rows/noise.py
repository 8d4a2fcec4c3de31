"""Rows on noise and robustness: denoising, and contractive vs denoising vs plain AE features."""

import keras
import numpy as np
from sklearn.decomposition import PCA

import aekeras as ae
from bench import reference, rifai
from bench.common import (
    BestOnValidation,
    accuracy,
    cosine,
    flat,
    mnist,
    pca_reconstruct,
    predict,
    seed_all,
    split,
    train,
    xla,
)


def denoising(s, seed):
    """Gaussian noise 0.5 clipped to [0, 1] (the Keras blog's): PSNR on the noisy test images.
    The conv models train on the clipped (noisy, clean) training pairs, alike: create_conv_ae with
    the blog's 7x7x32 code (judged) and with its default 49-d code; the dense lines
    show the same pairs against the factory's DAE, whose noise layer adds unclipped noise."""
    p = s.pick(
        quick=dict(n=300, n_test=300, epochs=1, dense_epochs=1),
        full=dict(n=10000, n_test=None, epochs=5, dense_epochs=20),
        long=dict(n=10000, n_test=None, epochs=20, dense_epochs=20),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], seed)
    noisy = ae.add_gaussian_noise(x, sigma=0.5, seed=seed + 1, clip=True)
    noisy_t = ae.add_gaussian_noise(xt, sigma=0.5, seed=seed + 2, clip=True)
    pca = PCA(64, random_state=seed).fit(flat(x))
    out = {
        "noisy input | PSNR dB": ae.psnr(xt, noisy_t),
        "PCA-64 projection | PSNR dB": ae.psnr(xt, pca_reconstruct(pca, noisy_t)),
    }
    gaussian = dict(noise="gaussian", noise_level=0.5, seed=seed)
    # the blog denoiser's code: 7x7x32 feature maps, no Dense layer
    conv_maps = lambda: ae.create_conv_ae(filters=(32, 32), encoding_dim=None)[2]  # noqa: E731
    models = {
        "blog conv denoiser": (reference.blog_conv_denoiser, noisy, 128, p["epochs"]),
        "create_conv_ae maps on pairs": (conv_maps, noisy, 128, p["epochs"]),
        "create_conv_ae on pairs": (lambda: ae.create_conv_ae()[2], noisy, 128, p["epochs"]),
        "create_dense_ae(64) on pairs": (
            lambda: ae.create_dense_ae(encoding_dim=64)[2],
            noisy,
            256,
            p["dense_epochs"],
        ),
        "create_denoising_ae(gaussian 0.5), fit(x, x)": (
            lambda: ae.create_denoising_ae(**gaussian)[2],
            x,
            256,
            p["dense_epochs"],
        ),
    }
    if s.long:  # what the factory's decoder gains over transposed convolutions
        models["maps, transposed convolutions"] = (
            reference.conv_maps_transposed,
            noisy,
            128,
            p["epochs"],
        )
    for label, (build, inputs, batch, epochs) in models.items():
        seed_all(seed)
        model = build()
        train(model, inputs, x, epochs, batch=batch)
        out[f"{label} | PSNR dB"] = ae.psnr(xt, predict(model, noisy_t))
    return out


def _jacobian_norm(encoder, x):
    """Mean Frobenius norm of the sigmoid code layer's Jacobian, closed form."""
    h = predict(encoder, x)
    w2 = np.sum(np.square(keras.ops.convert_to_numpy(encoder.get_layer("code").kernel)), axis=0)
    return float(np.mean(np.sqrt(np.sum(np.square(h * (1 - h)) * w2, axis=1))))


def _plain_encoder(encoder):
    """Flatten -> Dense(sigmoid) with the weights of ``encoder``'s "code" layer: every
    pretraining is fine-tuned as the same network (no noise, no penalty), as in Rifai et al."""
    code = encoder.get_layer("code")
    inp = keras.Input(encoder.input_shape[1:])
    dense = keras.layers.Dense(code.units, activation="sigmoid", name="code")
    out = dense(keras.layers.Flatten()(inp))
    dense.set_weights(code.get_weights())
    return keras.Model(inp, out, name="encoder")


def _model(name, value, seed):
    """784-1000(sigmoid)-784 of each kind; ``value``: the variant's setting (noise level,
    contractive weight) or None."""
    kw = dict(encoding_dim=1000, activation="sigmoid")
    if name == "CAE":
        return ae.create_contractive_ae(encoding_dim=1000, weight=value)
    if name.startswith("DAE"):
        noise = "gaussian" if name == "DAE-g" else "pixels"
        return ae.create_denoising_ae(noise=noise, noise_level=value, seed=seed, **kw)
    return ae.create_dense_ae(**kw)


# Rifai et al.'s own recipe (bench/rifai.py): tied weights, summed BCE, SGD, then SGD fine-tuning
PAPER = "CAE (paper's recipe)"
# the baseline: the same net from its random start, fine-tuned alike
SCRATCH = "no pretraining"

# the settings each variant chooses from on the validation split (long mode); the first is the
# default mode's. AE+wd: AdamW's decoupled weight decay; DAE-b: share of pixels zeroed.
GRID = {
    SCRATCH: (None,),
    "AE": (None,),
    "AE+wd": (0.05, 0.01),
    "DAE-g": (0.5, 0.3),
    "DAE-b": (0.25, 0.5),
    "CAE": (1e-4, 1e-3),
    PAPER: (0.1, 0.5),
}
_CHOSEN = {}


def _pretrain(name, value, p, x, seed, s):
    """The factory variants' pretraining (Adam, per-pixel BCE); returns the plain encoder."""
    enc, _, model = _model(name, value, seed)
    if name == SCRATCH:
        return _plain_encoder(enc)
    lr = cosine(1e-3, p["pre"], len(x), 128)
    opt = (
        keras.optimizers.AdamW(lr, weight_decay=value)
        if name == "AE+wd"
        else keras.optimizers.Adam(lr)
    )
    # XLA: faster dense epochs on a CPU, slower random masking
    train(
        model,
        x,
        x,
        p["pre"],
        batch=128,
        optimizer=opt,
        jit_compile=xla(s, not name.startswith("DAE")),
    )
    return _plain_encoder(enc)


def _pretrain_and_tune(name, value, p, data, seed, s):
    """Test error, validation error, best epoch and mean ||J|| of one pretraining + fine-tuning."""
    (x, y), (xv, yv), (xt, yt) = data
    seed_all(seed)
    if name == PAPER:
        enc = rifai.pretrain(x, value, p["sgd_pre"])
        tune, batch, patience = p["sgd_tune"], 20, p["sgd_patience"]
        opt = keras.optimizers.SGD(0.1)
    else:
        enc = _pretrain(name, value, p, x, seed, s)
        tune, batch, patience = p["tune"], 128, p["patience"]
        opt = keras.optimizers.Adam(cosine(1e-3, tune, len(x), batch))
    jac = _jacobian_norm(enc, xt[:1000])
    clf = ae.create_classifier(enc, n_classes=10, trainable_encoder=True)
    best = BestOnValidation(lambda m: 1 - accuracy(m, xv, yv), patience)
    train(
        clf,
        x,
        y,
        tune,
        batch=batch,
        optimizer=opt,
        loss="sparse_categorical_crossentropy",
        callbacks=[best],
        jit_compile=xla(s),
    )
    return 1 - accuracy(clf, xt, yt), best.best, best.best_epoch, jac


def contractive(s, seed):
    """AE, AE + weight decay, DAE (Gaussian and masking noise) and CAE with 1000 sigmoid units
    (and the same net without pretraining):
    pretraining, then the encoder + softmax fine-tuned; the test error of the epoch with the best
    validation error (Rifai et al.). The CAE twice: the factory (Adam) and the paper's recipe
    (tied, SGD). Long: each variant's setting chosen on seed 0's validation split, fine-tuning
    until the validation error stops improving."""
    # pre, tune, patience: the factory variants' epochs; sgd_*: the paper's recipe's
    p = s.pick(
        quick=dict(n=400, n_test=300, n_val=100, pre=1, tune=1, patience=None),
        full=dict(n=12000, n_test=None, n_val=2000, pre=5, tune=5, patience=None),
        long=dict(n=None, n_test=None, n_val=10000, pre=20, tune=60, patience=5),
    )
    if s.long:
        p.update(sgd_pre=100, sgd_tune=100, sgd_patience=15)
    else:
        p.update(sgd_pre=p["pre"], sgd_tune=p["tune"], sgd_patience=None)
    (x_all, y_all), test = mnist(p["n"], p["n_test"], seed)
    data = (*split(x_all, y_all, p["n_val"], seed), test)
    out = {}
    for name, grid in GRID.items():
        if not s.long:
            grid = grid[:1]
        elif name in _CHOSEN:
            grid = (_CHOSEN[name],)
        tried = {v: _pretrain_and_tune(name, v, p, data, seed, s) for v in grid}
        value = min(tried, key=lambda v: tried[v][1])
        if s.long:
            _CHOSEN.setdefault(name, value)
        err, val, epoch, jac = tried[value]
        out[f"{name} | test error %"] = err
        out[f"{name} | validation error %"] = val
        out[f"{name} | best epoch"] = epoch
        out[f"{name} | mean ||J||_F"] = jac
        if value is not None:
            out[f"{name} | setting"] = value
        for v, (_, verr, _, _) in tried.items():
            if len(tried) > 1:
                out[f"{name} {v:g} | validation error %"] = verr
    return out
