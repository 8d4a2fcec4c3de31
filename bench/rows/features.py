"""Codes as features: stacked pretraining + fine-tuning, 100 labels, one-class anomaly detection."""

import keras
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.svm import OneClassSVM

import aekeras as ae
from bench import few_labels as recipes
from bench.common import accuracy, cosine, flat, mnist, pca_reconstruct, predict, seed_all, train

SCCE = "sparse_categorical_crossentropy"


def stacked(s, seed):
    """Greedy sigmoid 200-200 pretraining (pretrain_stack), a softmax on the frozen codes, then
    the whole net fine-tuned (UFLDL's stacked autoencoder exercise)."""
    p = s.pick(
        quick=dict(n=1000, n_test=500, pre=1, head=1, tune=1),
        full=dict(n=None, n_test=None, pre=5, head=5, tune=20),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], seed)
    seed_all(seed)
    layers = ae.pretrain_stack(
        x, hidden=(200, 200), activation="sigmoid", epochs=p["pre"], batch_size=256
    )
    encoder = ae.create_stacked_ae(*layers)[0]
    clf = ae.create_classifier(encoder, n_classes=10, trainable_encoder=False)
    train(clf, x, y, p["head"], batch=128, loss=SCCE)
    before = accuracy(clf, xt, yt)
    encoder.trainable = True
    opt = keras.optimizers.Adam(cosine(1e-3, p["tune"], len(x), 128))
    train(clf, x, y, p["tune"], batch=128, loss=SCCE, optimizer=opt)
    return {
        "frozen codes + softmax | test accuracy %": before,
        "after fine-tuning | test accuracy %": accuracy(clf, xt, yt),
    }


def few_labels(s, seed):
    """100 labels (10 per class, drawn with ``seed``) and an AE trained on the unlabelled
    training images with ``seed``: every recipe of bench/few_labels.py on the test images."""
    p = recipes.settings(s)
    (x, y), (xt, yt) = mnist(p["n_train"], p["n_test"], 0)
    return {f"{k} | test accuracy %": a for k, a in recipes.measure(p, x, y, xt, yt, seed).items()}


def anomaly(s, seed):
    """One-class detection: for each digit, an AE trained on that digit's training images scores
    the test images by reconstruction error; ROC AUC with the other digits as anomalies. PCA-49,
    IsolationForest and OneClassSVM on the same images (the same for every seed)."""
    p = s.pick(
        quick=dict(n=1000, n_test=300, epochs=1, digits=(0, 1), n_svm=100),
        full=dict(n=None, n_test=None, epochs=20, digits=tuple(range(10)), n_svm=2000),
    )
    (x, y), (xt, yt) = mnist(p["n"], p["n_test"], 0)
    out = {}
    for d in p["digits"]:
        normal, anomalous = x[y == d], yt != d
        seed_all(seed)
        model = ae.create_dense_ae(encoding_dim=49)[2]
        train(model, normal, normal, p["epochs"])
        scores = {
            "AE": ae.reconstruction_error(xt, predict(model, xt)),
            "PCA-49": ae.reconstruction_error(
                xt, pca_reconstruct(PCA(49, random_state=0).fit(flat(normal)), xt)
            ),
            "IsolationForest": -IsolationForest(random_state=0)
            .fit(flat(normal))
            .score_samples(flat(xt)),
            "OneClassSVM": -OneClassSVM(gamma="scale", nu=0.1)
            .fit(flat(normal[: p["n_svm"]]))
            .decision_function(flat(xt)),
        }
        for name, score in scores.items():
            out[f"digit {d} | {name}"] = roc_auc_score(anomalous, score)
    return out
