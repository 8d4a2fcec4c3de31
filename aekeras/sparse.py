"""Sparse autoencoders: a penalty on the code (L1, L2 or KL to a target rate rho), and the k-sparse
autoencoder that keeps the k largest code units.

Penalties are added with ``add_loss`` from an identity layer after the code, so plain
``autoencoder.fit(x, x)`` minimises reconstruction + penalty, and each penalty is exactly the
formula in its docstring on every Keras 3 release (an ``activity_regularizer`` is divided by the
batch size only in recent ones). Each penalty layer also reports its value in the ``fit`` log and
in ``history.history`` under its own name ("l1_penalty", "l2_penalty", "kl_sparsity"); a
penalty's weight is called ``weight`` everywhere (lambda or beta in the decks' formulas).

Needs only keras: copy this file next to your notebook and write ``from sparse import ...``.
"""

import math

import keras
from keras import layers, ops

register = keras.saving.register_keras_serializable(package="aekeras")
PENALTY_WEIGHTS = {"kl": 0.1, "l1": 1e-4, "l2": 1e-4}  # the default weight of each penalty


def _check(**arguments):
    """Checks a factory's arguments by name; the ValueError names the argument and its value.

    What the layers check themselves (rho, weight, k) is left to them, units to Keras;
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
        elif name == "penalty" and value not in PENALTY_WEIGHTS:
            raise ValueError(f"penalty={value!r}: must be one of {tuple(PENALTY_WEIGHTS)}")


def _is_size(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@register
class Autoencoder(keras.Model):
    """A functional model that refuses ``compile`` without a loss.

    Its ``add_loss`` terms hold only the penalty: compiled the keras.io way, with an optimizer
    alone, it would train the penalty and never learn the images.
    """

    def compile(self, optimizer="rmsprop", loss=None, **kwargs):
        if loss is None:
            raise ValueError(
                "loss=None: the model's add_loss holds only its penalty, so training would "
                "ignore the images; give the reconstruction loss too, e.g. "
                'compile(optimizer="adam", loss="binary_crossentropy")'
            )
        super().compile(optimizer=optimizer, loss=loss, **kwargs)


@register
class ActivityPenalty(layers.Layer):
    """Identity layer that adds ``weight * mean over the batch of sum_j |h_j|`` ("l1") or
    ``sum_j h_j^2`` ("l2") to the loss: the sparsity penalty lambda Omega(h) (Соловей,
    «Автоэнкодеры»).

    Args:
        kind: "l1" or "l2".
        weight: lambda, the weight of the penalty, >= 0.

    Raises:
        ValueError: if kind is unknown or weight < 0.

    Example:
        >>> code = ActivityPenalty("l1", weight=1e-4)(layers.Dense(64, activation="relu")(x))
    """

    def __init__(self, kind="l1", weight=1e-4, **kwargs):
        super().__init__(**kwargs)
        if kind not in ("l1", "l2"):
            raise ValueError(f"kind={kind!r}: must be 'l1' or 'l2'")
        if not weight >= 0:
            raise ValueError(f"weight={weight!r}: must be >= 0")
        self.kind, self.weight = kind, float(weight)
        # the fit log shows the term; JAX cannot update a metric inside call (keras#21639)
        self.tracker = (
            None if keras.backend.backend() == "jax" else keras.metrics.Mean(name=f"{kind}_penalty")
        )

    def call(self, inputs):
        size = ops.abs(inputs) if self.kind == "l1" else ops.square(inputs)
        penalty = self.weight * ops.mean(ops.sum(size, axis=-1))
        self.add_loss(penalty)
        if self.tracker is not None:
            self.tracker.update_state(penalty)
        return inputs

    def get_config(self):
        return {**super().get_config(), "kind": self.kind, "weight": self.weight}

    @classmethod
    def from_config(cls, config):
        if "lam" in config:  # files saved by aekeras 0.1 and 0.2
            config["weight"] = config.pop("lam")
        return cls(**config)


def kl_sparsity(h, rho=0.05, eps=1e-7):
    """sum_j KL(rho || rho_hat_j), where rho_hat_j is unit j's mean activation over the batch.

    KL(rho || rho_hat) = rho log(rho / rho_hat) + (1 - rho) log((1 - rho) / (1 - rho_hat)),
    the sparsity term of Уткин, «Глубокое обучение: автокодеры» and of Ng's notes on sparse
    autoencoders. ``rho_hat`` is clipped to [eps, 1 - eps] so that the value stays finite when a
    unit is always 0 or always 1.

    Example:
        >>> kl_sparsity(np.full((8, 5), 0.05), rho=0.05)  # 0.0: every unit at the target rate
    """
    rho_hat = ops.clip(ops.mean(h, axis=0), eps, 1.0 - eps)
    kl = rho * ops.log(rho / rho_hat) + (1.0 - rho) * ops.log((1.0 - rho) / (1.0 - rho_hat))
    return ops.sum(kl)


@register
class KLSparsity(layers.Layer):
    """Identity layer that adds ``weight * kl_sparsity(h, rho)`` to the loss (beta in the deck).

    Put it after a sigmoid code layer: its inputs must lie in (0, 1).

    Args:
        rho: target mean activation of each unit, in (0, 1).
        weight: beta, the weight of the penalty, >= 0.
        eps: clipping of rho_hat (see ``kl_sparsity``).

    Raises:
        ValueError: if rho is outside (0, 1) or weight < 0.

    Example:
        >>> code = KLSparsity(rho=0.05, weight=0.1)(layers.Dense(64, activation="sigmoid")(x))
    """

    def __init__(self, rho=0.05, weight=1.0, eps=1e-7, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 < rho < 1.0:
            raise ValueError(f"rho={rho!r}: must lie in (0, 1), e.g. 0.05")
        if not weight >= 0:
            raise ValueError(f"weight={weight!r}: must be >= 0")
        self.rho, self.weight, self.eps = float(rho), float(weight), float(eps)
        # the fit log shows the term; none on JAX (see ActivityPenalty)
        self.tracker = (
            None if keras.backend.backend() == "jax" else keras.metrics.Mean(name="kl_sparsity")
        )

    def call(self, inputs):
        penalty = self.weight * kl_sparsity(inputs, self.rho, self.eps)
        self.add_loss(penalty)
        if self.tracker is not None:
            self.tracker.update_state(penalty)
        return inputs

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "weight": self.weight, "eps": self.eps}

    @classmethod
    def from_config(cls, config):
        if "beta" in config:  # files saved by aekeras 0.1 and 0.2
            config["weight"] = config.pop("beta")
        return cls(**config)


def create_sparse_ae(
    input_shape=(28, 28, 1),
    encoding_dim=64,
    output_activation="sigmoid",
    penalty="kl",
    rho=0.05,
    weight=None,
):
    """Sparse autoencoder: a penalty keeps most code units near 0 for each input.

    penalty="l1" or "l2" (Соловей, «Автоэнкодеры»): relu code and
        weight * sum_j |h_j| (or h_j^2) per sample, averaged over the batch (``ActivityPenalty``);
    penalty="kl" (Уткин, «Глубокое обучение: автокодеры»): sigmoid code and
        weight * sum_j KL(rho || rho_hat_j), rho_hat_j the batch mean of unit j (``KLSparsity``).
    The code may be overcomplete (encoding_dim larger than the input): the penalty, not the
    size, keeps it from copying.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the code.
        output_activation: activation of the output layer, any Keras activation.
        penalty: "l1", "l2" or "kl".
        rho: target mean activation (penalty="kl"), in (0, 1).
        weight: weight of the penalty (lambda or beta), >= 0; None takes
            ``PENALTY_WEIGHTS[penalty]``.

    Returns:
        ``(encoder, decoder, autoencoder)``; the code layer is "code", the penalty layer
        "kl_sparsity" or "activity_penalty" (the encoder's output). The autoencoder refuses
        ``compile`` without a loss.

    Raises:
        ValueError: if penalty is unknown, rho is outside (0, 1), weight is negative,
            input_shape or encoding_dim are not positive integers, or output_activation is
            not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_sparse_ae(penalty="kl", rho=0.05, weight=0.1)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)  # the log shows kl_sparsity
        >>> encoder.predict(x_test).mean(axis=0)  # each unit's mean activation, near rho
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    weight = PENALTY_WEIGHTS[penalty] if weight is None else weight
    if penalty == "kl":
        x = layers.Dense(encoding_dim, activation="sigmoid", name="code")(x)
        code = KLSparsity(rho=rho, weight=weight, name="kl_sparsity")(x)
    else:
        x = layers.Dense(encoding_dim, activation="relu", name="code")(x)
        code = ActivityPenalty(penalty, weight=weight, name="activity_penalty")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = Autoencoder(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder


@register
class KSparse(layers.Layer):
    """Keeps the k largest values of each sample's code and sets the others to 0.

    Makhzani & Frey, «k-Sparse Autoencoders» (2013). The layer keeps every value at or above the
    k-th largest one, so exactly k values survive when they are distinct (on a tie at the k-th
    value all tied ones are kept); the gradient flows only through the kept values.

    The paper's two refinements are options. ``k_start`` and ``anneal_steps``: training starts
    with ``k_start`` active units and lowers k linearly to ``k`` over ``anneal_steps`` training
    steps, so that every unit gets gradient early on and fewer units die. ``alpha``: at inference
    the layer keeps ``round(alpha * k)`` units (the paper uses alpha * k codes as features).

    Args:
        k: number of units kept in training (after the annealing), a positive integer.
        k_start: number kept at the first training step (None: no annealing), >= k.
        anneal_steps: training steps over which k goes from k_start down to k.
        alpha: inference keeps round(alpha * k) units, alpha >= 1.

    Raises:
        ValueError: if k or k_start are not positive integers, k_start < k, anneal_steps < 0,
            alpha < 1, or a number of kept units exceeds the code size.

    Example:
        >>> code = KSparse(25)(layers.Dense(100)(x))  # 25 non-zeros per sample
    """

    def __init__(self, k, k_start=None, anneal_steps=0, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k={k!r}: must be a positive integer")
        if k_start is not None and (not isinstance(k_start, int) or k_start < k):
            raise ValueError(f"k_start={k_start!r}: must be an integer >= k={k} (or None)")
        if not isinstance(anneal_steps, int) or anneal_steps < 0:
            raise ValueError(f"anneal_steps={anneal_steps!r}: must be an integer >= 0")
        if not alpha >= 1:
            raise ValueError(f"alpha={alpha!r}: must be >= 1")
        self.k, self.k_start, self.anneal_steps = k, k_start, anneal_steps
        self.alpha, self.k_test = float(alpha), round(alpha * k)
        self.annealed = k_start is not None and k_start > k and anneal_steps > 0

    def build(self, input_shape):
        units = input_shape[-1]
        for name, value in [("k", self.k), ("k_start", self.k_start), ("alpha * k", self.k_test)]:
            if value is not None and units is not None and value > units:
                raise ValueError(f"{name}={value}: must be at most the code size {units}")
        if self.annealed:  # counts training steps for the schedule
            self.step = self.add_weight(shape=(), initializer="zeros", trainable=False, name="step")

    def call(self, inputs, training=None):
        if not training:
            kth = ops.top_k(inputs, self.k_test)[0][..., -1:]
        elif not self.annealed:
            kth = ops.top_k(inputs, self.k)[0][..., -1:]
        else:
            done = ops.minimum(self.step / self.anneal_steps, 1.0)
            k_now = ops.cast(ops.round(self.k_start - done * (self.k_start - self.k)), "int32")
            self.step.assign_add(1.0)
            top = ops.top_k(inputs, self.k_start)[0]  # sorted, largest first
            kth = ops.take(top, k_now - 1, axis=-1)[..., None]
        return ops.where(inputs >= kth, inputs, ops.zeros_like(inputs))

    def get_config(self):
        return {
            **super().get_config(),
            "k": self.k,
            "k_start": self.k_start,
            "anneal_steps": self.anneal_steps,
            "alpha": self.alpha,
        }


def create_k_sparse_ae(
    input_shape=(28, 28, 1),
    encoding_dim=100,
    output_activation="sigmoid",
    k=25,
    k_start=None,
    anneal_steps=0,
    alpha=1.0,
):
    """k-sparse autoencoder (Makhzani & Frey, 2013): a linear code that keeps its k largest units.

    The code is linear, h = W x + b, and ``KSparse`` (layer "code") keeps its k largest values
    and sets the rest to 0: exactly k units are active per sample, and that selection is the
    only nonlinearity. The decoder is the usual Dense layer.

    Args:
        input_shape: shape of one sample.
        encoding_dim: size of the code.
        output_activation: activation of the output layer, any Keras activation.
        k: units kept per sample in training, in 1..encoding_dim.
        k_start, anneal_steps: lower k linearly from k_start to k over the first anneal_steps
            training steps (None, 0: no schedule).
        alpha: ``predict`` keeps round(alpha * k) units (1.0: the same k).

    Returns:
        ``(encoder, decoder, autoencoder)``; the linear layer is "linear_code", the k-sparse
        code "code".

    Raises:
        ValueError: if input_shape or encoding_dim are not positive integers, k, k_start or
            round(alpha * k) are outside 1..encoding_dim (``KSparse`` checks them), or
            output_activation is not a Keras activation.

    Example:
        >>> encoder, decoder, autoencoder = create_k_sparse_ae(encoding_dim=100, k=25)
        >>> autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        >>> autoencoder.fit(x_train, x_train, epochs=10)
        >>> (encoder.predict(x_test) != 0).sum(axis=1)  # 25 for every image
    """
    _check(**locals())
    inputs = keras.Input(shape=input_shape)
    x = layers.Flatten()(inputs)
    x = layers.Dense(encoding_dim, name="linear_code")(x)  # no activation
    code = KSparse(k, k_start=k_start, anneal_steps=anneal_steps, alpha=alpha, name="code")(x)

    code_inputs = keras.Input(shape=(encoding_dim,))
    x = layers.Dense(math.prod(input_shape), activation=output_activation)(code_inputs)
    outputs = layers.Reshape(input_shape)(x)

    encoder = keras.Model(inputs, code, name="encoder")
    decoder = keras.Model(code_inputs, outputs, name="decoder")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    return encoder, decoder, autoencoder
