"""A fair judge of generated digits: a small convolutional MNIST classifier and three measures.

Pixel distance to the nearest training digit rewards blur (a grey average is close to many
digits) and the digit 1 (few ink pixels). A classifier trained on real digits judges what a
reader sees instead:

- ``confident``: the share of images it recognises with probability above 0.9;
- ``top_share`` and ``entropy``: class coverage, the share of the most frequent digit and the
  entropy of the predicted classes in bits (log2(10) = 3.32 when all ten are equally frequent);
- ``frechet``: the Fréchet distance between the classifier's penultimate-layer features of real
  test digits and of the generated ones, the idea of FID (Heusel et al., 2017) on MNIST; 0 for
  identical sets, larger for blurred images or a collapse onto a few classes.

The classifier trains in well under a minute on 2 CPU cores and is cached, so a notebook pays
for it once.
"""

import os
import weakref
from pathlib import Path

import keras
import numpy as np
from keras import layers
from scipy import linalg

RECIPE = "v1"  # part of the cache's file name: change it when the classifier changes
_EXTRACTORS = weakref.WeakKeyDictionary()  # classifier -> its feature model, built once


def build_digit_classifier(input_shape=(28, 28, 1), n_classes=10):
    """Two stride-2 convolutions, 64 linear features ("features"), a relu and a softmax."""
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(16, 3, strides=2, activation="relu", padding="same")(inputs)
    x = layers.Conv2D(32, 3, strides=2, activation="relu", padding="same")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(64, name="features")(x)  # linear: no dead units in the features' covariance
    x = layers.Activation("relu")(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="digit_classifier")


def _cache_dir():
    if os.environ.get("AEKERAS_CACHE"):
        return Path(os.environ["AEKERAS_CACHE"])
    repo = Path(__file__).resolve().parent.parent
    if (repo / "data").is_dir() and os.access(repo, os.W_OK):
        return repo / "build"  # a checkout of the course: next to the rendered pages
    return Path.home() / ".cache" / "aekeras"


def digit_classifier(x_train=None, y_train=None, epochs=2, seed=0, cache=True):
    """The judge's classifier, trained on the MNIST training split (or the images given).

    Args:
        x_train, y_train: training images in [0, 1] (n, 28, 28, 1) and labels; None loads MNIST.
        epochs: training epochs (2 reach about 98% test accuracy).
        seed: seed of the weights and of the order of the images.
        cache: keep the trained model on disk (``build/`` of a checkout, else
            ``~/.cache/aekeras``, or ``$AEKERAS_CACHE``) and load it next time; only the
            default training (MNIST, default epochs and seed) is cached.

    Returns:
        A compiled ``keras.Model`` with a softmax output and a layer named "features".

    Example:
        >>> classifier = digit_classifier()
        >>> judge_digits(classifier, decoder.predict(z), real=x_test)
    """
    default = x_train is None and epochs == 2 and seed == 0
    path = _cache_dir() / f"digit_classifier-{RECIPE}.keras"
    if cache and default and path.is_file():
        return keras.models.load_model(path)
    if x_train is None:
        from aekeras.data import load_mnist

        (x_train, y_train), _ = load_mnist()
    keras.utils.set_random_seed(seed)
    classifier = build_digit_classifier(input_shape=x_train.shape[1:])
    classifier.compile(
        optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    classifier.fit(x_train, y_train, epochs=epochs, batch_size=128, verbose=0)
    if cache and default:
        path.parent.mkdir(parents=True, exist_ok=True)
        classifier.save(path)
    return classifier


def classifier_features(classifier, images):
    """The classifier's penultimate-layer features ("features") of each image, (n, 64)."""
    if classifier not in _EXTRACTORS:  # one model per classifier: predict traces it once
        layer = classifier.get_layer("features")
        _EXTRACTORS[classifier] = keras.Model(classifier.inputs, layer.output)
    return _EXTRACTORS[classifier].predict(np.asarray(images, "float32"), verbose=0, batch_size=512)


def frechet_distance(features_a, features_b):
    """||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2)) of two sets of feature vectors.

    The distance between two Gaussians fitted to the sets (means mu, covariances S).

    Raises:
        ValueError: if a set has fewer than 2 vectors or the two differ in dimension.

    Example:
        >>> real = classifier_features(classifier, x_test)
        >>> frechet_distance(real, classifier_features(classifier, generated))
    """
    a, b = np.asarray(features_a, "float64"), np.asarray(features_b, "float64")
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1] or min(len(a), len(b)) < 2:
        raise ValueError(
            f"features_a {a.shape} and features_b {b.shape}: must be (n, d) sets of one d, n >= 2"
        )
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = linalg.sqrtm(cov_a @ cov_b)
    root = root.real  # rounding leaves tiny imaginary parts
    value = np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a + cov_b - 2.0 * root)
    return float(max(value, 0.0))


def judge_digits(classifier, images, real=None, threshold=0.9):
    """The judge's measures of a set of images (generated or interpolated digits).

    Args:
        classifier: from ``digit_classifier``.
        images: images in [0, 1], (n, 28, 28, 1) or (n, 784).
        real: real digits to compare the features with (e.g. the test split); None skips
            the Fréchet distance.
        threshold: a digit counts as recognised when its largest probability exceeds this.

    Returns:
        A dict: ``confident`` (share recognised), ``top_share`` (share of the most frequent
        predicted digit), ``entropy`` (bits), ``counts`` (images per predicted digit),
        ``frechet`` (only with ``real``).

    Example:
        >>> judge_digits(classifier, decoder.predict(np.random.normal(size=(1000, 2))), x_test)
    """
    shape = classifier.input_shape[1:]
    images = np.asarray(images, "float32").reshape((-1, *shape))
    probabilities = classifier.predict(images, verbose=0, batch_size=512)
    counts = np.bincount(probabilities.argmax(axis=1), minlength=probabilities.shape[1])
    shares = counts / counts.sum()
    nonzero = shares[shares > 0]
    result = {
        "confident": float(np.mean(probabilities.max(axis=1) > threshold)),
        "top_share": float(shares.max()),
        "entropy": float(-np.sum(nonzero * np.log2(nonzero))),
        "counts": counts.tolist(),
    }
    if real is not None:
        real = np.asarray(real, "float32").reshape((-1, *shape))
        result["frechet"] = frechet_distance(
            classifier_features(classifier, real), classifier_features(classifier, images)
        )
    return result
