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
from aekeras.generalized import class_pairs, create_embedding_ae, knn_pairs
from aekeras.layers import pairwise_embedding_loss
from aekeras.metrics import psnr, reconstruction_error
from aekeras.models import create_deep_ae, create_dense_ae, create_linear_ae
from aekeras.noise import add_gaussian_noise, mask_patch, salt_and_pepper
from aekeras.plots import (
    plot_codes_2d,
    plot_history,
    plot_image_grid,
    plot_manifold,
    plot_reconstructions,
    plot_rows,
)
from aekeras.stacked import create_classifier, create_stacked_ae, pretrain_stack
from aekeras.variants import (
    create_contractive_ae,
    create_conv_ae,
    create_denoising_ae,
    create_dropout_ae,
    create_k_sparse_ae,
    create_linear_decoder_ae,
    create_sparse_ae,
    create_vae,
)

__version__ = "0.1.0"

__all__ = [
    "add_gaussian_noise",
    "class_pairs",
    "create_classifier",
    "create_contractive_ae",
    "create_conv_ae",
    "create_deep_ae",
    "create_denoising_ae",
    "create_dense_ae",
    "create_dropout_ae",
    "create_embedding_ae",
    "create_k_sparse_ae",
    "create_linear_ae",
    "create_linear_decoder_ae",
    "create_sparse_ae",
    "create_stacked_ae",
    "create_vae",
    "is_quick",
    "knn_pairs",
    "linear_table",
    "load_mnist",
    "mask_patch",
    "one_hot_838",
    "pairwise_embedding_loss",
    "plot_codes_2d",
    "plot_history",
    "plot_image_grid",
    "plot_manifold",
    "plot_reconstructions",
    "plot_rows",
    "pretrain_stack",
    "print_environment",
    "psnr",
    "reconstruction_error",
    "salt_and_pepper",
    "slide_838_hidden_values",
    "square_table",
]
