"""Few labels: 100 labelled MNIST images (10 per class) and 60,000 unlabelled ones.

An autoencoder learns codes from the unlabelled training images (no labels are used): by default
``create_deep_ae`` 784-512-128-16 with a linear code, or ``create_vae`` (``--encoder vae``). The
100 labels only train the classifier on top. Every recipe is measured over several fresh draws
of the 100 labels, on the test images, side by side with the same classifier on raw pixels and
with the same network trained from scratch:

- supervised on the 100 labelled codes: logistic regression, kNN, SVM (RBF), the naive frozen
  encoder + softmax head (Adam), and the same head followed by fine-tuning;
- semi-supervised: label spreading over the codes of all training images, which then labels
  unseen test images (inductive), or over the training and test codes together (transductive);
  PCA codes of the same size in the same label spreading are the linear control.

The second table measures why the naive head falls short (``diagnose_head``).

    python bench/few_labels.py            # full mode: a few minutes on 2 CPU cores
    python bench/few_labels.py --quick    # every code path on a tiny subset, under a minute
"""

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.semi_supervised import LabelSpreading  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

import aekeras as ae  # noqa: E402

FULL = dict(
    n_train=None, n_test=None, kind="deep", code=16, hidden=(512, 128), epochs=15,
    head_epochs=150, draws=5,
)  # fmt: skip
QUICK = dict(
    n_train=600, n_test=200, kind="deep", code=4, hidden=(32,), epochs=1, head_epochs=3, draws=2
)
VAE = dict(kind="vae", code=16, hidden=(512,), epochs=20)  # --encoder vae: the VAE instead
PER_CLASS = 10
SPREADING = dict(kernel="knn", n_neighbors=10, alpha=0.99, max_iter=100)
FINE_TUNE_LR = 1e-4


def draw_labels(y, per_class=PER_CLASS, seed=0):
    """Indices of `per_class` random images of every class: the labelled set of one draw."""
    rng = np.random.default_rng(seed)
    return np.concatenate(
        [rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in np.unique(y)]
    )


def train_encoder(x, kind="deep", code=16, hidden=(512, 128), epochs=15, seed=0):
    """Train an autoencoder on unlabelled images x (no labels); returns its encoder.

    kind="deep": ``create_deep_ae`` with relu hidden layers and a linear code of size `code`;
    kind="vae": ``create_vae`` with latent size `code`, whose encoder gives z_mean as the code.
    Adam, binary cross-entropy, batch 128.
    """
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


def encode(encoder, x):
    """Codes of images x (numpy)."""
    return encoder.predict(x, batch_size=1024, verbose=0)


CLASSIFIERS = {
    "logistic regression": lambda: LogisticRegression(C=1.0, max_iter=3000),
    "kNN (k=1)": lambda: KNeighborsClassifier(1),
    "SVM (RBF)": lambda: SVC(C=10.0, gamma="scale"),
}


def sklearn_recipe(make_classifier, features, test_features):
    """A recipe that fits a scikit-learn classifier on the labelled rows of `features`."""

    def predict(idx, labels, seed):
        return make_classifier().fit(features[idx], labels).predict(test_features)

    return predict


def label_spreading(codes, idx, labels, test_codes, transductive=False):
    """Spread the labels of codes[idx] over the kNN graph of the unlabelled codes.

    Only the given labels are used: every other row gets -1 (unlabelled). Inductive
    (transductive=False): the graph holds the training codes only, and each test code takes the
    label of its neighbours among them. Transductive: the test codes join the graph as unlabelled
    points. Returns the predicted test labels.
    """
    y = np.full(len(codes), -1)
    y[idx] = labels
    model = LabelSpreading(**SPREADING)
    if not transductive:
        return model.fit(codes, y).predict(test_codes)
    model.fit(np.vstack([codes, test_codes]), np.concatenate([y, np.full(len(test_codes), -1)]))
    return model.transduction_[len(codes) :]


def spreading_recipe(codes, test_codes, transductive):
    """Label spreading as a recipe (see ``label_spreading``)."""

    def predict(idx, labels, seed):
        return label_spreading(codes, idx, labels, test_codes, transductive)

    return predict


