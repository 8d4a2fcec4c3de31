"""The factories' architectures written as plain Keras, the way a student writes them from the
Keras blog or keras.io: one flat functional model, built-in layers, and where the variant needs
a special loss, a subclassed model whose ``compute_loss`` adds it (Keras 3's way of
customizing ``fit`` on every backend). They are the baselines of the speed benchmark: each
returns an uncompiled model whose parameter count equals the matching factory's autoencoder
(checked by the benchmark and by tests/test_bench.py).

Beside them, the quality rows' rebuilt anchors: the Keras blog's conv AE and denoiser, the
factory's maps with the transposed convolutions it had before, and Makhzani & Frey's tied
k-sparse AE, each at its source's own size.
"""

import keras
from keras import layers, ops

from aekeras.sparse import KSparse
from aekeras.vae import gaussian_kl

IMAGE = (28, 28, 1)


def dense(code=49):
    """784 -> code (relu) -> 784 (sigmoid), the course's / blog's simplest autoencoder."""
    inp = keras.Input(IMAGE)
    x = layers.Flatten()(inp)
    x = layers.Dense(code, activation="relu")(x)
    x = layers.Dense(784, activation="sigmoid")(x)
    return keras.Model(inp, layers.Reshape(IMAGE)(x))


def deep(hidden=(256, 128), code=32):
    """Mirrored deep dense autoencoder, as the blog's deep AE."""
    inp = keras.Input(IMAGE)
    x = layers.Flatten()(inp)
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
    x = layers.Dense(code, activation="relu")(x)
    for units in reversed(hidden):
        x = layers.Dense(units, activation="relu")(x)
    x = layers.Dense(784, activation="sigmoid")(x)
    return keras.Model(inp, layers.Reshape(IMAGE)(x))


def linear(code=32):
    """One linear layer each side (PCA's autoencoder)."""
    inp = keras.Input(IMAGE)
    x = layers.Dense(code)(layers.Flatten()(inp))
    return keras.Model(inp, layers.Reshape(IMAGE)(layers.Dense(784)(x)))


def conv(filters=(32, 64), code=49):
    """Conv2D + MaxPooling encoder, Dense code, UpSampling2D + Conv2D decoder (create_conv_ae)."""
    inp = keras.Input(IMAGE)
    x = inp
    for f in filters:
        x = layers.Conv2D(f, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D(2)(x)
    x = layers.Dense(code, activation="relu")(layers.Flatten()(x))
    side = 28 // 2 ** len(filters)
    x = layers.Dense(side * side * filters[-1], activation="relu")(x)
    x = layers.Reshape((side, side, filters[-1]))(x)
    for f in reversed(filters):
        x = layers.UpSampling2D(2)(x)
        x = layers.Conv2D(f, 3, activation="relu", padding="same")(x)
    out = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    return keras.Model(inp, out)


def blog_conv_denoiser():
    """The Keras blog's image-denoising convnet (32 filters, 7x7x32 representation)."""
    inp = keras.Input(IMAGE)
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(inp)
    x = layers.MaxPooling2D(2, padding="same")(x)
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = layers.MaxPooling2D(2, padding="same")(x)
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = layers.UpSampling2D(2)(x)
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = layers.UpSampling2D(2)(x)
    out = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    return keras.Model(inp, out)


def conv_maps_transposed():
    """create_conv_ae(filters=(32, 32), encoding_dim=None) with each UpSampling2D + Conv2D
    replaced by a stride-2 3x3 Conv2DTranspose, the factory's decoder before: the same
    parameters, the denoising row's contrast."""
    inp = keras.Input(IMAGE)
    x = inp
    for _ in range(2):
        x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D(2)(x)
    for _ in range(2):
        x = layers.Conv2DTranspose(32, 3, 2, activation="relu", padding="same")(x)
    return keras.Model(inp, layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x))


def blog_conv_ae():
    """The Keras blog's convolutional AE: 16-8-8 filters, a (4, 4, 8) = 128-d code."""
    inp = keras.Input(IMAGE)
    x = inp
    for f in (16, 8, 8):
        x = layers.Conv2D(f, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D(2, padding="same")(x)
    for f, pad in ((8, "same"), (8, "same"), (16, "valid")):
        x = layers.Conv2D(f, 3, activation="relu", padding=pad)(x)
        x = layers.UpSampling2D(2)(x)
    return keras.Model(inp, layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x))


