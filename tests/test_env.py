"""aekeras.env: quick mode, the environment line and the progress bar of long trainings."""

import keras
import numpy as np
import pytest

from aekeras import accelerators, create_dense_ae, is_quick, print_environment, progress_bar


def test_environment_names_keras_its_backend_and_the_device(capsys):
    print_environment()
    out = capsys.readouterr().out
    assert f"Keras {keras.__version__}, бэкенд {keras.backend.backend()}" in out
    assert "GPU:" in out and "Режим:" in out


def test_progress_bar_draws_one_redrawn_line_with_epochs_time_and_loss(capsys):
    x = np.random.default_rng(0).uniform(size=(64, 4, 4, 1)).astype("float32")
    _, _, autoencoder = create_dense_ae((4, 4, 1), encoding_dim=3)
    autoencoder.compile(optimizer="adam", loss="mse")
    autoencoder.fit(x, x, epochs=4, batch_size=32, verbose=0, callbacks=[progress_bar()])
    out = capsys.readouterr().out
    last = out.split("\r")[-1].strip()  # what a page keeps after "\r" redraws
    assert "\n" not in last and last.startswith("обучение: 100%")
    assert "4/4" in last and "loss=" in last


@pytest.mark.parametrize("value, quick", [("1", True), ("0", False), ("yes", False), (None, False)])
def test_quick_mode_is_aekeras_quick_equal_to_1(monkeypatch, value, quick):
    if value is None:
        monkeypatch.delenv("AEKERAS_QUICK", raising=False)
    else:
        monkeypatch.setenv("AEKERAS_QUICK", value)
    assert is_quick() is quick


def test_accelerators_are_names_and_none_on_a_cpu_only_machine():
    devices = accelerators()
    assert isinstance(devices, list) and all(isinstance(d, str) for d in devices)
    assert all("CPU" not in d.upper() for d in devices)