def train_head(encoder, x, labels, epochs, frozen=True, fine_tune_epochs=0, seed=0):
    """Softmax head on `encoder` (``create_classifier``), Adam, batch 32; returns the model.

    frozen=True trains the head only; fine_tune_epochs > 0 then unfreezes the encoder and trains
    everything at the low learning rate FINE_TUNE_LR.
    """
    keras.utils.set_random_seed(seed)
    model = ae.create_classifier(encoder, n_classes=10, trainable_encoder=not frozen)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, labels, epochs=epochs, batch_size=32, verbose=0)
    if fine_tune_epochs:
        encoder.trainable = True
        model.compile(
            optimizer=keras.optimizers.Adam(FINE_TUNE_LR), loss="sparse_categorical_crossentropy"
        )
        model.fit(x, labels, epochs=fine_tune_epochs, batch_size=32, verbose=0)
    return model


def keras_recipe(encoder, x, test_x, epochs, pretrained=True, frozen=True, fine_tune_epochs=0):
    """A softmax net on a copy of `encoder`: pretrained weights or fresh ones (from scratch)."""

    def predict(idx, labels, seed):
        keras.utils.set_random_seed(seed)
        copy = keras.models.clone_model(encoder)  # same architecture, new random weights
        if pretrained:
            copy.set_weights(encoder.get_weights())
        model = train_head(copy, x[idx], labels, epochs, frozen, fine_tune_epochs, seed)
        return np.argmax(model.predict(test_x, batch_size=1024, verbose=0), axis=1)

    return predict


def evaluate(predict, y, test_y, draws):
    """Test accuracy of one recipe over label draws 0..draws-1; returns (accuracies, seconds).

    The recipe gets the indices of the labelled images and their labels, nothing else.
    """
    accuracies, seconds = [], []
    for seed in range(draws):
        idx = draw_labels(y, seed=seed)
        start = time.perf_counter()
        pred = predict(idx, y[idx], seed)
        seconds.append(time.perf_counter() - start)
        accuracies.append(float(np.mean(pred == test_y)))
    return accuracies, float(np.mean(seconds))


