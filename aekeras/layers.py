"""Custom layers of the course's autoencoders, written with ``keras.ops`` (any Keras 3 backend).

Each one is registered with ``keras.saving.register_keras_serializable(package="aekeras")`` and
has ``get_config``, so a model that uses it is saved with ``model.save("m.keras")`` and loaded
back with ``keras.models.load_model("m.keras")`` without ``custom_objects``.

Penalties (L1/L2 on the code, KL sparsity, contraction, the VAE's KL term, the embedding loss)
are added with ``add_loss`` from a layer rather than as ``activity_regularizer``. Keras 3.15
divides an activity regularizer by the batch size, but earlier Keras 3 releases did not
(keras-team/keras#22018, fixed in January 2026), so the same code would penalize 32 times more
on an older Colab install; and for KL(rho || rho_hat), already a batch statistic, dividing is
wrong anyway. With ``add_loss`` each penalty is exactly the formula in its docstring.
"""

import keras
from keras import layers, ops

_register = keras.saving.register_keras_serializable(package="aekeras")


@_register
class ActivityPenalty(layers.Layer):
    """Identity layer that adds lam * mean over the batch of sum_j |h_j| ("l1") or
    sum_j h_j^2 ("l2") to the loss: the sparsity penalty omega(h) of slide 000.
    """

    def __init__(self, kind="l1", lam=1e-4, **kwargs):
        super().__init__(**kwargs)
        if kind not in ("l1", "l2"):
            raise ValueError(f"kind={kind!r}: must be 'l1' or 'l2'")
        if not lam >= 0:
            raise ValueError(f"lam={lam!r}: must be >= 0")
        self.kind, self.lam = kind, float(lam)

    def call(self, inputs):
        size = ops.abs(inputs) if self.kind == "l1" else ops.square(inputs)
        self.add_loss(self.lam * ops.mean(ops.sum(size, axis=-1)))
        return inputs

    def get_config(self):
        return {**super().get_config(), "kind": self.kind, "lam": self.lam}


def kl_sparsity(h, rho=0.05, eps=1e-7):
    """sum_j KL(rho || rho_hat_j), rho_hat_j = mean of unit j over the batch (slide 002).

    ``rho_hat`` is clipped to [eps, 1 - eps], so the value stays finite when a unit is always
    0 or always 1.
    """
    rho_hat = ops.clip(ops.mean(h, axis=0), eps, 1.0 - eps)
    kl = rho * ops.log(rho / rho_hat) + (1.0 - rho) * ops.log((1.0 - rho) / (1.0 - rho_hat))
    return ops.sum(kl)


@_register
class KLSparsity(layers.Layer):
    """Identity layer that adds ``beta * sum_j KL(rho || rho_hat_j)`` to the loss (slide 002).

    Put it after a sigmoid code layer: its outputs must lie in (0, 1).
    """

    def __init__(self, rho=0.05, beta=1.0, eps=1e-7, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 < rho < 1.0:
            raise ValueError(f"rho={rho!r}: must lie in (0, 1), e.g. 0.05")
        if beta < 0:
            raise ValueError(f"beta={beta!r}: must be >= 0")
        self.rho, self.beta, self.eps = float(rho), float(beta), float(eps)

    def call(self, inputs):
        self.add_loss(self.beta * kl_sparsity(inputs, self.rho, self.eps))
        return inputs

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "beta": self.beta, "eps": self.eps}


