"""Models saved by aekeras 0.1.0, before the library moved into topic modules, still load: the
registered names ("aekeras>KLSparsity", ...) did not change."""

from pathlib import Path

import keras
import numpy as np
import pytest

import aekeras  # noqa: F401  (registers the custom layers)

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
