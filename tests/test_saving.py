"""Saved models load back: files saved by aekeras 0.1.0, before the library moved into topic
modules and renamed its penalty weights (the registered names "aekeras>KLSparsity", ... did not
change), and the Autoencoder models of 0.3, compiled or not."""

from pathlib import Path

import keras
import numpy as np
import pytest
from conftest import as_np, own_losses

import aekeras  # noqa: F401  (registers the custom layers)
from aekeras import (
    create_contractive_ae,
    create_conv_vae,
    create_embedding_ae,
    create_pair_model,
    create_sparse_ae,
    create_vae,
    reconstruction,
)

SAVED = Path(__file__).parent / "data" / "v0.1.0"
EXPECTED = np.load(SAVED / "expected.npz")


@pytest.mark.parametrize("path", sorted(SAVED.glob("*.keras")), ids=lambda p: p.stem)
def test_models_saved_by_0_1_0_load_and_predict_the_same(path):
    model = keras.models.load_model(path)  # no custom_objects
    x = EXPECTED["x"]
    inputs = [x, x[::-1], np.ones(len(x), "float32")] if path.stem == "embedding_pair" else x
    out = keras.tree.flatten(model.predict(inputs, verbose=0))[0]
    np.testing.assert_allclose(out, EXPECTED[path.stem], atol=1e-6)


def test_every_saved_custom_layer_is_covered():
    layers = set()
    for path in SAVED.glob("*.keras"):
        model = keras.models.load_model(path)
        for sub in model._flatten_layers():
            if keras.saving.get_registered_name(type(sub)).startswith("aekeras>"):
                layers.add(type(sub).__name__)
    assert layers == {
        "ActivityPenalty",
        "ContractiveDense",
        "EmbeddingLoss",
        "KLSparsity",
        "KSparse",
        "MaskingNoise",
        "SaltAndPepper",
        "Sampling",
    }


def _saved_layer(stem, name):
    model = keras.models.load_model(SAVED / f"{stem}.keras")
    return next(sub for sub in model._flatten_layers() if type(sub).__name__ == name)


# the weight each 0.1.0 file stored under its old name (lam, beta, kl_weight)
OLD_WEIGHTS = [
    ("sparse_l1", "ActivityPenalty", 0.01),
    ("sparse_kl", "KLSparsity", 0.3),
    ("contractive", "ContractiveDense", 0.05),
    ("vae", "Sampling", 0.03125),
]


@pytest.mark.parametrize("stem, name, weight", OLD_WEIGHTS, ids=[r[0] for r in OLD_WEIGHTS])
def test_old_names_of_the_weight_are_read_as_weight_and_penalise_by_it(stem, name, weight):
    layer = _saved_layer(stem, name)
    assert layer.weight == weight
    config = layer.get_config()
    assert config["weight"] == weight and not {"lam", "beta", "kl_weight"} & set(config)
    rng = np.random.default_rng(0)
    if name == "ActivityPenalty":
        h = rng.normal(size=(16, 6)).astype("float32")
        layer(h)
        expected = weight * np.abs(h).sum(1).mean()
    elif name == "KLSparsity":
        h = rng.uniform(0.05, 0.95, size=(16, 6)).astype("float32")
        layer(h)
        rho, rho_hat = 0.1, h.mean(0)
        kl = rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
        expected = weight * kl.sum()
    elif name == "ContractiveDense":
        h = as_np(layer(rng.uniform(size=(16, 64)).astype("float32")))
        w2 = (as_np(layer.kernel) ** 2).sum(0)
        expected = weight * ((h * (1 - h)) ** 2 * w2).sum(1).mean()
    else:
        mean, log_var = rng.normal(size=(2, 16, 2)).astype("float32")
        layer([mean, log_var])
        expected = weight * 0.5 * np.sum(np.exp(log_var) + mean**2 - 1 - log_var, 1).mean()
    np.testing.assert_allclose(own_losses(layer), expected, rtol=1e-4)


# ---- the Autoencoder models (a penalty added with add_loss) ------------------------------------

X = np.random.default_rng(1).uniform(size=(32, 8, 8, 1)).astype("float32")
PAIRS = [X, X[::-1], (np.arange(32) % 2).astype("float32")]


def _pair_model():
    encoder, decoder, _ = create_embedding_ae((8, 8, 1), encoding_dim=2)
    return create_pair_model(encoder, decoder, kind="margin", weight=0.5, margin=2.0)


AUTOENCODERS = {
    "sparse_kl": lambda: create_sparse_ae((8, 8, 1), encoding_dim=5, weight=0.2)[2],
    "sparse_l1": lambda: create_sparse_ae((8, 8, 1), encoding_dim=5, penalty="l1")[2],
    "contractive": lambda: create_contractive_ae((8, 8, 1), encoding_dim=5, weight=0.1)[2],
    "vae": lambda: create_vae((8, 8, 1), latent_dim=2, hidden=(6,), seed=3)[2],
    "conv_vae": lambda: create_conv_vae((8, 8, 1), filters=(4,), dense_units=4, seed=3)[2],
    "pair_model": _pair_model,
}


def _data(name):
    return (PAIRS, PAIRS[:2]) if name == "pair_model" else (X, X)


@pytest.mark.parametrize("name", AUTOENCODERS)
def test_autoencoders_load_back_as_autoencoders_that_still_refuse_a_loss_less_compile(
    name, tmp_path
):
    keras.utils.set_random_seed(0)
    model = AUTOENCODERS[name]()
    inputs, _ = _data(name)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert type(loaded).__name__ == "Autoencoder"
    for got, want in zip(
        keras.tree.flatten(loaded.predict(inputs, verbose=0)),
        keras.tree.flatten(model.predict(inputs, verbose=0)),
        strict=True,
    ):
        np.testing.assert_allclose(got, want, atol=1e-6)
    model(inputs)
    loaded(inputs)
    np.testing.assert_allclose(own_losses(loaded), own_losses(model), rtol=1e-5)
    with pytest.raises(ValueError, match="give the reconstruction loss too"):
        loaded.compile(optimizer="adam")


@pytest.mark.parametrize("name", AUTOENCODERS)
def test_compiled_autoencoders_load_back_compiled_and_train_on(name, tmp_path):
    """Keras skips a custom compile() when it loads a model: the Autoencoder compiles itself."""
    keras.utils.set_random_seed(0)
    model = AUTOENCODERS[name]()
    inputs, targets = _data(name)
    metrics = None if name == "pair_model" else [reconstruction]  # two outputs: no shared list
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=metrics)
    model.fit(inputs, targets, epochs=2, batch_size=16, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.compiled and loaded.loss == "binary_crossentropy"
    # the optimizer goes on from its saved state: step count and Adam's moments
    assert int(loaded.optimizer.iterations) == int(model.optimizer.iterations) == 4
    for got, want in zip(loaded.optimizer.variables, model.optimizer.variables, strict=True):
        np.testing.assert_array_equal(as_np(got), as_np(want))
    np.testing.assert_allclose(
        loaded.evaluate(inputs, targets, verbose=0), model.evaluate(inputs, targets, verbose=0)
    )
    history = loaded.fit(inputs, targets, epochs=1, batch_size=16, verbose=0).history
    assert np.isfinite(history["loss"][0])
    if metrics:
        assert "reconstruction" in history
