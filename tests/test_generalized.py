"""aekeras.generalized: the generalized AE's pairs (Wang et al. 2014) and the embedding with
autoencoder regularization (Yu et al. 2013): its losses, EmbeddingLoss and the pair model."""

import keras
import numpy as np
import pytest
from conftest import as_np, check_layer_round_trip, check_refused, one_layer_model, own_losses

from aekeras import (
    EmbeddingLoss,
    class_knn_pairs,
    class_pairs,
    create_dense_ae,
    create_embedding_ae,
    create_pair_model,
    knn_pairs,
    load_mnist,
    pair_weights,
    pairwise_embedding_loss,
    radius_pairs,
)


@pytest.fixture(scope="module")
def mnist():
    (x_train, y_train), _ = load_mnist(shape="flat", n_train=512, n_test=1, seed=0)
    return x_train, y_train


# ---- generalized AE --------------------------------------------------------------------------


def test_knn_pairs_are_the_k_nearest_with_heat_kernel_weights():
    x = np.random.default_rng(0).normal(size=(30, 3)).astype("float32")
    i, j, s = knn_pairs(x, k=4, t=2.5)
    assert len(i) == len(j) == len(s) == 30 * 4
    d2 = ((x[:, None] - x[None]) ** 2).sum(-1)
    for n in range(30):
        rows = i == n
        expected = set(np.argsort(d2[n])[:4])  # itself (distance 0) and its 3 nearest
        assert set(j[rows]) == expected
        np.testing.assert_allclose(s[rows], np.exp(-d2[n, j[rows]] / 2.5), rtol=1e-5)
    assert np.all(s[i == j] == 1.0)


def test_knn_pairs_default_t_is_mean_squared_neighbour_distance():
    x = np.random.default_rng(1).normal(size=(25, 2)).astype("float32")
    i, j, s = knn_pairs(x, k=3)
    others = i != j
    d2 = ((x[i[others]] - x[j[others]]) ** 2).sum(-1)
    np.testing.assert_allclose(s[others], np.exp(-d2 / d2.mean()), rtol=1e-4)


def test_class_pairs_reconstruct_into_the_class_with_weight_one_over_class_size():
    y = np.array([0, 1, 0, 2, 1, 0])
    i, j, s = class_pairs(y)
    assert len(i) == 3**2 + 2**2 + 1**2
    assert np.all(y[i] == y[j])
    np.testing.assert_allclose(s, 1.0 / np.bincount(y)[y[i]])
    np.testing.assert_allclose(np.bincount(i, weights=s), np.ones(len(y)))  # sum_j s_ij = 1
    assert {(a, b) for a, b in zip(i, j, strict=True)} == {
        (a, b) for a in range(6) for b in range(6) if y[a] == y[b]
    }


def test_omega_i_equal_to_i_is_the_plain_autoencoder(mnist):
    x = mnist[0][:256]
    i, j, s = knn_pairs(x, k=1)
    np.testing.assert_array_equal(i, np.arange(len(x)))
    np.testing.assert_array_equal(j, i)
    np.testing.assert_array_equal(s, np.ones(len(x)))
    histories = []
    for weighted in (False, True):
        keras.utils.set_random_seed(0)
        _, _, ae = create_dense_ae(input_shape=(784,), encoding_dim=16)
        ae.compile(optimizer="adam", loss="mse")
        if weighted:
            h = ae.fit(x[i], x[j], sample_weight=s, epochs=2, batch_size=64, verbose=0)
        else:
            h = ae.fit(x, x, epochs=2, batch_size=64, verbose=0)
        histories.append((h.history["loss"], ae.get_weights()))
    np.testing.assert_allclose(histories[0][0], histories[1][0], rtol=1e-6)
    for a, b in zip(histories[0][1], histories[1][1], strict=True):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_generalized_ae_trains_on_neighbour_pairs(mnist):
    x = mnist[0]
    i, j, s = knn_pairs(x, k=3)
    keras.utils.set_random_seed(0)
    _, _, ae = create_dense_ae(input_shape=(784,), encoding_dim=16)
    ae.compile(optimizer="adam", loss="mse")
    before = ae.evaluate(x[i], x[j], sample_weight=s, verbose=0)
    ae.fit(x[i], x[j], sample_weight=s, epochs=3, batch_size=64, verbose=0)
    assert ae.evaluate(x[i], x[j], sample_weight=s, verbose=0) < 0.7 * before


# ---- embedding with autoencoder regularization -----------------------------------------------


def margin_pairs(y, n_pairs, seed):
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(y), n_pairs)
    j = rng.integers(0, len(y), n_pairs)
    return i, j, (y[i] == y[j]).astype("float32")