def denoising(code=64, sigma=0.3):
    """GaussianNoise (training only) -> Dense code -> Dense output."""
    inp = keras.Input(IMAGE)
    x = layers.Flatten()(layers.GaussianNoise(sigma)(inp))
    x = layers.Dense(code, activation="relu")(x)
    return keras.Model(inp, layers.Reshape(IMAGE)(layers.Dense(784, activation="sigmoid")(x)))


def sparse_l1(code=64, lam=1e-4):
    """The blog's sparse AE: relu code with an L1 activity regularizer."""
    inp = keras.Input(IMAGE)
    x = layers.Flatten()(inp)
    x = layers.Dense(code, activation="relu", activity_regularizer=keras.regularizers.L1(lam))(x)
    return keras.Model(inp, layers.Reshape(IMAGE)(layers.Dense(784, activation="sigmoid")(x)))


def dropout(code=64, rate=0.2):
    """Dropout on the input, then the dense AE."""
    inp = keras.Input(IMAGE)
    x = layers.Dropout(rate)(layers.Flatten()(inp))
    x = layers.Dense(code, activation="relu")(x)
    return keras.Model(inp, layers.Reshape(IMAGE)(layers.Dense(784, activation="sigmoid")(x)))


def linear_decoder(code=64):
    """Sigmoid hidden layer, linear output."""
    inp = keras.Input(IMAGE)
    x = layers.Dense(code, activation="sigmoid")(layers.Flatten()(inp))
    return keras.Model(inp, layers.Reshape(IMAGE)(layers.Dense(784)(x)))


def k_sparse(code=100, k=25):
    """Linear code, keep the k largest per sample: threshold at the k-th value (a Lambda)."""

    def keep_top_k(h):
        kth = ops.top_k(h, k=k)[0][:, -1:]
        return h * ops.cast(h >= kth, h.dtype)

    inp = keras.Input(IMAGE)
    h = layers.Dense(code)(layers.Flatten()(inp))
    x = layers.Lambda(keep_top_k, output_shape=(code,))(h)
    return keras.Model(inp, layers.Reshape(IMAGE)(layers.Dense(784, activation="sigmoid")(x)))


class DenseTranspose(layers.Layer):
    """A tied decoder layer: h W^T + b', with W the kernel of the encoder's ``dense`` (shared,
    not copied: both layers train the same weights) and b' its own bias."""

    def __init__(self, dense, **kwargs):
        super().__init__(**kwargs)
        self.dense = dense

    def build(self, input_shape):
        units = self.dense.kernel.shape[0]
        self.bias = self.add_weight(shape=(units,), initializer="zeros", name="bias")

    def call(self, h):
        return ops.matmul(h, ops.transpose(self.dense.kernel)) + self.bias


def k_sparse_tied(code=1000, k=25, k_start=None, anneal_steps=0, alpha=1.0):
    """Makhzani & Frey's k-sparse AE: linear code h = W x + b, aekeras's KSparse keeps the k
    largest, and the linear decoder is W^T (tied). Returns ``(encoder, autoencoder)``."""
    inp = keras.Input(IMAGE)
    linear_code = layers.Dense(code, name="linear_code")
    h = linear_code(layers.Flatten()(inp))
    sparse_code = KSparse(k, k_start=k_start, anneal_steps=anneal_steps, alpha=alpha)(h)
    x = DenseTranspose(linear_code)(sparse_code)
    return keras.Model(inp, sparse_code), keras.Model(inp, layers.Reshape(IMAGE)(x))


class _PenaltyModel(keras.Model):
    """keras.io-style subclassed model: ``call`` returns (output, extra) in one forward pass and
    ``compute_loss`` adds ``penalty(extra)`` to the compiled loss of the output (the Keras 3,
    backend-independent way of customizing the loss of ``fit``)."""

    def __init__(self, **kwargs):
        super().__init__(name=type(self).__name__.strip("_").lower(), **kwargs)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        out, extra = y_pred
        loss = super().compute_loss(x, y, out, sample_weight, training)
        return loss + self.penalty(extra)


