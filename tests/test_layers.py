"""Custom layers of the topic modules: each penalty equals its formula computed in numpy."""

import keras
import numpy as np
import pytest
from conftest import batch_jacobian, gradient

from aekeras import (
    ActivityPenalty,
    ContractiveDense,
    EmbeddingLoss,
    KLSparsity,
    KSparse,
    MaskingNoise,
    SaltAndPepper,
    Sampling,
    contractive_penalty,
    gaussian_kl,
    kl_sparsity,
    pairwise_embedding_loss,
)


def np_kl(h, rho, beta):
    rho_hat = h.mean(axis=0)
    return beta * np.sum(
        rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
    )


def own_losses(model):
    return float(sum(keras.ops.convert_to_numpy(loss) for loss in model.losses))


def test_kl_sparsity_layer_adds_beta_times_kl_of_batch_mean():
    rng = np.random.default_rng(0)
    h = rng.uniform(0.01, 0.99, size=(32, 10)).astype("float32")
    layer = KLSparsity(rho=0.05, beta=0.7)
    out = layer(h)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(out), h)  # identity
    assert len(layer.losses) == 1
    added = float(keras.ops.convert_to_numpy(layer.losses[0]))
    np.testing.assert_allclose(added, np_kl(h, 0.05, 0.7), rtol=1e-5)


def test_kl_sparsity_is_finite_when_units_are_always_0_or_1():
    h = np.zeros((16, 4), dtype="float32")
    h[:, 2:] = 1.0  # rho_hat = 0 for two units, 1 for two units
    value = float(keras.ops.convert_to_numpy(kl_sparsity(h, rho=0.05)))
    assert np.isfinite(value) and value > 0
    # and its gradient too
    assert np.all(np.isfinite(gradient(lambda v: kl_sparsity(v, rho=0.05), h)))


def test_kl_sparsity_default_target_is_the_layer_default():
    h = np.random.default_rng(5).uniform(0.01, 0.99, size=(16, 6)).astype("float32")
    layer = KLSparsity(beta=1.0)
    layer(h)
    value = float(keras.ops.convert_to_numpy(kl_sparsity(h)))
    assert layer.rho == 0.05
    np.testing.assert_allclose(value, float(keras.ops.convert_to_numpy(layer.losses[0])), rtol=1e-6)


def test_kl_sparsity_is_zero_at_rho():
    h = np.full((8, 5), 0.05, dtype="float32")
    assert abs(float(keras.ops.convert_to_numpy(kl_sparsity(h, rho=0.05)))) < 1e-6


@pytest.mark.parametrize("kind, lam", [("l1", 0.01), ("l2", 0.03)])
def test_activity_penalty_is_lam_times_batch_mean_whatever_the_batch_size(kind, lam):
    """Keras's activity_regularizer is divided by the batch size only since early 2026
    (keras-team/keras#22018); ActivityPenalty is the same formula on every Keras 3."""
    h = np.random.default_rng(1).normal(size=(20, 6)).astype("float32")
    per_sample = np.abs(h).sum(axis=1) if kind == "l1" else (h**2).sum(axis=1)
    for batch in (h, np.concatenate([h, h, h])):  # 20 or 60 rows, same per-sample mean
        layer = ActivityPenalty(kind, lam=lam)
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(batch)), batch)
        np.testing.assert_allclose(own_losses(layer), lam * per_sample.mean(), rtol=1e-5)


@pytest.mark.parametrize("training", [False, True])
def test_k_sparse_keeps_exactly_k_largest(training):
    x = np.random.default_rng(2).normal(size=(50, 12)).astype("float32")
    out = keras.ops.convert_to_numpy(KSparse(3)(x, training=training))
    assert np.all((out != 0).sum(axis=1) == 3)
    kth = np.sort(x, axis=1)[:, -3]
    np.testing.assert_array_equal(out, np.where(x >= kth[:, None], x, 0))