@pytest.mark.parametrize("kind", ["le", "mds", "margin"])
def test_embedding_loss_in_the_pair_model_matches_its_formula(mnist, kind):
    x, y = mnist
    i, j, phi = margin_pairs(y, 64, seed=1)
    if kind == "mds":
        phi = phi * 2.0 + 0.5
    encoder, decoder, _ = create_embedding_ae(input_shape=(784,), encoding_dim=3)
    pair_model = create_pair_model(encoder, decoder, kind=kind, weight=0.7, margin=2.0)
    hi, hj = as_np(encoder(x[i])), as_np(encoder(x[j]))
    d2 = ((hi - hj) ** 2).sum(axis=1)
    expected = {
        "le": d2 * phi,
        "mds": (np.sqrt(d2) - phi) ** 2,
        "margin": np.where(phi == 1, d2, np.maximum(0.0, 2.0 - d2)),
    }[kind]
    pair_model([x[i], x[j], phi])
    np.testing.assert_allclose(own_losses(pair_model), 0.7 * expected.mean(), rtol=1e-4)


def test_embedding_ae_shares_weights_saves_and_pulls_similar_pairs_together(mnist, tmp_path):
    x, y = mnist
    keras.utils.set_random_seed(0)
    encoder, decoder, autoencoder = create_embedding_ae(input_shape=(784,), encoding_dim=2)
    pair_model = create_pair_model(encoder, decoder, kind="margin", weight=1.0, margin=1.0)
    names = (encoder.name, decoder.name, autoencoder.name, pair_model.name)
    assert names == ("encoder", "decoder", "autoencoder", "pair_model")
    ae_vars = {id(v) for v in autoencoder.weights}
    assert {id(v) for v in pair_model.weights} == ae_vars
    assert {id(v) for v in encoder.weights + decoder.weights} == ae_vars
    assert autoencoder.predict(x[:8], verbose=0).shape == (8, 784)

    i, j, phi = margin_pairs(y, 4096, seed=0)

    def same_over_different():
        d2 = ((encoder.predict(x[i], verbose=0) - encoder.predict(x[j], verbose=0)) ** 2).sum(1)
        return d2[phi == 1].mean() / d2[phi == 0].mean()

    ratio_before = same_over_different()
    pair_model.compile(optimizer="adam", loss="binary_crossentropy")
    before = pair_model.evaluate([x[i], x[j], phi], [x[i], x[j]], verbose=0)[0]
    pair_model.fit([x[i], x[j], phi], [x[i], x[j]], epochs=3, batch_size=64, verbose=0)
    assert pair_model.evaluate([x[i], x[j], phi], [x[i], x[j]], verbose=0)[0] < 0.9 * before
    assert same_over_different() < 0.8 * ratio_before  # same-digit codes got relatively closer

    for model in (autoencoder, pair_model):
        path = tmp_path / f"{model.name}.keras"
        model.save(path)
        loaded = keras.models.load_model(path)
        inputs = x[:32] if model is autoencoder else [x[i[:32]], x[j[:32]], phi[:32]]
        for got, want in zip(
            keras.tree.flatten(loaded.predict(inputs, verbose=0)),
            keras.tree.flatten(model.predict(inputs, verbose=0)),
            strict=True,
        ):
            np.testing.assert_allclose(got, want, atol=1e-6)
    loaded([x[i[:32]], x[j[:32]], phi[:32]])
    pair_model([x[i[:32]], x[j[:32]], phi[:32]])
    np.testing.assert_allclose(own_losses(loaded), own_losses(pair_model), rtol=1e-5)


# ---- special cases of the generalized AE: eps-ball, distance weights, k1/k2 ---------------------


def squared_distances(x):
    flat = x.reshape(len(x), -1).astype("float64")
    return ((flat[:, None] - flat[None]) ** 2).sum(-1)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_radius_pairs_are_exactly_the_eps_ball(seed):
    x = np.random.default_rng(seed).normal(size=(40, 3)).astype("float32")
    d2 = squared_distances(x)
    eps = float(np.quantile(d2[d2 > 0], 0.2))
    i, j, s = radius_pairs(x, eps=eps, t=3.0)
    assert np.all(d2[i, j] <= eps + 1e-5)  # every pair lies in the ball
    expected = {(a, b) for a in range(40) for b in range(40) if d2[a, b] <= eps}
    assert {(a, b) for a, b in zip(i, j, strict=True)} == expected  # and no pair is missed
    assert np.all(np.diff(i) >= 0) and set(i) == set(range(40))  # every x_i keeps itself
    np.testing.assert_allclose(s, np.exp(-d2[i, j] / 3.0), rtol=1e-5)
    _, _, s_bin = radius_pairs(x, eps=eps, weights="threshold")
    assert np.all(s_bin == 1.0)


