"""Generalized AE pairs (Wang et al. 2014) and embedding-regularized AE (Yu et al. 2013)."""

import keras
import numpy as np
import pytest

from aekeras import (
    class_pairs,
    create_dense_ae,
    create_embedding_ae,
    create_pair_model,
    knn_pairs,
    load_mnist,
)


@pytest.fixture(scope="module")
def mnist():
    (x_train, y_train), _ = load_mnist(shape="flat", n_train=512, n_test=1, seed=0)
    return x_train, y_train


def as_np(x):
    return keras.ops.convert_to_numpy(x)


def total_loss(model):
    return float(sum(as_np(loss) for loss in model.losses))


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


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda x: knn_pairs(x, k=0), "k=0"),
        (lambda x: knn_pairs(x, k=len(x) + 1), "k=513"),
        (lambda x: knn_pairs(x, k=3, t=0), "t=0"),
        (lambda x: class_pairs(np.zeros((3, 2))), "y with shape"),
        (lambda x: create_pair_model(*create_embedding_ae()[:2], loss="pca"), "loss='pca'"),
        (lambda x: create_pair_model(*create_embedding_ae()[:2], weight=-1), "weight=-1"),
        (lambda x: create_pair_model(*create_embedding_ae()[:2], margin=0), "margin=0"),
        (lambda x: create_embedding_ae(encoding_dim=0), "encoding_dim=0"),
        (lambda x: create_embedding_ae(activation="sigmod"), "activation='sigmod'"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(mnist, call, match):
    with pytest.raises(ValueError, match=match):
        call(mnist[0])


# ---- embedding with autoencoder regularization -----------------------------------------------


def margin_pairs(y, n_pairs, seed):
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(y), n_pairs)
    j = rng.integers(0, len(y), n_pairs)
    return i, j, (y[i] == y[j]).astype("float32")


@pytest.mark.parametrize("loss", ["le", "mds", "margin"])
def test_embedding_loss_in_the_pair_model_matches_its_formula(mnist, loss):
    x, y = mnist
    i, j, phi = margin_pairs(y, 64, seed=1)
    if loss == "mds":
        phi = phi * 2.0 + 0.5
    encoder, decoder, _ = create_embedding_ae(input_shape=(784,), encoding_dim=3)
    pair_model = create_pair_model(encoder, decoder, loss=loss, weight=0.7, margin=2.0)
    hi, hj = as_np(encoder(x[i])), as_np(encoder(x[j]))
    d2 = ((hi - hj) ** 2).sum(axis=1)
    expected = {
        "le": d2 * phi,
        "mds": (np.sqrt(d2) - phi) ** 2,
        "margin": np.where(phi == 1, d2, np.maximum(0.0, 2.0 - d2)),
    }[loss]
    pair_model([x[i], x[j], phi])
    np.testing.assert_allclose(total_loss(pair_model), 0.7 * expected.mean(), rtol=1e-4)


def test_embedding_ae_shares_weights_saves_and_pulls_similar_pairs_together(mnist, tmp_path):
    x, y = mnist
    keras.utils.set_random_seed(0)
    encoder, decoder, autoencoder = create_embedding_ae(input_shape=(784,), encoding_dim=2)
    pair_model = create_pair_model(encoder, decoder, loss="margin", weight=1.0, margin=1.0)
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
    np.testing.assert_allclose(total_loss(loaded), total_loss(pair_model), rtol=1e-5)