def test_k_sparse_schedule_counts_steps_in_a_weight_that_is_not_trained():
    layer = KSparse(2, k_start=8, anneal_steps=3)
    layer.build((None, 8))  # k_start equal to the code size is allowed
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 1
    KSparse(8).build((None, 8))  # so is k


def test_k_sparse_refuses_k_above_code_size():
    with pytest.raises(ValueError, match="k=5"):
        KSparse(5)(np.zeros((2, 4), "float32"))
    with pytest.raises(ValueError, match="k=0"):
        KSparse(0)
    with pytest.raises(ValueError, match="k_start=9: must be at most the code size 5"):
        KSparse(2, k_start=9, anneal_steps=3)(np.zeros((2, 5), "float32"))


@pytest.mark.parametrize(
    "layer",
    [
        MaskingNoise("patch", size=5, seed=1),
        MaskingNoise("pixels", rate=0.3, seed=1),
        SaltAndPepper(0.2, seed=1),
    ],
    ids=["patch", "pixels", "salt_pepper"],
)
def test_noise_layers_act_in_training_only(layer):
    x = np.random.default_rng(3).uniform(0.2, 0.8, size=(16, 12, 12, 1)).astype("float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(x, training=False)), x)
    noisy = keras.ops.convert_to_numpy(layer(x, training=True))
    assert noisy.shape == x.shape and not np.array_equal(noisy, x)
    changed = noisy != x
    assert np.all(np.isin(noisy[changed], [0.0, 1.0]))  # only 0 (mask/pepper) or 1 (salt)


def test_masking_patch_darkens_one_square_of_the_given_side_per_image():
    x = np.ones((10, 12, 12, 1), dtype="float32")
    out = keras.ops.convert_to_numpy(MaskingNoise("patch", size=4, seed=0)(x, training=True))
    for img in out[..., 0]:
        rows, cols = np.nonzero(img == 0)
        assert len(rows) == 16
        assert rows.max() - rows.min() == 3 and cols.max() - cols.min() == 3


def test_contractive_closed_form_equals_autodiff_jacobian():
    rng = np.random.default_rng(4)
    layer = ContractiveDense(7, lam=0.5)
    x = rng.normal(size=(5, 9)).astype("float32")
    layer(x)  # build
    layer.kernel.assign(rng.normal(size=(9, 7)).astype("float32"))
    jac = batch_jacobian(layer, x)  # (batch, units, inputs)
    frob = (jac**2).sum(axis=(1, 2))
    h = layer(x)
    closed = keras.ops.convert_to_numpy(contractive_penalty(h, layer.kernel))
    np.testing.assert_allclose(closed, frob, rtol=1e-4)
    added = float(keras.ops.convert_to_numpy(layer.losses[0]))
    np.testing.assert_allclose(added, 0.5 * frob.mean(), rtol=1e-4)


def test_sampling_adds_closed_form_gaussian_kl_and_is_deterministic_at_inference():
    rng = np.random.default_rng(5)
    mean = rng.normal(size=(64, 3)).astype("float32")
    log_var = rng.normal(scale=0.5, size=(64, 3)).astype("float32")
    layer = Sampling(kl_weight=0.25, seed=0)
    z = keras.ops.convert_to_numpy(layer([mean, log_var], training=False))
    np.testing.assert_array_equal(z, mean)
    kl = 0.5 * np.sum(np.exp(log_var) + mean**2 - 1 - log_var, axis=1)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(gaussian_kl(mean, log_var)), kl, rtol=1e-5
    )
    np.testing.assert_allclose(own_losses(layer), 0.25 * kl.mean(), rtol=1e-5)
    z_train = keras.ops.convert_to_numpy(layer([mean, log_var], training=True))
    assert not np.allclose(z_train, mean)
    # reparameterization: (z - mean) / std is standard normal
    eps = (z_train - mean) / np.exp(0.5 * log_var)
    assert abs(eps.mean()) < 0.3 and 0.7 < eps.std() < 1.3


