"""Notebook helpers: the environment line and the progress bar of long trainings."""

import keras
import numpy as np

from aekeras import create_dense_ae, print_environment, progress_bar


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
