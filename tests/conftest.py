"""Shared test setup: headless matplotlib, small seeded MNIST subsets."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def mnist_small():
    """512 training and 256 test images, (28, 28, 1) float32 in [0, 1], seeded."""
    from aekeras import load_mnist

    return load_mnist(n_train=512, n_test=256, seed=0)