def test_embedding_losses_match_their_formulas():
    rng = np.random.default_rng(6)
    hi, hj = rng.normal(size=(2, 8, 3)).astype("float32")
    phi01 = np.array([1, 0, 1, 0, 0, 1, 1, 0], dtype="float32")
    phi = rng.uniform(0, 2, size=8).astype("float32")
    d2 = ((hi - hj) ** 2).sum(axis=1)

    def loss(kind, p, margin=1.0):
        return keras.ops.convert_to_numpy(pairwise_embedding_loss(hi, hj, p, kind, margin))

    np.testing.assert_allclose(loss("le", phi), d2 * phi, rtol=1e-5)
    np.testing.assert_allclose(loss("mds", phi), (np.sqrt(d2) - phi) ** 2, rtol=1e-4)
    margin = np.where(phi01 == 1, d2, np.maximum(0, 3.0 - d2))
    np.testing.assert_allclose(loss("margin", phi01, 3.0), margin, rtol=1e-5)
    layer = EmbeddingLoss("mds", weight=0.5)
    layer([hi, hj, phi])
    np.testing.assert_allclose(own_losses(layer), 0.5 * np.mean((np.sqrt(d2) - phi) ** 2), 1e-4)


@pytest.mark.parametrize(
    "layer",
    [
        ActivityPenalty("l2", lam=0.3),
        KLSparsity(rho=0.1, beta=2.0),
        KSparse(3),
        MaskingNoise("pixels", rate=0.2, seed=3),
        SaltAndPepper(0.05, seed=2),
        ContractiveDense(4, lam=0.2),
        Sampling(kl_weight=0.5, seed=1),
        EmbeddingLoss("margin", weight=2.0, margin=0.5),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_layers_are_registered_and_round_trip_their_config(layer):
    name = type(layer).__name__
    assert keras.saving.get_registered_name(type(layer)) == f"aekeras>{name}"
    config = keras.saving.serialize_keras_object(layer)
    again = keras.saving.deserialize_keras_object(config)
    assert type(again) is type(layer)
    assert again.get_config() == layer.get_config()


def test_masking_patch_checks_the_image_shape_when_built():
    with pytest.raises(ValueError, match=r"kind='patch' needs images .*got shape \(2, 784\)"):
        MaskingNoise("patch", size=3)(np.ones((2, 784), "float32"))
    with pytest.raises(ValueError, match="size=7: must be at most the image side 6"):
        MaskingNoise("patch", size=7)(np.ones((2, 6, 20, 1), "float32"))
    # a square as tall as a 6 x 20 image fits, on 3-d and 4-d images alike
    for shape in [(5, 6, 20), (5, 6, 20, 1)]:
        out = MaskingNoise("patch", size=6, seed=0)(np.ones(shape, "float32"), training=True)
        assert np.all(np.sum(keras.ops.convert_to_numpy(out) == 0, axis=(1, 2)).ravel() == 36)
    # "pixels" takes any shape
    out = MaskingNoise("pixels", rate=0.5, seed=0)(np.ones((2, 784), "float32"), training=True)
    assert 0 < np.mean(keras.ops.convert_to_numpy(out) == 0) < 1


def test_masking_patch_lands_anywhere_it_fits_on_a_non_square_image():
    # 6 x 20 images, 3 x 3 squares: 4 rows and 18 columns of top-left corners, all reachable
    out = MaskingNoise("patch", size=3, seed=0)(np.ones((2000, 6, 20), "float32"), training=True)
    out = keras.ops.convert_to_numpy(out)
    assert np.all(np.sum(out == 0, axis=(1, 2)) == 9)  # the whole square inside the image
    tops = {int(np.nonzero(img == 0)[0].min()) for img in out}
    lefts = {int(np.nonzero(img == 0)[1].min()) for img in out}
    assert tops == set(range(4)) and lefts == set(range(18))


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: MaskingNoise("patch", size=4, seed=seed),
        lambda seed: MaskingNoise("pixels", rate=0.3, seed=seed),
        lambda seed: SaltAndPepper(0.3, seed=seed),
    ],
    ids=["patch", "pixels", "salt_pepper"],
)
def test_noise_layers_are_reproducible_from_their_seed(make):
    x = np.full((8, 12, 12, 1), 0.5, dtype="float32")

    def draw(seed):
        return keras.ops.convert_to_numpy(make(seed)(x, training=True))

    np.testing.assert_array_equal(draw(1), draw(1))
    assert not np.array_equal(draw(1), draw(2))


