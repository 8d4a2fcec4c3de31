"""aekeras.sparse: the sparse autoencoder's penalties (ActivityPenalty, kl_sparsity, KLSparsity),
each equal to its formula computed in numpy, and the k-sparse autoencoder (KSparse)."""

import keras
import numpy as np
import pytest
from conftest import (
    BATCH,
    EPOCHS,
    LR,
    as_np,
    check_factory_contract,
    check_flat_and_small_shapes,
    check_layer_round_trip,
    check_non_default_factory_round_trip,
    check_refused,
    code_of,
    gradient,
    needs_layer_metrics,
    one_layer_model,
    own_losses,
)

from aekeras import (
    PENALTY_WEIGHTS,
    ActivityPenalty,
    KLSparsity,
    KSparse,
    create_k_sparse_ae,
    create_sparse_ae,
    kl_sparsity,
    reconstruction_error,
)

FACTORIES = {
    "sparse_kl": lambda **kw: create_sparse_ae(encoding_dim=32, penalty="kl", **kw),
    "sparse_l1": lambda **kw: create_sparse_ae(encoding_dim=32, penalty="l1", **kw),
    "sparse_l2": lambda **kw: create_sparse_ae(encoding_dim=32, penalty="l2", **kw),
    "k_sparse": lambda **kw: create_k_sparse_ae(encoding_dim=32, k=8, **kw),
}


def np_kl(h, rho, weight):
    rho_hat = h.mean(axis=0)
    return weight * np.sum(
        rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
    )


# ---- the factories -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FACTORIES)
def test_factory_contract(name, mnist_small, tmp_path):
    check_factory_contract(FACTORIES[name], mnist_small, tmp_path)


@pytest.mark.parametrize("shape", [(784,), (8,)])
@pytest.mark.parametrize("name", FACTORIES)
def test_flat_and_small_shapes(name, shape):
    check_flat_and_small_shapes(FACTORIES[name], shape)


def test_sparse_kl_penalty_in_the_model_equals_numpy(mnist_small):
    _, (x_test, _) = mnist_small
    encoder, _, autoencoder = create_sparse_ae(encoding_dim=16, penalty="kl", rho=0.1, weight=0.3)
    h = as_np(encoder(x_test))
    autoencoder(x_test)
    assert len(autoencoder.losses) == 1
    np.testing.assert_allclose(own_losses(autoencoder), np_kl(h, 0.1, 0.3), rtol=1e-4)
    assert encoder.get_layer("code").activation.__name__ == "sigmoid"


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_sparse_l1_l2_penalty_equals_weight_times_batch_mean(penalty, mnist_small):
    _, (x_test, _) = mnist_small
    encoder, _, autoencoder = create_sparse_ae(encoding_dim=16, penalty=penalty, weight=0.01)
    h = as_np(encoder(x_test))
    per_sample = np.abs(h).sum(1) if penalty == "l1" else (h**2).sum(1)
    autoencoder(x_test)
    np.testing.assert_allclose(own_losses(autoencoder), 0.01 * per_sample.mean(), rtol=1e-4)
    assert encoder.get_layer("code").activation.__name__ == "relu"


@pytest.mark.parametrize("penalty", ["kl", "l1", "l2"])
def test_sparse_default_weight_is_the_penalty_weights_entry(penalty):
    encoder, _, _ = create_sparse_ae((4,), encoding_dim=3, penalty=penalty)
    assert encoder.layers[-1].weight == PENALTY_WEIGHTS[penalty]
    assert PENALTY_WEIGHTS == {"kl": 0.1, "l1": 1e-4, "l2": 1e-4}