@_register
class KSparse(layers.Layer):
    """Keeps the k largest values of each sample's code, sets the others to 0 (slide 002).

    Makhzani & Frey, k-Sparse Autoencoders (2013). Exactly k entries survive per sample;
    the gradient flows only through them.
    """

    def __init__(self, k, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k={k!r}: must be a positive integer")
        self.k = k

    def build(self, input_shape):
        if input_shape[-1] is not None and self.k > input_shape[-1]:
            raise ValueError(f"k={self.k}: must be at most the code size {input_shape[-1]}")

    def call(self, inputs):
        _, indices = ops.top_k(inputs, k=self.k)
        mask = ops.sum(ops.one_hot(indices, ops.shape(inputs)[-1], dtype=inputs.dtype), axis=-2)
        return inputs * mask

    def get_config(self):
        return {**super().get_config(), "k": self.k}


@_register
class MaskingNoise(layers.Layer):
    """Training-only masking noise (slides 000, 002): sets part of each input to 0.

    kind="patch": a random ``size`` x ``size`` square of each image (inputs (batch, H, W[, C]))
    is darkened to 0 ("затемнить часть изображения"); kind="pixels": each value is set to 0
    with probability ``rate`` (no rescaling, unlike ``keras.layers.Dropout``).
    At inference (``training`` False) the layer returns its input unchanged.
    """

    def __init__(self, kind="patch", size=8, rate=0.25, seed=None, **kwargs):
        super().__init__(**kwargs)
        if kind not in ("patch", "pixels"):
            raise ValueError(f"kind={kind!r}: must be 'patch' or 'pixels'")
        if kind == "patch" and (not isinstance(size, int) or size < 1):
            raise ValueError(f"size={size!r}: must be a positive integer (patch side in pixels)")
        if kind == "pixels" and not 0.0 <= rate < 1.0:
            raise ValueError(f"rate={rate!r}: must lie in [0, 1)")
        self.kind, self.size, self.rate, self.seed = kind, size, float(rate), seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        if self.kind == "patch":
            if len(input_shape) not in (3, 4):
                raise ValueError(
                    f"kind='patch' needs image inputs (batch, H, W[, C]), got {input_shape}"
                )
            if self.size > min(input_shape[1], input_shape[2]):
                raise ValueError(
                    f"size={self.size}: must be at most the image side "
                    f"{min(input_shape[1], input_shape[2])}"
                )

    def call(self, inputs, training=None):
        if not training:
            return inputs
        if self.kind == "pixels":
            keep = keras.random.uniform(ops.shape(inputs), seed=self.seed_generator) >= self.rate
            return inputs * ops.cast(keep, inputs.dtype)
        batch, height, width = ops.shape(inputs)[0], inputs.shape[1], inputs.shape[2]
        # top-left corner of each sample's patch, uniform over the allowed positions
        u = keras.random.uniform((batch, 2), seed=self.seed_generator)
        top = ops.floor(u[:, :1] * (height - self.size + 1))
        left = ops.floor(u[:, 1:] * (width - self.size + 1))
        rows = ops.cast(ops.arange(height), u.dtype)[None, :]
        cols = ops.cast(ops.arange(width), u.dtype)[None, :]
        in_rows = ops.logical_and(rows >= top, rows < top + self.size)  # (batch, H)
        in_cols = ops.logical_and(cols >= left, cols < left + self.size)  # (batch, W)
        patch = ops.logical_and(in_rows[:, :, None], in_cols[:, None, :])  # (batch, H, W)
        if len(inputs.shape) == 4:
            patch = patch[..., None]
        return ops.where(patch, ops.zeros_like(inputs), inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "kind": self.kind,
            "size": self.size,
            "rate": self.rate,
            "seed": self.seed,
        }


@_register
class SaltAndPepper(layers.Layer):
    """Training-only salt-and-pepper noise: each value becomes 0 or 1 with probability ``amount``.

    Half of the hit values turn black (0), half white (1). At inference returns the input.
    """

    def __init__(self, amount=0.1, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= amount < 1.0:
            raise ValueError(f"amount={amount!r}: must lie in [0, 1)")
        self.amount, self.seed = float(amount), seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        if not training:
            return inputs
        u = keras.random.uniform(ops.shape(inputs), seed=self.seed_generator)
        salt = ops.cast(u < self.amount / 2, inputs.dtype)
        hit = u < self.amount
        return ops.where(hit, salt, inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "amount": self.amount, "seed": self.seed}


def contractive_penalty(h, kernel):
    """Per-sample ||J||_F^2 of h = sigmoid(x W + b) in closed form (slide 002, Rifai et al.).

    sum_i (h_i (1 - h_i))^2 * sum_j W_ji^2; ``kernel`` has Keras's shape (inputs, units).
    """
    return ops.sum(ops.square(h * (1.0 - h)) * ops.sum(ops.square(kernel), axis=0), axis=-1)


@_register
class ContractiveDense(layers.Dense):
    """Sigmoid Dense layer that adds ``lam * mean_batch ||J_f(x)||_F^2`` to the loss (slide 002).

    The Jacobian norm of a sigmoid layer has the closed form of ``contractive_penalty``.
    """

    def __init__(self, units, lam=1e-3, **kwargs):
        kwargs["activation"] = "sigmoid"
        super().__init__(units, **kwargs)
        if lam < 0:
            raise ValueError(f"lam={lam!r}: must be >= 0")
        self.lam = float(lam)

    def call(self, inputs, training=None):
        h = super().call(inputs)
        self.add_loss(self.lam * ops.mean(contractive_penalty(h, self.kernel)))
        return h

    def get_config(self):
        config = {**super().get_config(), "lam": self.lam}
        config.pop("activation", None)
        return config


def gaussian_kl(z_mean, z_log_var):
    """Per-sample KL(N(z_mean, exp(z_log_var)) || N(0, I)), closed form for a diagonal Gaussian."""
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


@_register
class Sampling(layers.Layer):
    """VAE reparameterization z = z_mean + exp(z_log_var / 2) * eps, eps ~ N(0, I).

    Adds ``kl_weight * mean_batch KL(q(z|x) || N(0, I))`` to the loss. Samples in training;
    at inference returns z_mean, so ``predict`` is deterministic.
    """

    def __init__(self, kl_weight=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if kl_weight < 0:
            raise ValueError(f"kl_weight={kl_weight!r}: must be >= 0")
        self.kl_weight, self.seed = float(kl_weight), seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        z_mean, z_log_var = inputs
        self.add_loss(self.kl_weight * ops.mean(gaussian_kl(z_mean, z_log_var)))
        if not training:
            return z_mean
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "kl_weight": self.kl_weight, "seed": self.seed}


EMBEDDING_LOSSES = ("le", "mds", "margin")


def pairwise_embedding_loss(h_i, h_j, phi, kind="le", margin=1.0):
    """Per-pair embedding loss L(h_i, h_j, phi_ij) of Yu et al. 2013 (slide 002).

    "le":     ||h_i - h_j||^2 * phi                          (Laplacian eigenmaps)
    "mds":    (||h_i - h_j|| - phi)^2                        (multidimensional scaling)
    "margin": ||h_i - h_j||^2 if phi == 1, max(0, margin - ||h_i - h_j||^2) if phi == 0
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


@_register
class EmbeddingLoss(layers.Layer):
    """Takes [h_i, h_j, phi_ij] and adds ``weight * mean pairwise_embedding_loss`` to the loss."""

    def __init__(self, kind="le", weight=1.0, margin=1.0, **kwargs):
        super().__init__(**kwargs)
        if kind not in EMBEDDING_LOSSES:
            raise ValueError(f"loss={kind!r}: must be one of {EMBEDDING_LOSSES}")
        if weight < 0:
            raise ValueError(f"weight={weight!r}: must be >= 0")
        self.kind, self.weight, self.margin = kind, float(weight), float(margin)

    def call(self, inputs):
        h_i, h_j, phi = inputs
        loss = pairwise_embedding_loss(h_i, h_j, phi, self.kind, self.margin)
        self.add_loss(self.weight * ops.mean(loss))
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