def test_bad_layer_arguments_raise_value_error_naming_them():
    with pytest.raises(ValueError, match="kind='l3'"):
        ActivityPenalty("l3")
    with pytest.raises(ValueError, match="rho=1.5"):
        KLSparsity(rho=1.5)
    with pytest.raises(ValueError, match="beta=-1"):
        KLSparsity(beta=-1)
    with pytest.raises(ValueError, match="kind='blur'"):
        MaskingNoise("blur")
    with pytest.raises(ValueError, match="amount=1.5"):
        SaltAndPepper(1.5)
    with pytest.raises(ValueError, match="lam=-0.1"):
        ContractiveDense(3, lam=-0.1)
    with pytest.raises(ValueError, match="kind='pca'"):
        pairwise_embedding_loss(np.zeros((1, 2)), np.zeros((1, 2)), np.ones(1), "pca")


# ---- penalties in the fit log ------------------------------------------------------------------


def logged(autoencoder, x, **compile_kw):
    """Metrics of one evaluation batch holding all of x (so batch statistics are over x)."""
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy", **compile_kw)
    return autoencoder.evaluate(x, x, batch_size=len(x), verbose=0, return_dict=True)


needs_layer_metrics = pytest.mark.skipif(
    keras.backend.backend() == "jax", reason="JAX cannot update a metric inside call"
)


@needs_layer_metrics
def test_sparse_and_contractive_terms_appear_in_the_log_with_their_value():
    from aekeras import create_contractive_ae, create_sparse_ae

    x = np.random.default_rng(7).uniform(size=(40, 6, 6, 1)).astype("float32")
    encoder, _, ae = create_sparse_ae((6, 6, 1), encoding_dim=9, penalty="kl", rho=0.1, beta=0.3)
    h = keras.ops.convert_to_numpy(encoder(x))
    np.testing.assert_allclose(logged(ae, x)["kl_sparsity"], np_kl(h, 0.1, 0.3), rtol=1e-4)

    encoder, _, ae = create_sparse_ae((6, 6, 1), encoding_dim=9, penalty="l1", lam=0.02)
    h = keras.ops.convert_to_numpy(encoder(x))
    np.testing.assert_allclose(logged(ae, x)["l1_penalty"], 0.02 * h.sum(1).mean(), rtol=1e-4)

    encoder, _, ae = create_contractive_ae((6, 6, 1), encoding_dim=5, lam=0.4)
    layer = encoder.get_layer("code")
    h = encoder(x)
    expected = 0.4 * np.mean(keras.ops.convert_to_numpy(contractive_penalty(h, layer.kernel)))
    np.testing.assert_allclose(logged(ae, x)["contractive"], expected, rtol=1e-4)


@needs_layer_metrics
def test_vae_log_shows_kl_and_reconstruction_per_image_which_add_up_to_the_loss():
    from aekeras import create_vae, reconstruction

    x = np.random.default_rng(8).uniform(size=(32, 5, 5, 1)).astype("float32")
    encoder, decoder, ae = create_vae((5, 5, 1), latent_dim=2, hidden=(7,), beta=1.0, seed=0)
    log = logged(ae, x, metrics=[reconstruction])
    z_mean, z_log_var, _ = (keras.ops.convert_to_numpy(t) for t in encoder(x))
    kl = 0.5 * np.sum(np.exp(z_log_var) + z_mean**2 - 1 - z_log_var, axis=1).mean()
    p = np.clip(keras.ops.convert_to_numpy(decoder(z_mean)), 1e-7, 1 - 1e-7)  # predict: z = mean
    nll = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=(1, 2, 3)).mean()
    np.testing.assert_allclose(log["kl"], kl, rtol=1e-4)
    np.testing.assert_allclose(log["reconstruction"], nll, rtol=1e-4)
    # the loss is the negative ELBO per pixel: (reconstruction + KL) / 25
    np.testing.assert_allclose(log["loss"], (nll + kl) / 25, rtol=1e-3)