def test_sparse_kl_mean_activations_move_toward_rho_while_reconstruction_improves(mnist_small):
    (x_train, _), (x_test, _) = mnist_small
    keras.utils.set_random_seed(0)
    encoder, decoder, autoencoder = create_sparse_ae(
        encoding_dim=32, penalty="kl", rho=0.05, weight=0.1
    )

    def reconstruction():  # the BCE part alone, without the penalty
        out = autoencoder.predict(x_test, verbose=0)
        return reconstruction_error(x_test, out, "bce").mean()

    gap_before = np.abs(code_of(encoder, x_test).mean(axis=0) - 0.05).mean()
    bce_before = reconstruction()
    autoencoder.compile(optimizer=keras.optimizers.Adam(LR), loss="binary_crossentropy")
    autoencoder.fit(x_train, x_train, epochs=EPOCHS, batch_size=BATCH, verbose=0)
    gap_after = np.abs(code_of(encoder, x_test).mean(axis=0) - 0.05).mean()
    assert gap_after < 0.5 * gap_before
    assert reconstruction() < 0.9 * bce_before


def test_k_sparse_code_has_exactly_k_nonzeros(mnist_small):
    _, (x_test, _) = mnist_small
    encoder, _, _ = create_k_sparse_ae(encoding_dim=40, k=7)
    codes = code_of(encoder, x_test)
    assert np.all((codes != 0).sum(axis=1) == 7)


def logged(autoencoder, x, **compile_kw):
    """Metrics of one evaluation batch holding all of x (so batch statistics are over x)."""
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy", **compile_kw)
    return autoencoder.evaluate(x, x, batch_size=len(x), verbose=0, return_dict=True)


@needs_layer_metrics
def test_sparse_terms_appear_in_the_log_with_their_value():
    x = np.random.default_rng(7).uniform(size=(40, 6, 6, 1)).astype("float32")
    encoder, _, ae = create_sparse_ae((6, 6, 1), encoding_dim=9, penalty="kl", rho=0.1, weight=0.3)
    h = as_np(encoder(x))
    np.testing.assert_allclose(logged(ae, x)["kl_sparsity"], np_kl(h, 0.1, 0.3), rtol=1e-4)
    for penalty, size in [("l1", np.abs), ("l2", np.square)]:
        encoder, _, ae = create_sparse_ae((6, 6, 1), encoding_dim=9, penalty=penalty, weight=0.02)
        h = as_np(encoder(x))
        expected = 0.02 * size(h).sum(1).mean()
        np.testing.assert_allclose(logged(ae, x)[f"{penalty}_penalty"], expected, rtol=1e-4)


NON_DEFAULT_FACTORIES = {
    "sparse_kl": lambda: create_sparse_ae((6, 6, 1), encoding_dim=9, rho=0.2, weight=0.7),
    "sparse_l2": lambda: create_sparse_ae((6, 6, 1), encoding_dim=9, penalty="l2", weight=0.03),
    "k_sparse": lambda: create_k_sparse_ae(
        (6, 6, 1), encoding_dim=9, k=2, k_start=6, anneal_steps=5, alpha=2.0
    ),
}


@pytest.mark.parametrize("name", NON_DEFAULT_FACTORIES)
def test_factories_with_non_default_values_save_and_load_them(name, tmp_path):
    check_non_default_factory_round_trip(NON_DEFAULT_FACTORIES[name], tmp_path)


# ---- the penalty layers ------------------------------------------------------------------------


def test_kl_sparsity_layer_adds_weight_times_kl_of_batch_mean():
    rng = np.random.default_rng(0)
    h = rng.uniform(0.01, 0.99, size=(32, 10)).astype("float32")
    layer = KLSparsity(rho=0.05, weight=0.7)
    out = layer(h)
    np.testing.assert_array_equal(as_np(out), h)  # identity
    assert len(layer.losses) == 1
    np.testing.assert_allclose(own_losses(layer), np_kl(h, 0.05, 0.7), rtol=1e-5)


