"""Each topic module runs alone: copied into an empty folder, where ``import aekeras`` fails, its
factories build, fit one batch, save to .keras and load back with the same predictions."""

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "aekeras"
TOPIC_MODULES = sorted(
    p.stem for p in PACKAGE.glob("*.py") if "\ndef create_" in p.read_text(encoding="utf-8")
)

PRELUDE = """
import sys
sys.modules["aekeras"] = None  # the package is not there: any import of it fails
import numpy as np, keras
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).uniform(size=(16, 28, 28, 1)).astype("float32")

def round_trip(model, inputs, targets, name, loss="binary_crossentropy"):
    model.compile(optimizer="adam", loss=loss)
    model.fit(inputs, targets, epochs=1, batch_size=16, verbose=0)
    path = f"{name}.keras"
    model.save(path)
    loaded = keras.models.load_model(path)  # no custom_objects
    for got, want in zip(keras.tree.flatten(loaded.predict(inputs, verbose=0)),
                         keras.tree.flatten(model.predict(inputs, verbose=0))):
        np.testing.assert_allclose(got, want, atol=1e-6)
    print("ok", name)
"""

# What each module's factories need beyond their defaults; the rest is fit(x, x).
SPECIAL = {
    "stacked": """
        enc_layers, dec_layers = pretrain_stack(x, hidden=(32, 8), epochs=1)
        encoder, decoder, autoencoder = create_stacked_ae(enc_layers, dec_layers)
        round_trip(autoencoder, x, x, "create_stacked_ae")
        classifier = create_classifier(encoder, n_classes=3)
        round_trip(classifier, x, np.arange(16) % 3, "create_classifier",
                   loss="sparse_categorical_crossentropy")
    """,
    "generalized": """
        i, j, s = knn_pairs(x, k=3)
        encoder, decoder, autoencoder = create_embedding_ae()
        round_trip(autoencoder, x[i], x[j], "create_embedding_ae")
        pair_model = create_pair_model(encoder, decoder, kind="margin")
        phi = (i % 2).astype("float32")
        round_trip(pair_model, [x[i], x[j], phi], [x[i], x[j]], "create_pair_model")
    """,
}


def factories(module):
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    return [
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("create_")
    ]


def script_for(module):
    body = SPECIAL.get(module) or "".join(
        f"ae = {name}()[2]\n"
        "xx = x.reshape((len(x),) + ae.input_shape[1:])  # (784,) for the linear AE\n"
        f'round_trip(ae, xx, xx, "{name}")\n'
        for name in factories(module)
    )
    return PRELUDE + f"from {module} import *\n" + textwrap.dedent(body)


def test_every_factory_module_is_checked():
    assert set(TOPIC_MODULES) == {
        "dense", "conv", "denoising", "sparse", "stacked", "contractive", "generalized", "vae"
    }  # fmt: skip


@pytest.mark.parametrize("module", TOPIC_MODULES)
def test_module_runs_alone_in_an_empty_folder(module, tmp_path):
    shutil.copy(PACKAGE / f"{module}.py", tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", script_for(module)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "KERAS_BACKEND": keras.backend.backend(),  # the copy runs on the backend under test
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    done = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok ")}
    assert done == set(factories(module))


def test_no_module_imports_a_private_name_of_another():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aekeras"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
                if path.stem in TOPIC_MODULES:
                    pytest.fail(f"{path.name} imports {node.module}: a topic module stands alone")
