"""aekeras: autoencoders in Keras 3 for a course on neural networks.

Factories return ``(encoder, decoder, autoencoder)`` as in the course's ``create_dense_ae``.
"""

from aekeras.data import (
    linear_table,
    load_mnist,
    one_hot_838,
    slide_838_hidden_values,
    square_table,
)
from aekeras.env import is_quick, print_environment
from aekeras.models import create_deep_ae, create_dense_ae, create_linear_ae
from aekeras.plots import (
    plot_codes_2d,
    plot_history,
    plot_image_grid,
    plot_manifold,
    plot_reconstructions,
    plot_rows,
)

__version__ = "0.1.0"

__all__ = [
    "create_deep_ae",
    "create_dense_ae",
    "create_linear_ae",
    "is_quick",
    "linear_table",
    "load_mnist",
    "one_hot_838",
    "plot_codes_2d",
    "plot_history",
    "plot_image_grid",
    "plot_manifold",
    "plot_reconstructions",
    "plot_rows",
    "print_environment",
    "slide_838_hidden_values",
    "square_table",
]