def test_kl_sparsity_is_finite_when_units_are_always_0_or_1():
    h = np.zeros((16, 4), dtype="float32")
    h[:, 2:] = 1.0  # rho_hat = 0 for two units, 1 for two units
    value = float(as_np(kl_sparsity(h, rho=0.05)))
    assert np.isfinite(value) and value > 0
    # and its gradient too
    assert np.all(np.isfinite(gradient(lambda v: kl_sparsity(v, rho=0.05), h)))


def test_kl_sparsity_clips_rho_hat_to_eps_and_one_minus_eps():
    h = np.zeros((8, 2), dtype="float32")
    h[:, 1] = 1.0  # rho_hat = 0 and 1: the clip decides both terms
    eps, rho = 1e-3, 0.2
    expected = rho * np.log(rho / eps) + (1 - rho) * np.log((1 - rho) / (1 - eps))
    expected += rho * np.log(rho / (1 - eps)) + (1 - rho) * np.log((1 - rho) / eps)
    np.testing.assert_allclose(float(as_np(kl_sparsity(h, rho=rho, eps=eps))), expected, rtol=1e-4)


def test_kl_sparsity_default_target_is_the_layer_default():
    h = np.random.default_rng(5).uniform(0.01, 0.99, size=(16, 6)).astype("float32")
    layer = KLSparsity(weight=1.0)
    layer(h)
    value = float(as_np(kl_sparsity(h)))
    assert layer.rho == 0.05
    np.testing.assert_allclose(value, own_losses(layer), rtol=1e-6)
    np.testing.assert_allclose(value, np_kl(h, 0.05, 1.0), rtol=1e-5)


def test_kl_sparsity_is_zero_at_rho():
    h = np.full((8, 5), 0.05, dtype="float32")
    assert abs(float(as_np(kl_sparsity(h, rho=0.05)))) < 1e-6


def test_kl_sparsity_layer_clips_rho_hat_with_its_own_eps():
    h = np.zeros((16, 4), dtype="float32")  # rho_hat = 0, so the clip decides the value
    layer = KLSparsity(rho=0.05, weight=1.0, eps=0.01)
    layer(h)
    expected = 4 * (0.05 * np.log(0.05 / 0.01) + 0.95 * np.log(0.95 / 0.99))
    np.testing.assert_allclose(own_losses(layer), expected, rtol=1e-5)


@pytest.mark.parametrize("kind, weight", [("l1", 0.01), ("l2", 0.03)])
def test_activity_penalty_is_weight_times_batch_mean_whatever_the_batch_size(kind, weight):
    """Keras's activity_regularizer is divided by the batch size only since early 2026
    (keras-team/keras#22018); ActivityPenalty is the same formula on every Keras 3."""
    h = np.random.default_rng(1).normal(size=(20, 6)).astype("float32")
    per_sample = np.abs(h).sum(axis=1) if kind == "l1" else (h**2).sum(axis=1)
    for batch in (h, np.concatenate([h, h, h])):  # 20 or 60 rows, same per-sample mean
        layer = ActivityPenalty(kind, weight=weight)
        np.testing.assert_array_equal(as_np(layer(batch)), batch)
        np.testing.assert_allclose(own_losses(layer), weight * per_sample.mean(), rtol=1e-5)


def test_activity_penalty_defaults_to_l1_with_weight_1e_4():
    h = np.random.default_rng(2).normal(size=(10, 4)).astype("float32")
    layer = ActivityPenalty()
    layer(h)
    np.testing.assert_allclose(own_losses(layer), 1e-4 * np.abs(h).sum(1).mean(), rtol=1e-5)


@pytest.mark.parametrize(
    "layer",
    [ActivityPenalty("l2", weight=0.3), KLSparsity(rho=0.1, weight=2.0), KSparse(3)],
    ids=lambda layer: type(layer).__name__,
)
def test_layers_are_registered_and_round_trip_their_config(layer):
    check_layer_round_trip(layer)


