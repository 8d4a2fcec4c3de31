"""The quality rows, one function per benchmark: ``row(s, seed)`` trains and scores for one seed
and returns plain numbers, ``{"<what> | <measure>": value}``. Verdicts come from
bench/verdicts.py, every word of the report from bench/report.py."""

from bench.rows import basic, features, noise, sparse

ROWS = {
    "linear_pca": basic.linear_pca,
    "dense_ae": basic.dense_ae,
    "deep_ae": basic.deep_ae,
    "conv_ae": basic.conv_ae,
    "denoising": noise.denoising,
    "kl_sparse": sparse.kl_sparse,
    "k_sparse": sparse.k_sparse,
    "stacked": features.stacked,
    "few_labels": features.few_labels,
    "contractive": noise.contractive,
    "anomaly": features.anomaly,
    "vae": basic.vae,
}
LONG = ("deep_ae", "contractive", "vae", "conv_ae", "k_sparse", "denoising")  # the GPU run's order