def test_radius_pairs_with_eps_zero_is_the_plain_autoencoder():
    x = np.random.default_rng(3).normal(size=(25, 4)).astype("float32")
    i, j, s = radius_pairs(x, eps=0.0)
    np.testing.assert_array_equal(i, np.arange(25))
    np.testing.assert_array_equal(j, i)
    np.testing.assert_array_equal(s, np.ones(25))


def test_pair_weights_follow_their_formulas():
    x = np.random.default_rng(4).normal(size=(20, 5)).astype("float32")
    rng = np.random.default_rng(5)
    i, j = rng.integers(0, 20, 60), rng.integers(0, 20, 60)
    d2 = squared_distances(x)[i, j]
    np.testing.assert_allclose(pair_weights(x, i, j, "sqdist"), d2, rtol=1e-5)
    np.testing.assert_allclose(pair_weights(x, i, j, "distance"), np.sqrt(d2), rtol=1e-5)
    np.testing.assert_allclose(pair_weights(x, i, j, "heat", t=4.0), np.exp(-d2 / 4.0), rtol=1e-5)
    t_mean = d2[i != j].mean()
    np.testing.assert_allclose(pair_weights(x, i, j, "heat"), np.exp(-d2 / t_mean), rtol=1e-5)
    eps = float(np.median(d2))
    np.testing.assert_array_equal(pair_weights(x, i, j, "threshold", eps=eps), d2 <= eps)
    heat = pair_weights(x, i, j, "heat", t=4.0)
    assert np.all((heat > 0) & (heat <= 1)) and np.all(heat[i == j] == 1.0)
    # the heat kernel decreases with distance
    order = np.argsort(d2)
    assert np.all(np.diff(heat[order]) <= 1e-7)


def test_class_knn_pairs_pull_to_the_class_and_push_from_the_others():
    rng = np.random.default_rng(6)
    y = np.repeat([0, 1, 2], [12, 10, 8])
    x = (rng.normal(size=(30, 2)) + 3 * y[:, None]).astype("float32")
    d2 = squared_distances(x)
    i, j, s = class_knn_pairs(x, y, k1=3, k2=2)
    assert len(i) == 30 * (3 + 2)
    assert set(np.unique(s)) == {1.0, -1.0}
    assert np.all((s == 1) == (y[i] == y[j]))  # +1 within the class, -1 across
    for n in range(30):
        rows = i == n
        same = j[rows & (s == 1)]
        other = j[rows & (s == -1)]
        members = np.flatnonzero(y == y[n])
        rest = np.flatnonzero(y != y[n])
        assert n in same
        assert set(same) == set(members[np.argsort(d2[n, members])[:3]])
        assert set(other) == set(rest[np.argsort(d2[n, rest])[:2]])
    i1, j1, s1 = class_knn_pairs(x, y, k1=1, k2=0)  # the plain autoencoder
    np.testing.assert_array_equal(i1, np.arange(30))
    np.testing.assert_array_equal(j1, i1)
    np.testing.assert_array_equal(s1, np.ones(30))


def test_negative_weights_train_the_autoencoder_without_errors(mnist):
    x, y = mnist
    i, j, s = class_knn_pairs(x[:200], y[:200], k1=3, k2=1)
    keras.utils.set_random_seed(0)
    _, _, ae = create_dense_ae(input_shape=(784,), encoding_dim=8)
    ae.compile(optimizer="adam", loss="binary_crossentropy")
    history = ae.fit(x[i], x[j], sample_weight=s, epochs=2, batch_size=64, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))


# ---- the embedding losses ----------------------------------------------------------------------


def test_embedding_losses_match_their_formulas():
    rng = np.random.default_rng(6)
    hi, hj = rng.normal(size=(2, 8, 3)).astype("float32")
    phi01 = np.array([1, 0, 1, 0, 0, 1, 1, 0], dtype="float32")
    phi = rng.uniform(0, 2, size=8).astype("float32")
    d2 = ((hi - hj) ** 2).sum(axis=1)

    def loss(kind, p, margin=1.0):
        return as_np(pairwise_embedding_loss(hi, hj, p, kind, margin))

    np.testing.assert_allclose(loss("le", phi), d2 * phi, rtol=1e-5)
    np.testing.assert_allclose(loss("mds", phi), (np.sqrt(d2) - phi) ** 2, rtol=1e-4)
    margin = np.where(phi01 == 1, d2, np.maximum(0, 3.0 - d2))
    np.testing.assert_allclose(loss("margin", phi01, 3.0), margin, rtol=1e-5)
    layer = EmbeddingLoss("mds", weight=0.5)
    np.testing.assert_array_equal(as_np(layer([hi, hj, phi])), hi)  # returns h_i
    np.testing.assert_allclose(own_losses(layer), 0.5 * np.mean((np.sqrt(d2) - phi) ** 2), 1e-4)


