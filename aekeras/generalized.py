"""Generalized autoencoder (Wang et al., 2014) and embedding with autoencoder regularization
(Yu et al., 2013), both from Уткин, «Глубокое обучение: автокодеры».

Generalized AE: x_i is reconstructed into its neighbours x_j, j in Omega_i, with weights s_ij:
    R = sum_i sum_{j in Omega_i} s_ij L(x_j, g(f(x_i))),
L a reconstruction loss (squared error in the paper; binary cross-entropy suits pixels in [0, 1]).
The helpers return index pairs ``(i, j, s)``, and any factory's autoencoder trains with
``autoencoder.fit(x[i], x[j], sample_weight=s)``: no new model is needed.

Embedding with AE regularization: an autoencoder whose codes h_i, h_j of a pair also pay an
embedding loss L(h_i, h_j, phi_ij) (``pairwise_embedding_loss``); ``create_pair_model`` builds
the model that trains it on pairs.

Needs keras, numpy and scikit-learn: copy this file next to your notebook and write
``from generalized import ...``.
"""

import math

import keras
import numpy as np
from keras import layers, ops
from sklearn.neighbors import NearestNeighbors

register = keras.saving.register_keras_serializable(package="aekeras")
ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear", "elu", "selu", "gelu", "softplus", "swish")
OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "relu")
EMBEDDING_LOSSES = ("le", "mds", "margin")


def knn_pairs(x, k=5, t=None):
    """Pairs (i, j, s_ij) of the generalized AE for the k nearest neighbours.

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
    """Pairs (i, j, s_ij) of the class-based generalized AE.

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


def pairwise_embedding_loss(h_i, h_j, phi, kind="le", margin=1.0):
    """Per-pair embedding loss L(h_i, h_j, phi_ij) of Yu et al. (2013).

    "le":     ||h_i - h_j||^2 phi_ij                       (Laplacian eigenmaps; phi: similarity)
    "mds":    (||h_i - h_j|| - phi_ij)^2                   (multidimensional scaling; phi: distance)
    "margin": ||h_i - h_j||^2 if phi_ij = 1, max(0, margin - ||h_i - h_j||^2) if phi_ij = 0

    Raises:
        ValueError: if kind is unknown.

    Example:
        >>> pairwise_embedding_loss(h_i, h_j, phi, kind="margin", margin=1.0)  # one per pair
    """
    if kind not in EMBEDDING_LOSSES:
        raise ValueError(f"kind={kind!r}: must be one of {EMBEDDING_LOSSES}")
    phi = ops.reshape(ops.cast(phi, h_i.dtype), (-1,))
    d2 = ops.sum(ops.square(h_i - h_j), axis=-1)
    if kind == "le":
        return d2 * phi
    if kind == "mds":
        return ops.square(ops.sqrt(d2 + 1e-12) - phi)
    return phi * d2 + (1.0 - phi) * ops.relu(margin - d2)


@register
class EmbeddingLoss(layers.Layer):
    """Takes ``[h_i, h_j, phi_ij]``, adds ``weight * mean pairwise_embedding_loss`` to the loss
    and returns h_i. Reports the added term as "embedding" in the ``fit`` log.

    Args:
        kind: "le", "mds" or "margin" (see ``pairwise_embedding_loss``).
        weight: weight of the term, >= 0.
        margin: margin of kind="margin", > 0.

    Raises:
        ValueError: if kind is unknown, weight < 0 or margin <= 0.

    Example:
        >>> h_i = EmbeddingLoss("margin", weight=1.0)([h_i, h_j, phi])
    """

    def __init__(self, kind="le", weight=1.0, margin=1.0, **kwargs):
        super().__init__(**kwargs)
        if kind not in EMBEDDING_LOSSES:
            raise ValueError(f"kind={kind!r}: must be one of {EMBEDDING_LOSSES}")
        if not weight >= 0:
            raise ValueError(f"weight={weight!r}: must be >= 0")
        if not margin > 0:
            raise ValueError(f"margin={margin!r}: must be > 0")
        self.kind, self.weight, self.margin = kind, float(weight), float(margin)
        # the fit log shows the term; JAX cannot update a metric inside call (keras#21639)
        self.tracker = (
            None if keras.backend.backend() == "jax" else keras.metrics.Mean(name="embedding")
        )

    def call(self, inputs):
        h_i, h_j, phi = inputs
        penalty = self.weight * ops.mean(
            pairwise_embedding_loss(h_i, h_j, phi, self.kind, self.margin)
        )
        self.add_loss(penalty)
        if self.tracker is not None:
            self.tracker.update_state(penalty)
        return h_i

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {
            **super().get_config(),
            "kind": self.kind,
            "weight": self.weight,
            "margin": self.margin,
        }


