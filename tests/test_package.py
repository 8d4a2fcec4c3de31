"""The package as a whole: importing it changes no global setting, ``__all__`` is what it imports,
and every factory of the topic modules (found by reading the modules, so that a new one is
checked too) reads like the lecture: its first layer near the top, one tensor vocabulary, a short
course model whose variants differ from it by a few lines, any Keras activation, and a model with
a penalty that refuses to train without a reconstruction loss."""

import ast
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import keras
import matplotlib
import numpy as np
import pytest

import aekeras
from aekeras import (
    COURSE_STYLE,
    course_style,
    create_denoising_ae,
    create_dense_ae,
    create_embedding_ae,
    create_linear_decoder_ae,
    show_code,
    show_diff,
    source_of,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "aekeras"


def _factory_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("create_")
    ]


TOPIC_MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if _factory_names(p))
FACTORIES = {
    name: getattr(importlib.import_module(f"aekeras.{module}"), name)
    for module in TOPIC_MODULES
    for name in _factory_names(PACKAGE / f"{module}.py")
}
# the two factories that wrap models given to them instead of building an autoencoder
NOT_AUTOENCODERS = {"create_pair_model", "create_classifier"}


def test_the_factories_are_found_in_every_topic_module():
    assert TOPIC_MODULES == sorted(
        ["dense", "conv", "denoising", "sparse", "stacked", "contractive", "generalized", "vae"]
    )
    assert len(FACTORIES) == 16 and NOT_AUTOENCODERS <= set(FACTORIES)
    assert set(FACTORIES) <= set(aekeras.__all__)  # every factory is exported


# ---- importing changes nothing; course_style() does ---------------------------------------------

IMPORT_CHECK = """
import json, matplotlib
before = {key: repr(value) for key, value in matplotlib.rcParams.items()}
import aekeras
after_import = {key: repr(value) for key, value in matplotlib.rcParams.items()}
aekeras.course_style()
after_style = {key: repr(value) for key, value in matplotlib.rcParams.items()}
print(json.dumps({
    "import": sorted(k for k in before if after_import[k] != before[k]),
    "style": sorted(k for k in before if after_style[k] != before[k]),
    "module": aekeras.__file__,
}))
"""


def test_import_leaves_matplotlib_settings_alone_and_course_style_changes_them():
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "KERAS_BACKEND": keras.backend.backend(),
    }
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(out["module"]).resolve() == (PACKAGE / "__init__.py").resolve()  # this checkout
    assert out["import"] == []
    default = matplotlib.rcParamsDefault
    assert out["style"] == sorted(k for k, v in COURSE_STYLE.items() if default[k] != v)
    assert len(out["style"]) >= 5  # the style is not the default under another name


def test_course_style_applies_the_course_style():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        course_style()
        for key, value in COURSE_STYLE.items():
            assert matplotlib.rcParams[key] == value, key


# ---- __all__ -----------------------------------------------------------------------------------


def test_all_is_exactly_the_public_names_the_package_imports_and_each_resolves():
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aekeras")
        for alias in node.names
    }
    assert aekeras.__all__ == sorted(imported)
    for name in aekeras.__all__:
        value = getattr(aekeras, name)
        assert not isinstance(value, type(aekeras)), name  # a submodule is not an export
        module = getattr(value, "__module__", "aekeras")
        assert module.startswith("aekeras"), (name, module)
    namespace = {}
    exec("from aekeras import *", namespace)
    assert sorted(set(namespace) - {"__builtins__"}) == aekeras.__all__


# ---- the factories read like the lecture -------------------------------------------------------


def _code_lines(text):
    return [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


@pytest.mark.parametrize("name", FACTORIES)
def test_the_code_shown_reaches_the_first_layer_within_three_lines(name, capsys):
    show_code(FACTORIES[name])
    shown = capsys.readouterr().out
    assert shown.rstrip() == source_of(FACTORIES[name]).rstrip()
    function = ast.parse(shown).body[0]
    body = shown.splitlines()[function.body[0].lineno - 1 :]  # after the signature, no docstring
    first_three = _code_lines("\n".join(body))[:3]
    assert any(re.search(r"keras\.Input\(|\blayers\.\w+\(", line) for line in first_three), (
        first_three
    )


def test_the_course_model_is_at_most_20_lines_of_code():
    assert len(_code_lines(source_of(create_dense_ae))) <= 20


def _changed_lines(before, after, capsys):
    show_diff(before, after)
    diff = capsys.readouterr().out.splitlines()
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("---", "+++"))]


def test_the_linear_decoder_differs_from_the_course_model_by_at_most_4_lines(capsys):
    changed = _changed_lines(create_dense_ae, create_linear_decoder_ae, capsys)
    assert 0 < len(changed) <= 4, changed


def test_the_denoising_body_is_the_course_model_with_a_noise_layer_in_front(capsys):
    def body(factory):
        code = source_of(factory)
        function = ast.parse(code).body[0]
        return code.splitlines()[function.body[0].lineno - 1 :]

    changed = _changed_lines(create_dense_ae, create_denoising_ae, capsys)
    in_body = [
        line for line in changed if line[1:] in body(create_dense_ae) + body(create_denoising_ae)
    ]
    assert [line.split("#")[0].strip() for line in in_body] == [
        "-    x = layers.Flatten()(inputs)",
        "+    x = noise_layer(noise, noise_level, seed)(inputs)",
        "+    x = layers.Flatten()(x)",
    ]
    # the rest of the diff is the signature: the noise's arguments and a larger default code
    signature = [line for line in changed if line not in in_body]
    assert all(line.startswith(("-def", "+def", "+    ", "-    input_shape")) for line in signature)
    # without its noise line, the denoising body is the course model's, the Flatten fed by x
    without_noise = [line for line in body(create_denoising_ae) if "noise_layer(" not in line]
    assert without_noise == [
        line.replace("layers.Flatten()(inputs)", "layers.Flatten()(x)")
        for line in body(create_dense_ae)
    ]