# ---- k-sparse: ties, gradient, schedule, alpha * k --------------------------------------------


def test_k_sparse_keeps_all_values_tied_at_the_kth():
    x = np.array([[5.0, 3.0, 3.0, 1.0], [4.0, 3.0, 2.0, 1.0]], dtype="float32")
    out = keras.ops.convert_to_numpy(KSparse(2)(x))
    np.testing.assert_array_equal(out, [[5, 3, 3, 0], [4, 3, 0, 0]])


@pytest.mark.parametrize("training", [False, True])
def test_k_sparse_gradient_flows_only_through_the_kept_units(training):
    x = np.random.default_rng(9).normal(size=(6, 10)).astype("float32")
    weights = np.arange(1, 11, dtype="float32")
    layer = KSparse(3)
    grad = gradient(lambda v: keras.ops.sum(layer(v, training=training) * weights), x)
    kept = keras.ops.convert_to_numpy(layer(x, training=training)) != 0
    np.testing.assert_array_equal(grad, np.where(kept, weights, 0.0))


def test_k_sparse_schedule_lowers_k_linearly_then_holds_and_alpha_widens_inference():
    x = np.random.default_rng(10).normal(size=(4, 12)).astype("float32")
    layer = KSparse(2, k_start=6, anneal_steps=4, alpha=2.0)
    active = [
        set((keras.ops.convert_to_numpy(layer(x, training=True)) != 0).sum(1)) for _ in range(6)
    ]
    assert active == [{6}, {5}, {4}, {3}, {2}, {2}]
    assert set((keras.ops.convert_to_numpy(layer(x, training=False)) != 0).sum(1)) == {4}


def test_k_sparse_options_are_checked_and_round_trip():
    with pytest.raises(ValueError, match="k_start=1"):
        KSparse(2, k_start=1, anneal_steps=3)
    with pytest.raises(ValueError, match="alpha=0.5"):
        KSparse(2, alpha=0.5)
    with pytest.raises(ValueError, match="alpha \\* k=6"):
        KSparse(2, alpha=3.0)(np.zeros((1, 5), "float32"))
    layer = KSparse(3, k_start=9, anneal_steps=100, alpha=1.5)
    again = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert (again.k, again.k_start, again.anneal_steps, again.alpha) == (3, 9, 100, 1.5)


# ---- what a broken implementation would pass: noise scale and amount, configs that forget -----


def test_sampling_noise_has_the_variance_exp_log_var():
    """z - z_mean must have variance exp(log_var): 4 here, not 1 (mean + eps) or 16."""
    mean = np.full((20000, 2), 3.0, dtype="float32")
    log_var = np.full((20000, 2), np.log(4.0), dtype="float32")
    z = keras.ops.convert_to_numpy(Sampling(seed=0)([mean, log_var], training=True))
    noise = z - mean
    assert abs(noise.mean()) < 0.05
    assert noise.var() == pytest.approx(4.0, rel=0.05)


def test_sampling_draws_are_reproducible_from_its_seed():
    mean = np.zeros((64, 2), dtype="float32")
    log_var = np.zeros((64, 2), dtype="float32")

    def draw(seed):
        return keras.ops.convert_to_numpy(Sampling(seed=seed)([mean, log_var], training=True))

    np.testing.assert_array_equal(draw(3), draw(3))
    assert not np.array_equal(draw(3), draw(4))