NON_DEFAULT_LAYERS = {
    "ActivityPenalty": lambda: ActivityPenalty("l2", weight=0.3),
    "KLSparsity": lambda: KLSparsity(rho=0.2, weight=0.7, eps=1e-5),
    "KSparse": lambda: KSparse(2, k_start=5, anneal_steps=7, alpha=1.5),
}


@pytest.mark.parametrize("name", NON_DEFAULT_LAYERS)
def test_layers_built_with_non_default_values_save_and_load_them(name, tmp_path):
    model = one_layer_model(NON_DEFAULT_LAYERS[name](), (6,))
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[-1].get_config() == model.layers[-1].get_config()
    # the behaviour too: the same penalty or number of kept units after loading
    x = np.random.default_rng(0).uniform(0.1, 0.9, size=(500, 6)).astype("float32")
    if name == "KSparse":
        kept = (as_np(loaded(x, training=False)) != 0).sum(1)
        assert set(kept) == {3}  # round(1.5 * 2)
    else:
        model(x, training=True)
        loaded(x, training=True)
        np.testing.assert_allclose(own_losses(loaded), own_losses(model), rtol=1e-5)


# ---- KSparse -----------------------------------------------------------------------------------


@pytest.mark.parametrize("training", [False, True])
def test_k_sparse_keeps_exactly_k_largest(training):
    x = np.random.default_rng(2).normal(size=(50, 12)).astype("float32")
    out = as_np(KSparse(3)(x, training=training))
    assert np.all((out != 0).sum(axis=1) == 3)
    kth = np.sort(x, axis=1)[:, -3]
    np.testing.assert_array_equal(out, np.where(x >= kth[:, None], x, 0))


def test_k_sparse_keeps_all_values_tied_at_the_kth():
    x = np.array([[5.0, 3.0, 3.0, 1.0], [4.0, 3.0, 2.0, 1.0]], dtype="float32")
    out = as_np(KSparse(2)(x))
    np.testing.assert_array_equal(out, [[5, 3, 3, 0], [4, 3, 0, 0]])


@pytest.mark.parametrize("training", [False, True])
def test_k_sparse_gradient_flows_only_through_the_kept_units(training):
    x = np.random.default_rng(9).normal(size=(6, 10)).astype("float32")
    weights = np.arange(1, 11, dtype="float32")
    layer = KSparse(3)
    grad = gradient(lambda v: keras.ops.sum(layer(v, training=training) * weights), x)
    kept = as_np(layer(x, training=training)) != 0
    np.testing.assert_array_equal(grad, np.where(kept, weights, 0.0))


def test_k_sparse_schedule_counts_steps_in_a_weight_that_is_not_trained():
    layer = KSparse(2, k_start=8, anneal_steps=3)
    layer.build((None, 8))  # k_start equal to the code size is allowed
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 1
    KSparse(8).build((None, 8))  # so is k
    plain = KSparse(2)
    plain.build((None, 8))
    assert plain.weights == []  # no schedule, no counter


def test_k_sparse_schedule_lowers_k_linearly_then_holds_and_alpha_widens_inference():
    x = np.random.default_rng(10).normal(size=(4, 12)).astype("float32")
    layer = KSparse(2, k_start=6, anneal_steps=4, alpha=2.0)
    active = [set((as_np(layer(x, training=True)) != 0).sum(1)) for _ in range(6)]
    assert active == [{6}, {5}, {4}, {3}, {2}, {2}]
    assert set((as_np(layer(x, training=False)) != 0).sum(1)) == {4}


def test_k_sparse_schedule_rounds_k_between_its_ends():
    """k_start=5 to k=2 over 2 steps: 5, then 5 - 1.5 = 3.5 rounded to 4 (half to even), then 2."""
    x = np.random.default_rng(11).normal(size=(3, 8)).astype("float32")
    layer = KSparse(2, k_start=5, anneal_steps=2)
    active = [set((as_np(layer(x, training=True)) != 0).sum(1)) for _ in range(4)]
    assert active == [{5}, {4}, {2}, {2}]