def _assigned_names(function):
    return {
        target.id
        for node in ast.walk(function)
        if isinstance(node, (ast.Assign, ast.For))
        for target in ast.walk(node.targets[0] if isinstance(node, ast.Assign) else node.target)
        if isinstance(target, ast.Name)
    }


@pytest.mark.parametrize("name", sorted(set(FACTORIES) - NOT_AUTOENCODERS))
def test_every_factory_speaks_the_tensor_vocabulary_and_returns_the_three_models(name):
    function = ast.parse(source_of(FACTORIES[name])).body[0]
    assigned = _assigned_names(function)
    assert {"inputs", "code_inputs", "outputs", "encoder", "decoder", "autoencoder"} <= assigned
    assert not assigned & {"inp", "code_in", "out", "h", "y"}  # the names of 0.2
    last = function.body[-1]
    assert isinstance(last, ast.Return)
    assert ast.unparse(last.value) == "(encoder, decoder, autoencoder)"


@pytest.mark.parametrize("name", sorted(NOT_AUTOENCODERS))
def test_the_two_wrapping_factories_return_one_model_built_on_inputs(name):
    function = ast.parse(source_of(FACTORIES[name])).body[0]
    last = function.body[-1]
    assert isinstance(last, ast.Return) and isinstance(last.value, ast.Call)
    assert re.search(r"\bx_i\b|\binputs\b", ast.unparse(last.value))


# ---- any Keras activation ----------------------------------------------------------------------


def _small(name, **kwargs):
    """A factory's models on 8 x 8 images (halved once by the convolutional ones)."""
    factory = FACTORIES[name]
    extra = {"filters": (4,)} if "filters" in inspect.signature(factory).parameters else {}
    return factory(input_shape=(8, 8, 1), **extra, **kwargs)


def scaled_tanh(x):
    return 2.0 * keras.ops.tanh(x)


ACTIVATION_ARGUMENTS = [
    (name, parameter)
    for name, factory in FACTORIES.items()
    for parameter in inspect.signature(factory).parameters
    if parameter.endswith("activation")
]


@pytest.mark.parametrize(
    "activation", ["leaky_relu", "silu", scaled_tanh], ids=["leaky_relu", "silu", "callable"]
)
@pytest.mark.parametrize(
    "name, parameter", ACTIVATION_ARGUMENTS, ids=[f"{n}-{p}" for n, p in ACTIVATION_ARGUMENTS]
)
def test_factories_take_any_keras_activation(name, parameter, activation):
    encoder, decoder, autoencoder = _small(name, **{parameter: activation})
    expected = keras.activations.get(activation)
    used = [
        layer
        for model in (encoder, decoder)
        for layer in model._flatten_layers()
        if getattr(layer, "activation", None) is expected
    ]
    assert used, f"no layer of {name} uses {parameter}={activation!r}"
    x = np.zeros((2, *autoencoder.input_shape[1:]), "float32")
    assert autoencoder.predict(x, verbose=0).shape == x.shape


def test_every_factory_with_an_activation_is_covered():
    covered = {name for name, _ in ACTIVATION_ARGUMENTS}
    assert covered == set(FACTORIES) - NOT_AUTOENCODERS - {"create_linear_ae", "create_stacked_ae"}


# ---- a penalty in add_loss: compile needs the reconstruction loss ------------------------------


def _built(name):
    """The model of each factory, on small images, and an input for it."""
    x = np.random.default_rng(0).uniform(size=(4, 8, 8, 1)).astype("float32")
    if name == "create_pair_model":
        encoder, decoder, _ = create_embedding_ae((8, 8, 1))
        return FACTORIES[name](encoder, decoder), [x, x[::-1], np.ones(4, "float32")]
    if name == "create_classifier":
        return FACTORIES[name](create_dense_ae((8, 8, 1), encoding_dim=3)[0], n_classes=3), x
    if name == "create_stacked_ae":
        first, second = keras.layers.Dense(5), keras.layers.Dense(64)
        first.build((None, 64))
        second.build((None, 5))
        return FACTORIES[name]([first], [second], input_shape=(8, 8, 1))[2], x
    return _small(name)[2], x


REFUSING = {
    "create_sparse_ae",
    "create_contractive_ae",
    "create_vae",
    "create_conv_vae",
    "create_pair_model",
}


@pytest.mark.parametrize("name", FACTORIES)
def test_a_model_with_a_penalty_refuses_compile_without_a_loss_naming_the_fix(name):
    """The keras.io VAE habit, vae.compile(optimizer="adam"); vae.fit(x), would train the penalty
    alone: the models whose add_loss holds a penalty refuse it and say what to write instead."""
    model, x = _built(name)
    model(x)
    has_penalty = bool(model.losses)
    assert has_penalty == (name in REFUSING)
    if not has_penalty:
        model.compile(optimizer="adam")  # a plain keras.Model: Keras's own behaviour
        return
    for compile_call in (
        lambda: model.compile(optimizer="adam"),
        lambda: model.compile("adam"),
        lambda: model.compile(optimizer="adam", loss=None, metrics=["mse"]),
    ):
        with pytest.raises(ValueError) as err:
            compile_call()
        message = str(err.value)
        assert message.startswith("loss=None: ")
        assert 'compile(optimizer="adam", loss="binary_crossentropy")' in message
    model.compile(optimizer="adam", loss="binary_crossentropy")  # the documented usage
    assert model.compiled and model.loss == "binary_crossentropy"
