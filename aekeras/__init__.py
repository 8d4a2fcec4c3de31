"""aekeras: autoencoders in Keras 3 for a course on neural networks.

One module per idea of the course, each one runs alone when copied into a homework folder:
``dense`` (the course's model, deep, linear, linear decoder), ``conv``, ``denoising``, ``sparse``,
``stacked``, ``contractive``, ``generalized``, ``vae``. Every factory returns
``(encoder, decoder, autoencoder)`` like the course's ``create_dense_ae``. Helpers that are not
models live apart: ``data``, ``plots``, ``explorers``, ``metrics``, ``show``, ``env``.
"""

from aekeras.contractive import ContractiveDense, contractive_penalty, create_contractive_ae
from aekeras.conv import create_conv_ae
from aekeras.data import (
    linear_table,
    load_mnist,
    one_hot_838,
    slide_838_hidden_values,
    square_table,
)
from aekeras.denoising import (
    MaskingNoise,
    SaltAndPepper,
    add_gaussian_noise,
    corrupt,
    create_denoising_ae,
    create_dropout_ae,
    mask_patch,
    mask_pixels,
    salt_and_pepper,
)
from aekeras.dense import (
    create_deep_ae,
    create_dense_ae,
    create_linear_ae,
    create_linear_decoder_ae,
)
from aekeras.env import accelerators, is_quick, print_environment, progress_bar
from aekeras.explorers import interpolation_explorer, is_live_kernel, latent_explorer
from aekeras.generalized import (
    EmbeddingLoss,
    class_knn_pairs,
    class_pairs,
    create_embedding_ae,
    create_pair_model,
    knn_pairs,
    pair_weights,
    pairwise_embedding_loss,
    radius_pairs,
)
from aekeras.metrics import psnr, reconstruction_error
from aekeras.plots import (
    plot_bars,
    plot_codes_2d,
    plot_history,
    plot_image_grid,
    plot_labelled_points,
    plot_loss_terms,
    plot_manifold,
    plot_metric_curves,
    plot_recommendation,
    plot_reconstructions,
    plot_roc,
    plot_rows,
    plot_score_histogram,
)
from aekeras.show import show_code, show_diff, source_of
from aekeras.sparse import (
    ActivityPenalty,
    KLSparsity,
    KSparse,
    create_k_sparse_ae,
    create_sparse_ae,
    kl_sparsity,
)
from aekeras.stacked import create_classifier, create_stacked_ae, pretrain_stack
from aekeras.vae import Sampling, create_conv_vae, create_vae, gaussian_kl, reconstruction

__version__ = "0.2.0"

__all__ = [
    # factories, in course order
    "create_dense_ae",
    "create_deep_ae",
    "create_linear_ae",
    "create_conv_ae",
    "create_denoising_ae",
    "create_dropout_ae",
    "create_sparse_ae",
    "create_k_sparse_ae",
    "pretrain_stack",
    "create_stacked_ae",
    "create_classifier",
    "create_linear_decoder_ae",
    "create_contractive_ae",
    "create_embedding_ae",
    "create_pair_model",
    "create_vae",
    "create_conv_vae",
    # layers and penalties
    "ActivityPenalty",
    "ContractiveDense",
    "EmbeddingLoss",
    "KLSparsity",
    "KSparse",
    "MaskingNoise",
    "SaltAndPepper",
    "Sampling",
    "contractive_penalty",
    "gaussian_kl",
    "kl_sparsity",
    "pairwise_embedding_loss",
    "reconstruction",
    # data-side noise and pairs
    "add_gaussian_noise",
    "corrupt",
    "mask_patch",
    "mask_pixels",
    "salt_and_pepper",
    "class_pairs",
    "class_knn_pairs",
    "knn_pairs",
    "pair_weights",
    "radius_pairs",
    # data, metrics, figures, code on screen, environment
    "linear_table",
    "load_mnist",
    "one_hot_838",
    "slide_838_hidden_values",
    "square_table",
    "psnr",
    "reconstruction_error",
    "plot_codes_2d",
    "plot_history",
    "plot_image_grid",
    "plot_loss_terms",
    "plot_manifold",
    "plot_reconstructions",
    "plot_rows",
    "latent_explorer",
    "interpolation_explorer",
    "is_live_kernel",
    "plot_labelled_points",
    "plot_bars",
    "plot_roc",
    "plot_score_histogram",
    "plot_metric_curves",
    "plot_recommendation",
    "show_code",
    "show_diff",
    "source_of",
    "accelerators",
    "is_quick",
    "print_environment",
    "progress_bar",
]
