"""Generalized autoencoder (Wang et al., 2014) and embedding with autoencoder regularization
(Yu et al., 2013), both from Уткин, «Глубокое обучение: автокодеры».

Generalized AE: x_i is reconstructed into its neighbours x_j, j in Omega_i, with weights s_ij:
    R = sum_i sum_{j in Omega_i} s_ij L(x_j, g(f(x_i))),
L a reconstruction loss (squared error in the paper; binary cross-entropy suits pixels in [0, 1]).
The helpers return index pairs ``(i, j, s)``, and any factory's autoencoder trains with
``autoencoder.fit(x[i], x[j], sample_weight=s)``: no new model is needed. The special cases of
the deck: ``knn_pairs`` (k nearest, heat kernel; k=1 is the plain AE), ``radius_pairs``
(Omega_i an eps-ball), ``class_pairs`` (the class of x_i), ``class_knn_pairs`` (k1 nearest of
the same class with s = 1, k2 nearest of other classes with s = -1); ``pair_weights`` computes
the deck's distance-based weights (heat kernel, squared distance, threshold) of any pairs.

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
EMBEDDING_LOSSES = ("le", "mds", "margin")
PAIR_WEIGHTS = ("heat", "sqdist", "distance", "threshold")


def _check(**arguments):
    """Checks a factory's arguments by name; the ValueError names the argument and its value.

    What the layer checks itself (kind, weight, margin) is left to it, units to Keras;
    activations are looked up the way Keras does.
    """
    for name, value in arguments.items():
        if name.endswith("activation"):
            try:
                keras.activations.get(value)
            except ValueError:
                raise ValueError(f"{name}={value!r}: must be a Keras activation") from None
        elif name == "input_shape":
            if not isinstance(value, (tuple, list)) or not value or not all(map(_is_size, value)):
                raise ValueError(f"{name}={value!r}: must be a tuple of positive integers")
        elif name == "encoding_dim" and not _is_size(value):
            raise ValueError(f"{name}={value!r}: must be a positive integer")


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@register
class Autoencoder(keras.Model):
    """A functional model that refuses ``compile`` without a loss.

    Its ``add_loss`` terms hold only the penalty (here the embedding loss): compiled with an
    optimizer alone, it would train the penalty and never learn the images.
    """

    def compile(self, optimizer="rmsprop", loss=None, **kwargs):
        if loss is None:
            raise ValueError(
                "loss=None: the model's add_loss holds only its penalty, so training would "
                "ignore the images; give the reconstruction loss too, e.g. "
                'compile(optimizer="adam", loss="binary_crossentropy")'
            )
        super().compile(optimizer=optimizer, loss=loss, **kwargs)


def knn_pairs(x, k=5, t=None):
    """Pairs (i, j, s_ij) of the generalized AE for the k nearest neighbours.

    Omega_i = x_i itself and its k - 1 nearest neighbours (Euclidean, on the flattened samples),
    s_ij = exp(-||x_i - x_j||^2 / t) (heat kernel; s_ii = 1). ``t=None`` uses the mean squared
    distance to the neighbours. With k=1, Omega_i = {i} and s_ii = 1: the plain autoencoder.
    Recompute the pairs on the codes (``knn_pairs(encoder.predict(x))``) to iterate (step 4).

    Args:
        x: samples (n, ...).
        k: size of Omega_i, x_i included, in 1..n.
        t: width of the heat kernel, > 0 (None: the mean squared distance).

    Returns:
        Int arrays i, j and float32 weights s, each of length n * k.

    Raises:
        ValueError: if k is outside 1..len(x) or t <= 0.

    Example:
        >>> i, j, s = knn_pairs(x_train, k=5)
        >>> autoencoder.compile(optimizer="adam", loss="mse")
        >>> autoencoder.fit(x_train[i], x_train[j], sample_weight=s, epochs=10)
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

    Args:
        y: one label per sample.

    Returns:
        Int arrays i, j and float32 weights s, each of length sum_c n_c^2.

    Raises:
        ValueError: if y is not a non-empty 1-D array of labels.

    Example:
        >>> i, j, s = class_pairs(y_train)
        >>> autoencoder.compile(optimizer="adam", loss="mse")
        >>> autoencoder.fit(x_train[i], x_train[j], sample_weight=s, epochs=10)
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


def _flat(x):
    return np.asarray(x, dtype="float32").reshape(len(x), -1)