def create_embedding_ae(
    input_shape=(28, 28, 1), encoding_dim=2, activation="sigmoid", output_activation="sigmoid"
):
    """The autoencoder of an embedding with autoencoder regularization (Yu et al., 2013).

    A one-layer autoencoder like ``create_dense_ae`` with a small code ("code"), sigmoid by
    default so that code distances are bounded. Train it on pairs with ``create_pair_model``,
    which adds the embedding loss on the codes of both members of a pair.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the code (the embedding).
        activation: activation of the code layer, one of ``ACTIVATIONS``.
        output_activation: activation of the output layer, one of ``OUTPUT_ACTIVATIONS``.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape or encoding_dim are not positive integers, or an activation
            is not allowed.

    Example:
        >>> encoder, decoder, autoencoder = create_embedding_ae(encoding_dim=2)
        >>> pair_model = create_pair_model(encoder, decoder, loss="margin")
        >>> pair_model.compile(optimizer="adam", loss="binary_crossentropy")
        >>> pair_model.fit([x[i], x[j], phi], [x[i], x[j]], epochs=10)
        >>> codes = encoder.predict(x)
    """
    if (
        not isinstance(input_shape, (tuple, list))
        or not input_shape
        or not all(isinstance(s, int) and s > 0 for s in input_shape)
    ):
        raise ValueError(
            f"input_shape={input_shape!r}: must be positive integers, e.g. (28, 28, 1)"
        )
    if not isinstance(encoding_dim, int) or isinstance(encoding_dim, bool) or encoding_dim < 1:
        raise ValueError(f"encoding_dim={encoding_dim!r}: must be a positive integer, e.g. 2")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation={activation!r}: must be one of {ACTIVATIONS}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"output_activation={output_activation!r}: must be one of {OUTPUT_ACTIVATIONS}"
        )
    input_shape = tuple(input_shape)

    inp = keras.Input(shape=input_shape)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(layers.Flatten()(inp))

    code_in = keras.Input(shape=(encoding_dim,))
    y = layers.Dense(math.prod(input_shape), activation=output_activation)(code_in)
    out = layers.Reshape(input_shape)(y)

    encoder = keras.Model(inp, code, name="encoder")
    decoder = keras.Model(code_in, out, name="decoder")
    autoencoder = keras.Model(inp, decoder(encoder(inp)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_pair_model(encoder, decoder, loss="le", weight=1.0, margin=1.0):
    """The model that trains an autoencoder on pairs with an embedding loss on their codes.

    Takes ``[x_i, x_j, phi_ij]``, encodes both with ``encoder``, adds
    ``weight * mean L(h_i, h_j, phi_ij)`` (layer "embedding_loss") and reconstructs both with
    ``decoder``; it shares all weights with the encoder and decoder. Its training loss is
    reconstruction of x_i + reconstruction of x_j + the embedding term.

    Args:
        encoder, decoder: models of one autoencoder, e.g. from ``create_embedding_ae``.
        loss: "le", "mds" or "margin" (see ``pairwise_embedding_loss``).
        weight: weight of the embedding term, >= 0.
        margin: margin of loss="margin", > 0.

    Returns:
        A ``keras.Model`` named "pair_model" with inputs x_i, x_j, phi and two outputs.

    Raises:
        ValueError: if loss is unknown, weight < 0 or margin <= 0.

    Example:
        >>> pair_model = create_pair_model(encoder, decoder, loss="margin", weight=1.0)
        >>> pair_model.compile(optimizer="adam", loss="binary_crossentropy")
        >>> pair_model.fit([x[i], x[j], same_class], [x[i], x[j]], epochs=10)
    """
    if loss not in EMBEDDING_LOSSES:
        raise ValueError(f"loss={loss!r}: must be one of {EMBEDDING_LOSSES}")
    input_shape = encoder.input_shape[1:]
    x_i = keras.Input(shape=input_shape, name="x_i")
    x_j = keras.Input(shape=input_shape, name="x_j")
    phi = keras.Input(shape=(), name="phi")
    h_i, h_j = encoder(x_i), encoder(x_j)
    h_i = EmbeddingLoss(loss, weight=weight, margin=margin, name="embedding_loss")([h_i, h_j, phi])
    return keras.Model([x_i, x_j, phi], [decoder(h_i), decoder(h_j)], name="pair_model")