def diagnose_head(encoder, x, y, codes, test_x, test_y, epochs, seed=0):
    """Why the naive frozen encoder + softmax head falls short, measured on label draw `seed`.

    Returns (quantity, value) rows: the head's train loss and accuracy and its test accuracy
    after epochs/3, epochs and 4 * epochs (100 images at batch 32 are only 4 Adam steps per
    epoch); its largest weight against that of the same softmax model fitted to convergence by
    scikit-learn; what a linear model reaches on these codes with ALL training labels; and how
    often a code's 10 nearest unlabelled neighbours share its class (the structure that label
    spreading uses). The last two use the training labels for diagnosis only, never in a recipe.
    """
    idx = draw_labels(y, seed=seed)
    steps = -(-len(idx) // 32)  # Adam steps per epoch
    keras.utils.set_random_seed(seed)
    copy = keras.models.clone_model(encoder)
    copy.set_weights(encoder.get_weights())
    model = train_head(copy, x[idx], y[idx], epochs=max(epochs // 3, 1), seed=seed)
    rows, done = [], max(epochs // 3, 1)
    for stop in (done, epochs, 4 * epochs):
        model.fit(x[idx], y[idx], epochs=stop - done, batch_size=32, verbose=0)
        done = stop
        loss, train_acc = model.evaluate(x[idx], y[idx], verbose=0)
        test_acc = model.evaluate(test_x, test_y, batch_size=1024, verbose=0)[1]
        rows.append(
            (
                f"head, {stop} epochs ({steps * stop} steps): train loss, train / test accuracy",
                f"{loss:.3f}, {train_acc:.3f} / {test_acc:.3f}",
            )
        )
    head_w = np.abs(model.get_layer("class_probabilities").get_weights()[0]).max()
    converged = LogisticRegression(C=1.0, max_iter=3000).fit(codes[idx], y[idx])
    rows.append(
        (
            "largest |weight|: head after 4x epochs / same softmax fitted to convergence (C=1)",
            f"{head_w:.2f} / {np.abs(converged.coef_).max():.2f}",
        )
    )
    rows.append(
        (
            "test accuracy of the same softmax fitted to convergence on the 100 codes",
            f"{converged.score(encode(encoder, test_x), test_y):.3f}",
        )
    )
    std = codes.std(axis=0)
    rows.append(
        (
            "code std per unit: min / median / max",
            f"{std.min():.2f} / {np.median(std):.2f} / {std.max():.2f}",
        )
    )
    ceiling = LogisticRegression(C=1.0, max_iter=3000).fit(codes, y)
    rows.append(
        (
            f"logistic regression on the codes with ALL {len(y)} training labels: test accuracy",
            f"{ceiling.score(encode(encoder, test_x), test_y):.3f}",
        )
    )
    some = np.random.default_rng(seed).choice(len(codes), min(5000, len(codes)), replace=False)
    neighbours = NearestNeighbors(n_neighbors=11).fit(codes).kneighbors(codes[some])[1][:, 1:]
    rows.append(
        (
            "share of a code's 10 nearest training codes with its class",
            f"{np.mean(y[neighbours] == y[some, None]):.3f}",
        )
    )
    return rows


def run(p, x, y, test_x, test_y):
    """All recipes with settings p (FULL or QUICK); prints and returns the table rows."""
    start = time.perf_counter()
    encoder = train_encoder(x, p["kind"], p["code"], p["hidden"], p["epochs"])
    ae_name = {"deep": "deep AE", "vae": "VAE"}[p["kind"]]
    rows = [
        (f"{ae_name} training on the unlabelled images (once)", None, time.perf_counter() - start)
    ]
    print(format_row(rows[0]), flush=True)
    raw_codes = encode(encoder, x)
    scaler = StandardScaler().fit(raw_codes)  # statistics of the unlabelled codes
    codes, test_codes = scaler.transform(raw_codes), scaler.transform(encode(encoder, test_x))
    flat, test_flat = x.reshape(len(x), -1), test_x.reshape(len(test_x), -1)
    epochs = p["head_epochs"]
    net = f"784-{'-'.join(map(str, p['hidden']))}-{p['code']}-10"
    recipes = {}
    for name, make in CLASSIFIERS.items():
        recipes[f"raw pixels + {name}"] = sklearn_recipe(make, flat, test_flat)
    recipes[f"same net {net} from scratch (Adam)"] = keras_recipe(
        encoder, x, test_x, epochs, pretrained=False, frozen=False
    )
    recipes[f"naive: frozen {ae_name} encoder + softmax head (Adam)"] = keras_recipe(
        encoder, x, test_x, epochs
    )
    recipes["frozen head, then the whole net fine-tuned"] = keras_recipe(
        encoder, x, test_x, epochs, fine_tune_epochs=epochs
    )
    for name, make in CLASSIFIERS.items():
        recipes[f"{ae_name} codes + {name}"] = sklearn_recipe(make, codes, test_codes)
    recipes["label spreading on training codes, predicts unseen test images"] = spreading_recipe(
        codes, test_codes, transductive=False
    )
    recipes["label spreading on training + test codes (transductive)"] = spreading_recipe(
        codes, test_codes, transductive=True
    )
    pca = PCA(p["code"], random_state=0).fit(flat)  # a linear code of the same size
    recipes[f"control: PCA-{p['code']} codes + label spreading, unseen test images"] = (
        spreading_recipe(pca.transform(flat), pca.transform(test_flat), transductive=False)
    )
    for name, predict in recipes.items():
        accuracies, seconds = evaluate(predict, y, test_y, p["draws"])
        rows.append((name, accuracies, seconds))
        print(format_row(rows[-1]), flush=True)
    return rows, diagnose_head(encoder, x, y, raw_codes, test_x, test_y, epochs)


def format_row(row):
    """One table line: recipe, mean ± std accuracy, seconds."""
    name, accuracies, seconds = row
    acc = "-" if accuracies is None else f"{np.mean(accuracies):.2%} ± {np.std(accuracies):.2%}"
    return f"| {name} | {acc} | {seconds:.1f} |"


def main(argv=None):
    """Run the recipes (full or --quick) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny subset and epochs (tests)")
    parser.add_argument("--encoder", choices=("deep", "vae"), default="deep", help="the AE")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=ConvergenceWarning)  # label spreading's max_iter
    p = dict(QUICK if args.quick else FULL)
    if args.encoder == "vae":
        p.update(VAE if not args.quick else {"kind": "vae"})
    (x, y), (test_x, test_y) = ae.load_mnist(
        shape="image", n_train=p["n_train"], n_test=p["n_test"], seed=0
    )
    print(
        f"{len(x)} unlabelled training images, {PER_CLASS} labels per class, "
        f"{len(test_x)} test images, {p['draws']} label draws"
    )
    print(f"settings: {p}")
    print("| recipe | test accuracy, mean ± std | seconds per draw |\n|---|---|---|")
    rows, diagnosis = run(p, x, y, test_x, test_y)
    print("\nWhy the naive head falls short (label draw 0):")
    for quantity, value in diagnosis:
        print(f"  {quantity}: {value}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    return rows, diagnosis


if __name__ == "__main__":
    main()