def pair_weights(x, i, j, kind="heat", t=None, eps=None):
    """Distance-based weights of the pairs (x_i, x_j) (Уткин: the weights phi_ij of an embedding).

    With d2 = ||x_i - x_j||^2 (Euclidean, on the flattened samples):
        "heat":      exp(-d2 / t), 1 for i == j (t=None: mean d2 over the pairs with i != j)
        "sqdist":    d2
        "distance":  sqrt(d2), the target distance of the "mds" embedding loss
        "threshold": 1 if d2 <= eps else 0

    Args:
        x: samples (n, ...).
        i, j: 1-D index arrays of one length, the pairs.
        kind: "heat", "sqdist", "distance" or "threshold".
        t: width of the heat kernel, > 0 (None: the mean d2 of the pairs with i != j).
        eps: the bound of kind="threshold", >= 0, on the squared distance.

    Returns:
        Float32 weights, one per pair.

    Raises:
        ValueError: if i and j differ in length, kind is unknown, t <= 0, or eps is missing
            or < 0 for "threshold".

    Example:
        >>> phi = pair_weights(x_train, i, j, kind="threshold", eps=40.0)
    """
    flat = _flat(x)
    i, j = np.asarray(i), np.asarray(j)
    if i.shape != j.shape or i.ndim != 1:
        raise ValueError(f"i {i.shape} and j {j.shape}: must be 1-D index arrays of one length")
    if kind not in PAIR_WEIGHTS:
        raise ValueError(f"kind={kind!r}: must be one of {PAIR_WEIGHTS}")
    if t is not None and not t > 0:
        raise ValueError(f"t={t!r}: must be > 0 (or None for the mean squared distance)")
    if kind == "threshold" and (eps is None or not eps >= 0):
        raise ValueError(f"eps={eps!r}: kind='threshold' needs eps >= 0 (on ||x_i - x_j||^2)")
    d2 = np.sum((flat[i] - flat[j]) ** 2, axis=1, dtype="float64")
    if kind == "sqdist":
        return d2.astype("float32")
    if kind == "distance":
        return np.sqrt(d2).astype("float32")
    if kind == "threshold":
        return (d2 <= eps).astype("float32")
    if t is None:
        others = d2[i != j]
        t = float(others.mean()) if others.size and others.mean() > 0 else 1.0
    return np.exp(-d2 / t).astype("float32")


def radius_pairs(x, eps, t=None, weights="heat"):
    """Pairs (i, j, s_ij) of the generalized AE for a ball: Omega_i = {j : ||x_i - x_j||^2 <= eps}.

    Omega_i holds x_i itself (s_ii = 1) and every other sample within the ball; unlike
    ``knn_pairs``, their number varies: a point in a dense region gets many, an isolated one
    only itself (the plain AE for that point). ``weights="heat"`` gives s_ij = exp(-d2 / t)
    (t=None: the mean d2 of the pairs), ``weights="threshold"`` gives s_ij = 1 in the ball.

    Args:
        x: samples (n, ...).
        eps: the squared radius of the ball, >= 0.
        t: width of the heat kernel, > 0 (None: the mean d2 of the pairs).
        weights: "heat" or "threshold".

    Returns:
        Int arrays i, j and float32 weights s; ``i`` is sorted.

    Raises:
        ValueError: if eps < 0, weights is not "heat" or "threshold", or t <= 0.

    Example:
        >>> i, j, s = radius_pairs(x_train, eps=30.0)
        >>> autoencoder.fit(x_train[i], x_train[j], sample_weight=s, epochs=10)
    """
    flat = _flat(x)
    if not eps >= 0:
        raise ValueError(f"eps={eps!r}: must be >= 0 (a bound on ||x_i - x_j||^2)")
    if weights not in ("heat", "threshold"):
        raise ValueError(f"weights={weights!r}: must be 'heat' or 'threshold'")
    if t is not None and not t > 0:
        raise ValueError(f"t={t!r}: must be > 0 (or None for the mean squared distance)")
    # a ball of squared radius eps is the ball of radius sqrt(eps); the query point is included
    found = (
        NearestNeighbors(radius=math.sqrt(eps))
        .fit(flat)
        .radius_neighbors(flat, sort_results=True)[1]
    )
    i = np.concatenate([np.full(len(js), n) for n, js in enumerate(found)]).astype(int)
    j = np.concatenate(found).astype(int)
    # float rounding at the border of the ball: keep exactly the pairs with d2 <= eps
    d2 = np.sum((flat[i] - flat[j]) ** 2, axis=1, dtype="float64")
    keep = (d2 <= eps) | (i == j)
    i, j = i[keep], j[keep]
    if weights == "threshold":
        return i, j, np.ones(len(i), dtype="float32")
    return i, j, pair_weights(flat, i, j, kind="heat", t=t)