def test_k_sparse_inference_ignores_the_schedule():
    x = np.random.default_rng(12).normal(size=(5, 9)).astype("float32")
    layer = KSparse(3, k_start=9, anneal_steps=10)
    assert set((as_np(layer(x)) != 0).sum(1)) == {3}  # predict keeps round(alpha * k) = k
    assert set((as_np(layer(x, training=True)) != 0).sum(1)) == {9}


def test_k_sparse_options_round_trip():
    layer = KSparse(3, k_start=9, anneal_steps=100, alpha=1.5)
    again = check_layer_round_trip(layer)
    assert (again.k, again.k_start, again.anneal_steps, again.alpha) == (3, 9, 100, 1.5)


# ---- bad arguments -----------------------------------------------------------------------------

BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: create_sparse_ae(penalty="l3"), "penalty='l3'", "one of ('kl', 'l1', 'l2')"),
    (lambda: create_sparse_ae(rho=0.0), "rho=0.0", "(0, 1)"),
    (lambda: create_sparse_ae(rho=1.2), "rho=1.2", "(0, 1)"),
    (lambda: create_sparse_ae(weight=-1), "weight=-1", ">= 0"),
    (lambda: create_sparse_ae(penalty="l1", weight=-0.1), "weight=-0.1", ">= 0"),
    (lambda: create_sparse_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (lambda: create_sparse_ae(input_shape=(28, -28)), "input_shape=(28, -28)", "positive integers"),
    (
        lambda: create_sparse_ae(output_activation="sigmod"),
        "output_activation='sigmod'",
        "Keras activation",
    ),
    (lambda: create_k_sparse_ae(encoding_dim=10, k=11), "k=11", "at most the code size 10"),
    (lambda: create_k_sparse_ae(k=0), "k=0", "positive integer"),
    (lambda: create_k_sparse_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (
        lambda: create_k_sparse_ae(encoding_dim=10, k=2, k_start=11, anneal_steps=3),
        "k_start=11",
        "at most the code size 10",
    ),
    (
        lambda: create_k_sparse_ae(encoding_dim=10, k=2, alpha=6.0),
        "alpha * k=12",
        "at most the code size 10",
    ),
    (
        lambda: create_k_sparse_ae(output_activation="lin"),
        "output_activation='lin'",
        "Keras activation",
    ),
    (lambda: ActivityPenalty("l3"), "kind='l3'", "'l1' or 'l2'"),
    (lambda: ActivityPenalty("l1", weight=-1e-4), "weight=-0.0001", ">= 0"),
    (lambda: KLSparsity(rho=1.5), "rho=1.5", "(0, 1)"),
    (lambda: KLSparsity(rho=0), "rho=0", "(0, 1)"),
    (lambda: KLSparsity(weight=-1), "weight=-1", ">= 0"),
    (lambda: KSparse(0), "k=0", "positive integer"),
    (lambda: KSparse(True), "k=True", "positive integer"),
    (lambda: KSparse(2.0), "k=2.0", "positive integer"),
    (lambda: KSparse(5)(np.zeros((2, 4), "float32")), "k=5", "at most the code size 4"),
    (
        lambda: KSparse(2, k_start=9, anneal_steps=3)(np.zeros((2, 5), "float32")),
        "k_start=9",
        "at most the code size 5",
    ),
    (lambda: KSparse(2, alpha=3.0)(np.zeros((1, 5), "float32")), "alpha * k=6", "code size 5"),
    (lambda: KSparse(2, k_start=1, anneal_steps=3), "k_start=1", "integer >= k=2"),
    (lambda: KSparse(2, k_start=2.5, anneal_steps=3), "k_start=2.5", "integer >= k=2"),
    (lambda: KSparse(2, anneal_steps=-1), "anneal_steps=-1", "integer >= 0"),
    (lambda: KSparse(2, alpha=0.5), "alpha=0.5", ">= 1"),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)
