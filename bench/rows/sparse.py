"""Sparse codes: the KL-sparse AE's unit activations, the k-sparse AE's codes as features."""

import keras
import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import aekeras as ae
from bench.common import cosine, flat, mnist, predict, seed_all, sum_squared_error, train


def _half_sse(y_true, y_pred):
    """UFLDL's reconstruction term: half the squared error summed over the pixels."""
    return 0.5 * sum_squared_error(y_true, y_pred)


def kl_sparse(s, seed):
    """create_sparse_ae(penalty="kl", rho=0.05): each unit's mean activation on the test images,
    on UFLDL's objective: half the summed squared error + weight * sum_j KL(rho || rho_hat_j).
    Judged: UFLDL's weight 3; seed 0 also trains with weight 10."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, epochs=1, weight=3.0),
        full=dict(n=None, n_test=None, epochs=60, weight=3.0),
    )
    (x, _), (xt, _) = mnist(p["n"], p["n_test"], seed)
    out = {}
    for weight in (p["weight"], 10.0) if seed == 0 else (p["weight"],):
        seed_all(seed)
        enc, _, model = ae.create_sparse_ae(encoding_dim=64, penalty="kl", rho=0.05, weight=weight)
        opt = keras.optimizers.Adam(cosine(3e-3, p["epochs"], len(x), 256))
        train(model, x, x, p["epochs"], loss=_half_sse, optimizer=opt)
        rho_hat = predict(enc, xt).mean(axis=0)
        what = "rho_hat_j" if weight == p["weight"] else f"rho_hat_j, weight {weight:g}"
        out.update(
            {
                f"{what} | min": float(rho_hat.min()),
                f"{what} | median": float(np.median(rho_hat)),
                f"{what} | max": float(rho_hat.max()),
                f"{what} | within 20% %": float(np.mean(np.abs(rho_hat - 0.05) <= 0.01 + 1e-12)),
            }
        )
    return out


def _logreg(train_x, y, test_x, yt, max_iter):
    """Test error and iterations of a multinomial logistic regression on standardized features
    (sparse codes stay sparse: scaled, not centred), fitted by L-BFGS."""
    clf = make_pipeline(
        StandardScaler(with_mean=not sparse.issparse(train_x)),
        LogisticRegression(max_iter=max_iter, tol=1e-4),
    )
    clf.fit(train_x, y)
    return float(np.mean(clf.predict(test_x) != yt)), int(clf[-1].n_iter_[0])


def k_sparse(s, seed):
    """Makhzani & Frey's recipe with create_k_sparse_ae (1000 units, linear output, squared
    error summed over pixels, SGD momentum 0.9, learning rate 0.01, batch 128, k from 100 down
    to 25 over the first half of training, alpha * k = 75 units kept when encoding; the
    factory's decoder is not tied to the encoder). Logistic regression on the codes."""
    p = s.pick(
        quick=dict(n=500, n_test=300, epochs=1, lr_iter=50),
        full=dict(n=None, n_test=None, epochs=20, lr_iter=5000),
        long=dict(n=None, n_test=None, epochs=100, lr_iter=5000),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], seed)
    steps = p["epochs"] * int(np.ceil(len(x) / 128))
    seed_all(seed)
    enc, _, model = ae.create_k_sparse_ae(
        encoding_dim=1000,
        output_activation="linear",
        k=25,
        k_start=100,
        anneal_steps=steps // 2,
        alpha=3.0,
    )
    opt = keras.optimizers.SGD(0.01, momentum=0.9)
    history = train(model, x, x, p["epochs"], batch=128, loss=sum_squared_error, optimizer=opt)
    codes, codes_t = (sparse.csr_matrix(predict(enc, a)) for a in (x, xt))
    err, iters = _logreg(codes, y, codes_t, yt, p["lr_iter"])
    out = {
        "k-sparse codes | LR test error %": err,
        "k-sparse codes | LR iterations": iters,
        "k-sparse codes | units firing on some test image %": float(np.mean(codes_t.getnnz(0) > 0)),
        "k-sparse codes | train squared error per image": history.history["loss"][-1],
    }
    if seed == 0:
        raw_err, raw_iters = _logreg(flat(x), y, flat(xt), yt, p["lr_iter"])
        out["raw pixels | LR test error %"], out["raw pixels | LR iterations"] = raw_err, raw_iters
    return out