def test_kl_sparsity_layer_clips_rho_hat_with_its_own_eps():
    h = np.zeros((16, 4), dtype="float32")  # rho_hat = 0, so the clip decides the value
    layer = KLSparsity(rho=0.05, beta=1.0, eps=0.01)
    layer(h)
    added = float(keras.ops.convert_to_numpy(layer.losses[0]))
    expected = 4 * (0.05 * np.log(0.05 / 0.01) + 0.95 * np.log(0.95 / 0.99))
    np.testing.assert_allclose(added, expected, rtol=1e-5)


def test_noise_layers_change_the_asked_share_of_values():
    x = np.full((200, 20, 20, 1), 0.5, dtype="float32")
    pixels = keras.ops.convert_to_numpy(MaskingNoise("pixels", rate=0.3, seed=0)(x, training=True))
    assert (pixels == 0).mean() == pytest.approx(0.3, abs=0.01)
    sp = keras.ops.convert_to_numpy(SaltAndPepper(0.2, seed=0)(x, training=True))
    hit = sp != 0.5
    assert hit.mean() == pytest.approx(0.2, abs=0.01)
    assert (sp[hit] == 1).mean() == pytest.approx(0.5, abs=0.03)  # half salt, half pepper


def _one_layer_model(layer, shape):
    inputs = [keras.Input(shape=s) for s in shape] if isinstance(shape, list) else None
    if inputs is not None:
        return keras.Model(inputs, layer(inputs))
    inp = keras.Input(shape=shape)
    return keras.Model(inp, layer(inp))


NON_DEFAULT_LAYERS = {
    "ActivityPenalty": (lambda: ActivityPenalty("l2", lam=0.3), (6,)),
    "KLSparsity": (lambda: KLSparsity(rho=0.2, beta=0.7, eps=1e-5), (6,)),
    "KSparse": (lambda: KSparse(2, k_start=5, anneal_steps=7, alpha=1.5), (6,)),
    "MaskingNoise": (lambda: MaskingNoise("pixels", size=3, rate=0.45, seed=3), (6,)),
    "MaskingNoise_patch": (lambda: MaskingNoise("patch", size=3, seed=3), (6, 6, 1)),
    "SaltAndPepper": (lambda: SaltAndPepper(0.35, seed=2), (6,)),
    "ContractiveDense": (lambda: ContractiveDense(4, lam=0.2), (6,)),
    "Sampling": (lambda: Sampling(kl_weight=0.5, seed=1), [(3,), (3,)]),
    "EmbeddingLoss": (lambda: EmbeddingLoss("mds", weight=2.0, margin=0.5), [(3,), (3,), ()]),
    "EmbeddingLoss_margin": (  # margin > every distance here, so the margin sets the penalty
        lambda: EmbeddingLoss("margin", weight=2.0, margin=3.0),
        [(3,), (3,), ()],
    ),
}


@pytest.mark.parametrize("name", NON_DEFAULT_LAYERS)
def test_layers_built_with_non_default_values_save_and_load_them(name, tmp_path):
    make, shape = NON_DEFAULT_LAYERS[name]
    model = _one_layer_model(make(), shape)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    layer, again = model.layers[-1], loaded.layers[-1]
    assert again.get_config() == layer.get_config()
    # the behaviour too: the same penalty, noise amount or number of kept units after loading
    rng = np.random.default_rng(0)
    if isinstance(shape, list):
        x = [rng.uniform(0.1, 0.9, size=(500, *s)).astype("float32") for s in shape]
    else:
        x = rng.uniform(0.1, 0.9, size=(500, *shape)).astype("float32")
    before, after = model(x, training=True), loaded(x, training=True)
    if name in ("MaskingNoise", "SaltAndPepper", "MaskingNoise_patch"):
        share = [np.mean(keras.ops.convert_to_numpy(out) != x) for out in (before, after)]
        assert share[1] == pytest.approx(share[0], abs=0.02)
    elif name == "KSparse":
        kept = (keras.ops.convert_to_numpy(loaded(x, training=False)) != 0).sum(1)
        assert set(kept) == {3}  # round(1.5 * 2)
    else:
        np.testing.assert_allclose(own_losses(loaded), own_losses(model), rtol=1e-5)