def class_knn_pairs(x, y, k1=5, k2=5):
    """Pairs (i, j, s_ij) of the generalized AE with k1 neighbours of the class and k2 of others.

    Omega_i = x_i itself and its k1 - 1 nearest samples of its own class, each with s_ij = 1,
    plus its k2 nearest samples of the other classes, each with s_ij = -1: the autoencoder learns
    to reconstruct x_i into its class neighbours and away from the nearest samples of other
    classes (the marginal Fisher analysis case of Wang et al., 2014). With k1=1, k2=0 it is the
    plain autoencoder. Negative weights work with ``sample_weight``; the -1 terms reward a large
    reconstruction error, which is bounded for a sigmoid output (pixels in [0, 1]) but not for a
    linear output with a squared error.

    Args:
        x: samples (n, ...).
        y: one label per sample.
        k1: neighbours of the same class, x_i included, in 1..the smallest class.
        k2: neighbours of other classes, >= 0.

    Returns:
        Int arrays i, j and float32 weights s, each of length n * (k1 + k2).

    Raises:
        ValueError: if x and y differ in length, k1 < 1 or larger than the smallest class, or
            k2 < 0 or larger than the number of samples of the other classes.

    Example:
        >>> i, j, s = class_knn_pairs(x_train, y_train, k1=5, k2=2)
        >>> autoencoder.fit(x_train[i], x_train[j], sample_weight=s, epochs=10)
    """
    flat = _flat(x)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(flat):
        raise ValueError(f"y with shape {y.shape}: must be 1-D with one label per sample")
    classes, sizes = np.unique(y, return_counts=True)
    if not isinstance(k1, (int, np.integer)) or not 1 <= k1 <= sizes.min():
        raise ValueError(f"k1={k1!r}: must be an integer in 1..{sizes.min()} (the smallest class)")
    others = len(y) - sizes.max()
    if not isinstance(k2, (int, np.integer)) or not 0 <= k2 <= others:
        raise ValueError(f"k2={k2!r}: must be an integer in 0..{others} (samples of other classes)")
    i_all, j_all, s_all = [], [], []
    for c in classes:
        members = np.flatnonzero(y == c)
        if k1 > 1:
            idx = NearestNeighbors(n_neighbors=k1 - 1).fit(flat[members]).kneighbors()[1]
            same = np.concatenate([members[:, None], members[idx]], axis=1)
        else:
            same = members[:, None]
        i_all.append(np.repeat(members, k1))
        j_all.append(same.ravel())
        s_all.append(np.ones(same.size, dtype="float32"))
        if k2 > 0:
            rest = np.flatnonzero(y != c)
            idx = NearestNeighbors(n_neighbors=k2).fit(flat[rest]).kneighbors(flat[members])[1]
            i_all.append(np.repeat(members, k2))
            j_all.append(rest[idx].ravel())
            s_all.append(np.full(idx.size, -1.0, dtype="float32"))
    order = np.argsort(np.concatenate(i_all), kind="stable")
    return tuple(np.concatenate(a)[order] for a in (i_all, j_all, s_all))


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

    ``create_dense_ae`` with a small code ("code"), sigmoid by default so that code distances
    are bounded. Train it on pairs with ``create_pair_model``, which adds the embedding loss on
    the codes of both members of a pair.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the code (the embedding).
        activation: activation of the code layer, any Keras activation.
        output_activation: activation of the output layer.

    Returns:
        ``(encoder, decoder, autoencoder)``.

    Raises:
        ValueError: if input_shape or encoding_dim are not positive integers, or an activation
            is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_embedding_ae(encoding_dim=2)
        >>> pair_model = create_pair_model(encoder, decoder, kind="margin")
        >>> pair_model.compile(optimizer="adam", loss="binary_crossentropy")
        >>> pair_model.fit([x[i], x[j], phi], [x[i], x[j]], epochs=10)
        >>> codes = encoder.predict(x)
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    code = layers.Dense(encoding_dim, activation=activation, name="code")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder


def create_pair_model(encoder, decoder, kind="le", weight=1.0, margin=1.0):
    """The model that trains an autoencoder on pairs with an embedding loss on their codes.

    Takes ``[x_i, x_j, phi_ij]``, encodes both with ``encoder``, adds
    ``weight * mean L(h_i, h_j, phi_ij)`` (layer "embedding_loss") and reconstructs both with
    ``decoder``; it shares all weights with the encoder and decoder. Its training loss is
    reconstruction of x_i + reconstruction of x_j + the embedding term.

    Args:
        encoder, decoder: models of one autoencoder, e.g. from ``create_embedding_ae``.
        kind: "le", "mds" or "margin" (see ``pairwise_embedding_loss``).
        weight: weight of the embedding term, >= 0.
        margin: margin of kind="margin", > 0.

    Returns:
        A model named "pair_model" with inputs x_i, x_j, phi and two outputs; it refuses
        ``compile`` without a loss.

    Raises:
        ValueError: if kind is unknown, weight < 0 or margin <= 0 (``EmbeddingLoss`` checks
            them).

    Example:
        >>> pair_model = create_pair_model(encoder, decoder, kind="margin", weight=1.0)
        >>> pair_model.compile(optimizer="adam", loss="binary_crossentropy")
        >>> pair_model.fit([x[i], x[j], same_class], [x[i], x[j]], epochs=10)
    """
    x_i = keras.Input(shape=encoder.input_shape[1:], name="x_i")
    x_j = keras.Input(shape=encoder.input_shape[1:], name="x_j")
    phi = keras.Input(shape=(), name="phi")
    h_i, h_j = encoder(x_i), encoder(x_j)
    h_i = EmbeddingLoss(kind, weight=weight, margin=margin, name="embedding_loss")([h_i, h_j, phi])
    return Autoencoder([x_i, x_j, phi], [decoder(h_i), decoder(h_j)], name="pair_model")
