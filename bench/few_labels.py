"""Few labels: 100 labelled MNIST images (10 per class) and 60,000 unlabelled ones.

An autoencoder (``create_deep_ae`` 784-512-128-16, linear code; or ``create_vae`` with
``--encoder vae``) learns codes from the unlabelled training images; the 100 labels only train
what sits on top. Every recipe sees the indices of the labelled images and their labels,
nothing else, and is scored on the test images beside the same classifier on raw pixels and the
same network trained from scratch:

- supervised on the 100 labelled codes: logistic regression, SVM, the naive frozen encoder +
  softmax head (Adam), and that head followed by fine-tuning;
- semi-supervised: label spreading over the codes of all training images, which then labels
  unseen test images (inductive), or over training and test codes together (transductive);
  PCA codes of the same size in the same label spreading are the linear control.

The two "judged" recipes were declared before the benchmark was first run. A run measures one
label draw per seed, with the autoencoder trained on that seed.

    python bench/few_labels.py                 # 3 seeds, full size
    python bench/few_labels.py --quick         # every recipe on a tiny subset
"""

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.semi_supervised import LabelSpreading  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

import aekeras as ae  # noqa: E402
from bench.common import Settings, mnist, predict  # noqa: E402

SPREADING = dict(kernel="knn", n_neighbors=10, alpha=0.99, max_iter=1000)
FINE_TUNE_LR = 1e-4


def settings(s):
    """The sizes of this mode (``s``: bench.common.Settings)."""
    return s.pick(
        quick=dict(
            n_train=600, n_test=200, kind="deep", code=4, hidden=(32,), epochs=1, head_epochs=3
        ),
        full=dict(
            n_train=None,
            n_test=None,
            kind="deep",
            code=16,
            hidden=(512, 128),
            epochs=15,
            head_epochs=150,
        ),
    )


def draw_labels(y, per_class=10, seed=0):
    """Indices of `per_class` random images of every class: the labelled set of one draw."""
    rng = np.random.default_rng(seed)
    return np.concatenate(
        [rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in np.unique(y)]
    )


def train_encoder(x, kind="deep", code=16, hidden=(512, 128), epochs=15, seed=0):
    """An autoencoder trained on unlabelled images x (Adam, BCE, batch 128); returns its
    encoder (for the VAE: z_mean)."""
    keras.utils.set_random_seed(seed)
    if kind == "deep":
        encoder, _, model = ae.create_deep_ae(
            hidden=hidden, encoding_dim=code, code_activation="linear"
        )
    elif kind == "vae":
        encoder, _, model = ae.create_vae(latent_dim=code, hidden=hidden, seed=seed)
        encoder = keras.Model(encoder.input, encoder.outputs[0], name="z_mean_encoder")
    else:
        raise ValueError(f"kind={kind!r}: must be 'deep' or 'vae'")
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, x, epochs=epochs, batch_size=128, verbose=0)
    return encoder


def label_spreading(codes, idx, labels, test_codes, transductive=False):
    """Spread the labels of codes[idx] over the kNN graph of the unlabelled codes (every other
    row gets -1). Inductive: the graph holds the training codes only, and each test code takes
    the label of its neighbours among them; transductive: the test codes join the graph as
    unlabelled points. Returns the predicted test labels."""
    y = np.full(len(codes), -1)
    y[idx] = labels
    model = LabelSpreading(**SPREADING)
    if not transductive:
        return model.fit(codes, y).predict(test_codes)
    model.fit(np.vstack([codes, test_codes]), np.concatenate([y, np.full(len(test_codes), -1)]))
    return model.transduction_[len(codes) :]


def _head(encoder, x, idx, labels, test_x, epochs, seed, pretrained=True, frozen=True, tune=0):
    """A softmax on a copy of ``encoder`` (create_classifier), Adam, batch 32: pretrained or
    fresh weights, frozen or not, then ``tune`` epochs of fine-tuning at FINE_TUNE_LR."""
    keras.utils.set_random_seed(seed)
    copy = keras.models.clone_model(encoder)  # same architecture, new random weights
    if pretrained:
        copy.set_weights(encoder.get_weights())
    model = ae.create_classifier(copy, n_classes=10, trainable_encoder=not frozen)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x[idx], labels, epochs=epochs, batch_size=32, verbose=0)
    if tune:
        copy.trainable = True
        model.compile(
            optimizer=keras.optimizers.Adam(FINE_TUNE_LR), loss="sparse_categorical_crossentropy"
        )
        model.fit(x[idx], labels, epochs=tune, batch_size=32, verbose=0)
    return np.argmax(predict(model, test_x), axis=1)


