"""aekeras: autoencoders in Keras 3 for a course on neural networks.

One module per idea of the course, each one runs alone when copied into a homework folder:
``dense`` (the course's model, deep, linear, linear decoder), ``conv``, ``denoising``, ``sparse``,
``stacked``, ``contractive``, ``generalized``, ``vae``. Every factory returns
``(encoder, decoder, autoencoder)`` like the course's ``create_dense_ae``. Helpers that are not
models live apart: ``data``, ``plots``, ``explorers``, ``metrics``, ``judge``, ``show``, ``env``,
and the figures of one notebook each (``anomaly``, ``recommendations``, ``wordmap``).

Importing the package changes no global setting; ``course_style()`` sets the course's figure
style when a notebook asks for it.
"""

import inspect as _inspect

from aekeras.anomaly import plot_roc, plot_score_histogram
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
    NOISE_LEVELS,
    MaskingNoise,
    SaltAndPepper,
    add_gaussian_noise,
    corrupt,
    create_denoising_ae,
    create_dropout_ae,
    mask_patch,
    mask_pixels,
    noise_layer,
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
from aekeras.judge import classifier_features, digit_classifier, frechet_distance, judge_digits
from aekeras.metrics import Comparison, compare_runs, psnr, reconstruction_error
from aekeras.plots import (
    COURSE_STYLE,
    course_style,
    plot_bars,
    plot_codes_2d,
    plot_history,
    plot_image_grid,
    plot_loss_terms,
    plot_manifold,
    plot_metric_curves,
    plot_ranking,
    plot_reconstructions,
    plot_rows,
)
from aekeras.recommendations import plot_recommendation
from aekeras.show import show_code, show_diff, source_of
from aekeras.sparse import (
    PENALTY_WEIGHTS,
    ActivityPenalty,
    KLSparsity,
    KSparse,
    create_k_sparse_ae,
    create_sparse_ae,
    kl_sparsity,
)
from aekeras.stacked import create_classifier, create_stacked_ae, pretrain_stack
from aekeras.vae import Sampling, create_conv_vae, create_vae, gaussian_kl, reconstruction
from aekeras.wordmap import plot_labelled_points

__version__ = "0.3.0"

# everything imported above, and nothing else: the submodules are attributes, not exports
__all__ = sorted(
    name
    for name, value in globals().items()
    if not name.startswith("_") and not _inspect.ismodule(value)
)