class _Contractive(_PenaltyModel):
    """Sigmoid code; penalty weight * mean ||J||_F^2 in closed form (Rifai et al.)."""

    def __init__(self, code=64, weight=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.flat, self.out = layers.Flatten(), layers.Reshape(IMAGE)
        self.enc = layers.Dense(code, activation="sigmoid")
        self.dec = layers.Dense(784, activation="sigmoid")
        self.weight = weight

    def call(self, x, training=False):
        h = self.enc(self.flat(x))
        return self.out(self.dec(h)), h

    def penalty(self, h):
        w2 = ops.sum(ops.square(self.enc.kernel), axis=0)
        return self.weight * ops.mean(ops.sum(ops.square(h * (1 - h)) * w2, axis=1))


class _KLSparse(_Contractive):
    """Sigmoid code; penalty weight * sum_j KL(rho || mean activation of unit j)."""

    def __init__(self, code=64, rho=0.05, weight=0.1, **kwargs):
        super().__init__(code, weight, **kwargs)
        self.rho = rho

    def penalty(self, h):
        rho, rho_hat = self.rho, ops.clip(ops.mean(h, 0), 1e-7, 1 - 1e-7)
        kl = rho * ops.log(rho / rho_hat) + (1 - rho) * ops.log((1 - rho) / (1 - rho_hat))
        return self.weight * ops.sum(kl)


class _VAE(_PenaltyModel):
    """keras.io-style dense VAE: sample z in the forward pass, add KL / 784 to the loss."""

    def __init__(self, latent=2, hidden=256, **kwargs):
        super().__init__(**kwargs)
        self.flat, self.out = layers.Flatten(), layers.Reshape(IMAGE)
        self.hidden = layers.Dense(hidden, activation="relu")
        self.z_mean, self.z_log_var = layers.Dense(latent), layers.Dense(latent)
        self.dec_hidden = layers.Dense(hidden, activation="relu")
        self.dec = layers.Dense(784, activation="sigmoid")
        self.seed = keras.random.SeedGenerator(0)

    def call(self, x, training=False):
        h = self.hidden(self.flat(x))
        z_mean, z_log_var = self.z_mean(h), self.z_log_var(h)
        z = z_mean
        if training:
            eps = keras.random.normal(ops.shape(z_mean), seed=self.seed)
            z = z_mean + ops.exp(0.5 * z_log_var) * eps
        return self.out(self.dec(self.dec_hidden(z))), (z_mean, z_log_var)

    def penalty(self, stats):
        return ops.mean(gaussian_kl(*stats)) / 784.0


def _built(model):
    model(ops.zeros((1, *IMAGE)))  # creates the weights, so count_params() works at once
    return model


def contractive(code=64, weight=1e-3):
    """Contractive AE with the penalty in ``compute_loss``."""
    return _built(_Contractive(code, weight))


def sparse_kl(code=64, rho=0.05, weight=0.1):
    """KL-sparse AE with the penalty in ``compute_loss``."""
    return _built(_KLSparse(code, rho, weight))


def vae(latent=2, hidden=256):
    """Dense VAE, keras.io style."""
    return _built(_VAE(latent, hidden))


def summed_bce(y_true, y_pred):
    """Binary cross-entropy summed over the pixels of each image (keras.io's reconstruction)."""
    flat_t = [ops.reshape(t, (-1, 784)) for t in (y_true, y_pred)]
    return 784 * keras.losses.binary_crossentropy(*flat_t)


class KerasioVAE(keras.Model):
    """keras.io's conv VAE as its example writes it: an encoder and a decoder model, z sampled in
    every forward pass, and the loss per image summed over the pixels (BCE) plus the KL, averaged
    over the batch. The example's GradientTape ``train_step`` becomes ``compute_loss``, which
    ``fit`` calls on every backend; compile it with an optimizer and no loss."""

    def __init__(self, latent=2, seed=None, **kwargs):
        super().__init__(name="kerasio_vae", **kwargs)
        inp = keras.Input(IMAGE)
        x = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(inp)
        x = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
        x = layers.Dense(16, activation="relu")(layers.Flatten()(x))
        self.encoder = keras.Model(inp, [layers.Dense(latent)(x), layers.Dense(latent)(x)])
        z = keras.Input((latent,))
        x = layers.Reshape((7, 7, 64))(layers.Dense(7 * 7 * 64, activation="relu")(z))
        x = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(x)
        x = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")(x)
        out = layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")(x)
        self.decoder = keras.Model(z, out)
        self.seed = keras.random.SeedGenerator(seed)

    def call(self, x, training=False):
        z_mean, z_log_var = self.encoder(x)
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed)
        return self.decoder(z_mean + ops.exp(0.5 * z_log_var) * eps), (z_mean, z_log_var)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        reconstruction, stats = y_pred
        return ops.mean(summed_bce(x, reconstruction) + gaussian_kl(*stats))


def kerasio_vae(latent=2, seed=None):
    """keras.io's conv VAE with its summed loss (the vae row's like-for-like rival)."""
    return _built(KerasioVAE(latent, seed))
