"""Run-time facts for the notebooks' setup and parameters cells."""

import os
import sys


def is_quick():
    """True when AEKERAS_QUICK=1: notebooks shrink epochs and subsets (CI, tests)."""
    return os.environ.get("AEKERAS_QUICK", "0") == "1"


def print_environment():
    """Print Keras/TensorFlow versions and whether a GPU is visible (setup cell of a notebook)."""
    import keras
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    print(
        f"Keras {keras.__version__}, backend {keras.backend.backend()}, TensorFlow {tf.__version__}"
    )
    print(f"GPU: {', '.join(g.name for g in gpus) if gpus else 'нет, считаем на CPU'}")
    if not gpus and "google.colab" in sys.modules:
        print("На Colab включите GPU: Среда выполнения -> Сменить среду выполнения -> GPU.")
    print(f"Режим: {'быстрый (AEKERAS_QUICK=1)' if is_quick() else 'полный'}")
