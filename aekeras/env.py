"""Run-time facts and helpers for the notebooks: quick mode, environment, training progress."""

import os
import sys


def is_quick():
    """True when AEKERAS_QUICK=1: notebooks shrink epochs and subsets (tests, CI)."""
    return os.environ.get("AEKERAS_QUICK", "0") == "1"


def accelerators():
    """Names of the GPUs (or TPUs) that the Keras backend in use can see; [] on a CPU."""
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return [d.name for d in tf.config.list_physical_devices() if d.device_type != "CPU"]
    if backend == "jax":
        import jax

        return [str(d) for d in jax.devices() if d.platform != "cpu"]
    if backend == "torch":
        import torch

        return [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return []


def print_environment():
    """Print the Keras version, its backend and whether a GPU is visible (a notebook's setup)."""
    import importlib.metadata

    import keras

    backend = keras.backend.backend()
    package = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}.get(backend, backend)
    try:
        version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    print(f"Keras {keras.__version__}, бэкенд {backend} {version}")
    devices = accelerators()
    print(f"GPU: {', '.join(devices) if devices else 'нет, считаем на CPU'}")
    if not devices and "google.colab" in sys.modules:
        print("На Colab включите GPU: Среда выполнения -> Сменить среду выполнения -> GPU.")
    print(f"Режим: {'быстрый (AEKERAS_QUICK=1)' if is_quick() else 'полный'}")


def progress_bar(desc="обучение"):
    """A Keras callback that draws one text line over the epochs: done, time left, last loss.

    The line redraws itself in Jupyter and on Colab, so a long ``fit`` is never a silent cell,
    and an executed page keeps only its last state. Pass it with ``verbose=0``.

    Example:
        >>> autoencoder.fit(x, x, epochs=20, verbose=0, callbacks=[progress_bar()])
        обучение: 100%|██████████| 20/20 [00:55<00:00, 2.8s/epoch, loss=0.0786, val_loss=0.079]
    """
    from tqdm.keras import TqdmCallback
    from tqdm.std import tqdm  # text, not a widget: it also shows on a rendered page

    return TqdmCallback(
        verbose=0, tqdm_class=tqdm, desc=desc, file=sys.stdout, mininterval=0.5, ncols=110
    )
