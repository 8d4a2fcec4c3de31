"""Generalized autoencoder (Wang et al., 2014) and embedding with autoencoder regularization
(Yu et al., 2013), slide 002.

Generalized AE: x_i is reconstructed into its neighbours x_j, j in Omega_i, with weights s_ij:
    R = sum_i sum_{j in Omega_i} s_ij ||x_j - g(f(x_i))||^2.
The helpers return index pairs ``(i, j, s)``, and any factory's autoencoder trains with
``autoencoder.fit(x[i], x[j], sample_weight=s)``.
"""

import math

import keras
import numpy as np
from keras import layers
from sklearn.neighbors import NearestNeighbors

from aekeras.layers import EMBEDDING_LOSSES, EmbeddingLoss
from aekeras.models import _check_dim, _check_output_activation, _check_shape


def knn_pairs(x, k=5, t=None):
    """Pairs (i, j, s_ij) of the generalized AE for the k nearest neighbours (slide 002).

    Omega_i = x_i itself and its k - 1 nearest neighbours (Euclidean, on the flattened samples),
    s_ij = exp(-||x_i - x_j||^2 / t) (heat kernel; s_ii = 1). ``t=None`` uses the mean squared
    distance to the neighbours. With k=1, Omega_i = {i} and s_ii = 1: the plain autoencoder.
    Recompute the pairs on the codes (``knn_pairs(encoder.predict(x))``) to iterate (step 4).

    Returns int arrays i, j and float32 weights s, each of length n * k.

    Raises ValueError for: k outside 1..len(x), t <= 0.

    Example:
        i, j, s = knn_pairs(x_train, k=5)
        autoencoder.compile(optimizer="adam", loss="mse")
        autoencoder.fit(x_train[i], x_train[j], sample_weight=s, epochs=10)
    """
    flat = np.asarray(x, dtype="float32").reshape(len(x), -1)
    n = len(flat)
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise ValueError(f"k={k!r}: must be an integer in 1..len(x)={n}")
    if t is not None and not t > 0:
        raise ValueError(f"t={t!r}: must be > 0 (or None for the mean squared distance)")
    self_idx = np.arange(n)
    if k == 1:
        return self_idx, self_idx.copy(), np.ones(n, dtype="float32")
    # kneighbors() without X leaves each point out of its own neighbours; x_i is added back below
    dist, idx = NearestNeighbors(n_neighbors=k - 1).fit(flat).kneighbors()
    d2 = dist**2
    if t is None:
        t = float(d2.mean()) or 1.0
    i = np.concatenate([self_idx[:, None], np.repeat(self_idx[:, None], k - 1, axis=1)], axis=1)
    j = np.concatenate([self_idx[:, None], idx], axis=1)
    s = np.concatenate([np.ones((n, 1)), np.exp(-d2 / t)], axis=1)
    return i.ravel(), j.ravel(), s.ravel().astype("float32")


def class_pairs(y):
    """Pairs (i, j, s_ij) of the class-based generalized AE (slide 002).

    Omega_i = every sample of x_i's class c (itself included), s_ij = 1 / n_c, n_c the class size.
    The number of pairs is sum_c n_c^2: use it on a subset (e.g. 100 samples per class).

    Raises ValueError for: y not a 1-D array of labels.

    Example:
        i, j, s = class_pairs(y_train)
        autoencoder.compile(optimizer="adam", loss="mse")
        autoencoder.fit(x_train[i], x_train[j], sample_weight=s, epochs=10)
    """
    y = np.asarray(y)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"y with shape {y.shape}: must be a non-empty 1-D array of labels")
    i_all, j_all, s_all = [], [], []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        ii, jj = np.meshgrid(members, members, indexing="ij")
        i_all.append(ii.ravel())
        j_all.append(jj.ravel())
        s_all.append(np.full(ii.size, 1.0 / len(members), dtype="float32"))
    return np.concatenate(i_all), np.concatenate(j_all), np.concatenate(s_all)


def create_embedding_ae(
    input_shape=(28, 28, 1),
    encoding_dim=2,
    loss="le",
    weight=1.0,
    margin=1.0,
    activation="sigmoid",
    output_activation="sigmoid",
):
    """Embedding with autoencoder regularization (slide 002; Yu et al., 2013).

    The usual encoder/decoder/autoencoder, plus a fourth model ``pair_model`` for training:
    it takes [x_i, x_j, phi_ij], reconstructs both and adds
    ``weight * mean L(h_i, h_j, phi_ij)`` on their codes (layer ``EmbeddingLoss``), with L one of
        "le":     ||h_i - h_j||^2 phi_ij               (phi_ij: similarity, e.g. heat kernel)
        "mds":    (||h_i - h_j|| - phi_ij)^2            (phi_ij: distance to keep)
        "margin": ||h_i - h_j||^2 if phi_ij = 1 else max(0, margin - ||h_i - h_j||^2)
    (``aekeras.layers.pairwise_embedding_loss`` computes them.) All four share weights.

    Raises ValueError for: unknown loss, weight < 0, margin <= 0, encoding_dim < 1.

    Example:
        encoder, decoder, autoencoder, pair_model = create_embedding_ae(loss="margin")
        pair_model.compile(optimizer="adam", loss="binary_crossentropy")
        pair_model.fit([x[i], x[j], phi], [x[i], x[j]], epochs=10); codes = encoder.predict(x)
    """
    input_shape = _check_shape(input_shape)
    _check_dim("encoding_dim", encoding_dim)
    _check_output_activation(output_activation)
    if loss not in EMBEDDING_LOSSES:
        raise ValueError(f"loss={loss!r}: must be one of {EMBEDDING_LOSSES}")
    if not weight >= 0:
        raise ValueError(f"weight={weight!r}: must be >= 0")
    if not margin > 0:
        raise ValueError(f"margin={margin!r}: must be > 0")

    inp = keras.Input(shape=input_shape)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(layers.Flatten()(inp))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")

    x_i = keras.Input(shape=input_shape, name="x_i")
    x_j = keras.Input(shape=input_shape, name="x_j")
    phi = keras.Input(shape=(), name="phi")
    h_i, h_j = encoder(x_i), encoder(x_j)
    h_i = EmbeddingLoss(loss, weight=weight, margin=margin, name="embedding_loss")([h_i, h_j, phi])
    pair_model = keras.Model([x_i, x_j, phi], [decoder(h_i), decoder(h_j)], name="pair_model")
    return encoder, decoder, autoencoder, pair_model
