"""Sparse codes: the KL-sparse AE's unit activations, the k-sparse AE's codes as features."""

import keras
import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import aekeras as ae
from bench import reference
from bench.common import cosine, flat, mnist, predict, seed_all, sum_squared_error, train


def _ufldl_loss(model, decay):
    """UFLDL's reconstruction term, half the squared error summed over the pixels, plus its
    weight decay (decay / 2) * sum W^2 over the kernels (the KL term is the factory's own)."""
    kernels = [w for w in model.trainable_weights if w.path.endswith("kernel")]

    def loss(y_true, y_pred):
        squares = sum(keras.ops.sum(keras.ops.square(w)) for w in kernels)
        return 0.5 * sum_squared_error(y_true, y_pred) + 0.5 * decay * squares

    return loss


# UFLDL's MNIST exercise (Exercise:Vectorization): 196 units, rho 0.1, beta 3, weight decay 3e-3
# on the first 10000 training images; seed 0 also runs it without weight decay, and the course's
# 64 units at rho 0.05 with beta 3 and 10
UFLDL = dict(units=196, rho=0.1, weight=3.0, decay=3e-3)
CONTEXT = {
    "no weight decay": dict(UFLDL, decay=0.0),
    "64 units, rho 0.05": dict(units=64, rho=0.05, weight=3.0, decay=0.0),
    "64 units, rho 0.05, weight 10": dict(units=64, rho=0.05, weight=10.0, decay=0.0),
}


def _rho_hat(key, rho, rho_hat):
    """The spread of the units' mean activations and the share within 20% of rho."""
    band = 0.2 * rho + 1e-12  # so that 0.1 * 0.8 counts as within
    return {
        f"{key} | min": float(rho_hat.min()),
        f"{key} | median": float(np.median(rho_hat)),
        f"{key} | max": float(rho_hat.max()),
        f"{key} | within 20% %": float(np.mean(np.abs(rho_hat - rho) <= band)),
    }


def kl_sparse(s, seed):
    """create_sparse_ae(penalty="kl") on UFLDL's objective: each unit's mean activation on the
    training images, where UFLDL defines rho_hat_j and the penalty acts, and on the test images.
    Judged: UFLDL's MNIST setting; seed 0 adds the CONTEXT variants."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, epochs=1),
        full=dict(n=10000, n_test=None, epochs=60),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], seed)
    out = {}
    for what, c in {"rho_hat_j": UFLDL, **(CONTEXT if seed == 0 else {})}.items():
        seed_all(seed)
        enc, _, model = ae.create_sparse_ae(
            encoding_dim=c["units"], penalty="kl", rho=c["rho"], weight=c["weight"]
        )
        opt = keras.optimizers.Adam(cosine(3e-3, p["epochs"], len(x), 256))
        train(model, x, x, p["epochs"], loss=_ufldl_loss(model, c["decay"]), optimizer=opt)
        key = what if what == "rho_hat_j" else f"rho_hat_j, {what}"
        out.update(_rho_hat(key, c["rho"], predict(enc, x).mean(axis=0)))
        if what == "rho_hat_j":
            out.update(_rho_hat(f"{key} on test images", c["rho"], predict(enc, xt).mean(axis=0)))
    return out


def _logreg(train_x, y, test_x, yt, max_iter):
    """Test error and iterations of a multinomial logistic regression fitted by L-BFGS: pixels
    standardized, sparse codes as they are (scaling a rarely firing unit to unit variance
    turns its few values into outliers)."""
    scale = [] if sparse.issparse(train_x) else [StandardScaler()]
    clf = make_pipeline(*scale, LogisticRegression(max_iter=max_iter, tol=1e-4))
    clf.fit(train_x, y)
    return float(np.mean(clf.predict(test_x) != yt)), int(clf[-1].n_iter_[0])


def _k_sparse_codes(build, x, y, xt, yt, p, seed):
    """Train one k-sparse net as Makhzani & Frey (squared error summed over the pixels, SGD
    momentum 0.9, learning rate 0.01, batch 128), its kernels drawn from N(0, 0.01^2): Keras's
    Glorot init leaves more units that never win the top k. Logistic regression on the codes."""
    seed_all(seed)
    enc, model = build()
    rng = np.random.default_rng(seed)
    for kernel in (w for w in model.trainable_weights if len(w.shape) == 2):
        kernel.assign(rng.normal(0.0, 0.01, kernel.shape).astype("float32"))
    opt = keras.optimizers.SGD(0.01, momentum=0.9)
    history = train(model, x, x, p["epochs"], batch=128, loss=sum_squared_error, optimizer=opt)
    codes, codes_t = (sparse.csr_matrix(predict(enc, a)) for a in (x, xt))
    err, iters = _logreg(codes, y, codes_t, yt, p["lr_iter"])
    return {
        "LR test error %": err,
        "LR iterations": iters,
        "units firing on some test image %": float(np.mean(codes_t.getnnz(0) > 0)),
        "train squared error per image": history.history["loss"][-1],
    }


def k_sparse(s, seed):
    """The paper's tied net (bench/reference.py, with aekeras's KSparse) and
    create_k_sparse_ae, whose decoder is its own Dense layer: 1000 units, linear output, k from
    100 down to 25 over the first half of training, alpha * k = 75 units kept when encoding.
    Judged: the tied net. The untied factory runs beside it (long: seed 0 only)."""
    p = s.pick(
        quick=dict(n=500, n_test=300, epochs=1, lr_iter=50),
        full=dict(n=None, n_test=None, epochs=20, lr_iter=5000),
        long=dict(n=None, n_test=None, epochs=100, lr_iter=5000),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], seed)
    steps = p["epochs"] * int(np.ceil(len(x) / 128))
    schedule = dict(k=25, k_start=100, anneal_steps=steps // 2, alpha=3.0)
    nets = {"tied, as the paper": lambda: reference.k_sparse_tied(1000, **schedule)}
    if seed == 0 or not s.long:
        nets["create_k_sparse_ae, untied"] = lambda: ae.create_k_sparse_ae(
            encoding_dim=1000, output_activation="linear", **schedule
        )[::2]
    out = {}
    for name, build in nets.items():
        scores = _k_sparse_codes(build, x, y, xt, yt, p, seed)
        out.update({f"{name} | {key}": value for key, value in scores.items()})
    if seed == 0:
        raw_err, raw_iters = _logreg(flat(x), y, flat(xt), yt, p["lr_iter"])
        out["raw pixels | LR test error %"], out["raw pixels | LR iterations"] = raw_err, raw_iters
    return out
