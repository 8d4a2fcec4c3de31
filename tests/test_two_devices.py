"""Factories train under tf.distribute.MirroredStrategy (e.g. Colab/Kaggle with two GPUs): with
two logical CPU devices the losses equal those of one device on the same data and seed."""

import subprocess
import sys
import textwrap

import keras
import pytest

pytestmark = pytest.mark.skipif(
    keras.backend.backend() != "tensorflow", reason="tf.distribute is TensorFlow's"
)

SCRIPT = textwrap.dedent(
    """
    import json
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import keras, numpy as np
    from aekeras import create_dense_ae, create_sparse_ae

    x = np.random.default_rng(0).uniform(size=(128, 8, 8, 1)).astype("float32")
    factories = {
        "dense": lambda: create_dense_ae((8, 8, 1), encoding_dim=6),
        "sparse_l1": lambda: create_sparse_ae((8, 8, 1), encoding_dim=6, penalty="l1", weight=1e-2),
    }

    def losses(factory, strategy):
        keras.utils.set_random_seed(0)
        with strategy.scope():
            _, _, autoencoder = factory()
            autoencoder.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
        history = autoencoder.fit(x, x, epochs=3, batch_size=32, shuffle=False, verbose=0)
        return history.history["loss"]

    devices = [d.name for d in tf.config.list_logical_devices("CPU")]
    out = {"devices": devices}
    for name, factory in factories.items():
        out[name] = {
            "one": losses(factory, tf.distribute.OneDeviceStrategy(devices[0])),
            "two": losses(factory, tf.distribute.MirroredStrategy(devices)),
        }
    print(json.dumps(out))
    """
)


def test_mirrored_strategy_on_two_devices_gives_the_losses_of_one():
    import json

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(out["devices"]) == 2
    for name in ("dense", "sparse_l1"):
        one, two = out[name]["one"], out[name]["two"]
        assert one[-1] < one[0]  # it learns
        assert two == pytest.approx(one, rel=1e-4), name