def recipes(encoder, x, test_x, p):
    """name -> predict(idx, labels, seed): every recipe on this encoder."""
    codes_raw = predict(encoder, x)
    scaler = StandardScaler().fit(codes_raw)  # statistics of the unlabelled codes
    codes, test_codes = scaler.transform(codes_raw), scaler.transform(predict(encoder, test_x))
    flat, test_flat = x.reshape(len(x), -1), test_x.reshape(len(test_x), -1)
    pca = PCA(p["code"], random_state=0).fit(flat)  # a linear code of the same size
    pca_codes, pca_test = pca.transform(flat), pca.transform(test_flat)
    epochs, ae_name = p["head_epochs"], {"deep": "deep AE", "vae": "VAE"}[p["kind"]]

    def sk(make, train_x, test):
        return lambda idx, labels, seed: make().fit(train_x[idx], labels).predict(test)

    def head(**kw):
        return lambda idx, labels, seed: _head(encoder, x, idx, labels, test_x, epochs, seed, **kw)

    def spread(train_codes, test, transductive=False):
        return lambda idx, labels, seed: label_spreading(
            train_codes, idx, labels, test, transductive
        )

    svm = lambda: SVC(C=10.0, gamma="scale")  # noqa: E731
    logreg = lambda: LogisticRegression(C=1.0, max_iter=3000)  # noqa: E731
    return {
        "raw pixels + SVM": sk(svm, flat, test_flat),
        "raw pixels + logistic regression": sk(logreg, flat, test_flat),
        "same net from scratch (Adam)": head(pretrained=False, frozen=False),
        f"naive: frozen {ae_name} encoder + softmax head": head(),
        "frozen head, then the whole net fine-tuned": head(tune=epochs),
        "judged: codes + SVM": sk(svm, codes, test_codes),
        "codes + logistic regression": sk(logreg, codes, test_codes),
        "judged: label spreading, unseen test images": spread(codes, test_codes),
        "label spreading, transductive": spread(codes, test_codes, transductive=True),
        f"control: PCA-{p['code']} codes + label spreading": spread(pca_codes, pca_test),
    }


def measure(p, x, y, test_x, test_y, seed):
    """Test accuracy of every recipe: the AE trained with ``seed``, label draw ``seed``."""
    encoder = train_encoder(x, p["kind"], p["code"], p["hidden"], p["epochs"], seed)
    idx = draw_labels(y, seed=seed)
    return {
        name: float(np.mean(predict_fn(idx, y[idx], seed) == test_y))
        for name, predict_fn in recipes(encoder, x, test_x, p).items()
    }


def main(argv=None):
    """Every recipe over the seeds; prints mean +- std per recipe and returns {name: [acc]}."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny subset and epochs (tests)")
    parser.add_argument("--encoder", choices=("deep", "vae"), default="deep", help="the AE")
    args = parser.parse_args(argv)
    s = Settings("quick" if args.quick else "full")
    p = dict(settings(s), kind=args.encoder)
    (x, y), (test_x, test_y) = mnist(p["n_train"], p["n_test"], 0)
    print(f"{len(x)} unlabelled images, 100 labels, {len(test_x)} test images, seeds {s.seeds}")
    start, acc = time.perf_counter(), {}
    for seed in s.seeds:
        for name, a in measure(p, x, y, test_x, test_y, seed).items():
            acc.setdefault(name, []).append(a)
    for name, a in acc.items():
        print(f"| {name} | {np.mean(a):.2%} +- {np.std(a):.2%} |")
    print(f"{time.perf_counter() - start:.0f} s")
    return acc


if __name__ == "__main__":
    main()