def test_embedding_loss_is_registered_and_round_trips_its_config():
    again = check_layer_round_trip(EmbeddingLoss("margin", weight=2.0, margin=0.5))
    assert (again.kind, again.weight, again.margin) == ("margin", 2.0, 0.5)


@pytest.mark.parametrize(
    "make",
    [
        lambda: EmbeddingLoss("mds", weight=2.0, margin=0.5),
        # margin > every distance here, so the margin sets the penalty
        lambda: EmbeddingLoss("margin", weight=2.0, margin=3.0),
    ],
    ids=["mds", "margin"],
)
def test_embedding_loss_built_with_non_default_values_saves_and_loads_them(make, tmp_path):
    model = one_layer_model(make(), [(3,), (3,), ()])
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[-1].get_config() == model.layers[-1].get_config()
    rng = np.random.default_rng(0)
    x = [rng.uniform(0.1, 0.9, size=(500, *s)).astype("float32") for s in [(3,), (3,), ()]]
    model(x)
    loaded(x)
    np.testing.assert_allclose(own_losses(loaded), own_losses(model), rtol=1e-5)


# ---- bad arguments -----------------------------------------------------------------------------

BAD_ARGUMENTS = [
    # call on 100 flat MNIST images x and labels y, the argument with its value, what is allowed
    (lambda x, y: knn_pairs(x, k=0), "k=0", "integer in 1..len(x)=100"),
    (lambda x, y: knn_pairs(x, k=101), "k=101", "integer in 1..len(x)=100"),
    (lambda x, y: knn_pairs(x, k=3, t=0), "t=0", "> 0"),
    (lambda x, y: class_pairs(np.zeros((3, 2))), "y with shape (3, 2)", "1-D array of labels"),
    (lambda x, y: radius_pairs(x, eps=-1.0), "eps=-1.0", ">= 0"),
    (lambda x, y: radius_pairs(x, eps=1.0, weights="gauss"), "weights='gauss'", "'heat' or"),
    (lambda x, y: radius_pairs(x, eps=1.0, t=0), "t=0", "> 0"),
    (lambda x, y: pair_weights(x, [0, 1], [1], "heat"), "i (2,) and j (1,)", "1-D index arrays"),
    (lambda x, y: pair_weights(x, [0], [1], "cosine"), "kind='cosine'", "'heat', 'sqdist'"),
    (lambda x, y: pair_weights(x, [0], [1], "heat", t=-1), "t=-1", "> 0"),
    (lambda x, y: pair_weights(x, [0], [1], "threshold"), "eps=None", "eps >= 0"),
    (lambda x, y: class_knn_pairs(x, y[:-1]), "y with shape (99,)", "one label per sample"),
    (lambda x, y: class_knn_pairs(x, y, k1=0), "k1=0", "integer in 1.."),
    (lambda x, y: class_knn_pairs(x, y, k1=10**6), "k1=1000000", "(the smallest class)"),
    (lambda x, y: class_knn_pairs(x, y, k2=-1), "k2=-1", "(samples of other classes)"),
    (lambda x, y: create_embedding_ae(encoding_dim=0), "encoding_dim=0", "positive integer"),
    (lambda x, y: create_embedding_ae(input_shape=(0,)), "input_shape=(0,)", "positive integers"),
    (
        lambda x, y: create_embedding_ae(activation="sigmod"),
        "activation='sigmod'",
        "Keras activation",
    ),
    (
        lambda x, y: create_pair_model(*create_embedding_ae()[:2], kind="pca"),
        "kind='pca'",
        "('le', 'mds', 'margin')",
    ),
    (lambda x, y: create_pair_model(*create_embedding_ae()[:2], weight=-1), "weight=-1", ">= 0"),
    (lambda x, y: create_pair_model(*create_embedding_ae()[:2], margin=0), "margin=0", "> 0"),
    (lambda x, y: EmbeddingLoss("pca"), "kind='pca'", "('le', 'mds', 'margin')"),
    (lambda x, y: EmbeddingLoss(weight=-0.5), "weight=-0.5", ">= 0"),
    (lambda x, y: EmbeddingLoss(margin=-1), "margin=-1", "> 0"),
    (
        lambda x, y: pairwise_embedding_loss(np.zeros((1, 2)), np.zeros((1, 2)), np.ones(1), "pca"),
        "kind='pca'",
        "('le', 'mds', 'margin')",
    ),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(
    mnist, call, argument, allowed
):
    x, y = mnist
    check_refused(lambda: call(x[:100], y[:100]), argument, allowed)
