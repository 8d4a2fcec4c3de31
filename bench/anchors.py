"""Published anchor figures printed beside aekeras's own, with their sources.

``status`` says honestly how far each figure was checked: this session had no internet, so only
figures whose source text could be read offline are marked "checked"; the others are marked as
quoted in issue 6. Nothing in BENCHMARKS.md is typed by hand: the anchors come from here, the
aekeras figures from the run.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Anchor:
    """A published figure: group ('quality'/'speed'), row title, figure, source, check status."""

    group: str
    title: str
    figure: str
    source: str
    status: str


KERAS_BLOG = "F. Chollet, 'Building Autoencoders in Keras', blog.keras.io, 2016"
HABR = "'Автоэнкодеры в Keras', habr.com/ru/post/331382 (cited by slide 001)"
QUOTED = "as quoted in issue 6; not checked offline"

ANCHORS = {
    "linear_pca": Anchor(
        "quality",
        "Linear AE vs PCA, k = 2, 32, 49",
        "ratio 1.00 (PCA is the optimum of a linear AE); target <= 1.005",
        "Baldi & Hornik 1989 (linear AE = PCA subspace); PCA by scikit-learn in the same run",
        "theory; PCA measured in this run",
    ),
    "dense_ae": Anchor(
        "quality",
        "Course dense AE 784-49-784 and Keras-blog 784-32-784",
        "Keras blog 784-32-784: ~0.11 BCE (Adadelta, 50 ep); Habr 784-49-784: 0.0777 (50 ep)",
        f"{KERAS_BLOG}; {HABR}",
        "Keras-blog figure checked against the post's text; Habr figure " + QUOTED,
    ),
    "deep_ae": Anchor(
        "quality",
        "Deep AE 784-1000-500-250-30",
        "3.00 squared error per test image (logistic PCA 8.01, PCA 13.87); target <= 3.00",
        "Hinton & Salakhutdinov, Science 313:504, 2006 (RBM pretraining + fine-tuning)",
        QUOTED,
    ),
    "conv_ae": Anchor(
        "quality",
        "Convolutional AE",
        "Keras blog conv AE: 0.094 BCE (128-d code, Adadelta, 50 ep); Habr conv AE ~0.069",
        f"{KERAS_BLOG}; {HABR}",
        "Keras-blog figure checked against the post's text; Habr figure " + QUOTED,
    ),
    "denoising": Anchor(
        "quality",
        "Denoising: Gaussian 0.5 clipped (Keras-blog setting) and masking",
        "PSNR: noisy input 9.4 dB; PCA-49 projection 15.2 dB; "
        "Keras-blog conv denoiser ~19.8 dB after 10 ep",
        f"noise setting from {KERAS_BLOG}; the three dB figures from issue 6 "
        "(all three re-measured in this run)",
        "the blog prints no PSNR; dB figures " + QUOTED,
    ),
    "kl_sparse": Anchor(
        "quality",
        "KL sparse AE",
        "mean activation per unit = rho (0.05); target within 20% of rho on average",
        "A. Ng, CS294A lecture notes 'Sparse autoencoder' / UFLDL (definition of the KL penalty)",
        "definition",
    ),
    "k_sparse": Anchor(
        "quality",
        "k-sparse AE, 1000 units, k in {25, 40, 70}",
        "~1.35% logistic-regression error on codes at k = 25",
        "Makhzani & Frey, 'k-Sparse Autoencoders', arXiv:1312.5663 (ICLR 2014)",
        "unchecked: the paper's table could not be consulted offline",
    ),
    "stacked": Anchor(
        "quality",
        "Stacked 200-200 greedy + softmax",
        "UFLDL 87.7% before / 97.6% after fine-tuning; self-taught 98.3%; "
        "stacked denoising AE (Theano tutorial) 1.3% error",
        "UFLDL Tutorial (Stacked Autoencoders, Self-Taught Learning exercises); "
        "deeplearning.net SdA tutorial",
        QUOTED,
    ),
    "few_labels": Anchor(
        "quality",
        "100 labels: frozen pretrained encoder + head vs same net from scratch",
        "no number: the pretrained encoder should beat the same net trained from scratch",
        "course slide 003 (frozen encoder + new layers)",
        "course claim",
    ),
    "contractive": Anchor(
        "quality",
        "Contractive vs plain vs denoising, 1000 sigmoid units",
        "test error after pretraining + fine-tuning: CAE 1.14%, DAE 1.18%, AE+wd 1.68%, AE 1.78%",
        "Rifai et al., 'Contractive Auto-Encoders', ICML 2011, Table 1",
        QUOTED,
    ),
    "anomaly": Anchor(
        "quality",
        "One-class anomaly detection, each digit as the normal class",
        "PCA reconstruction error, IsolationForest, OneClassSVM: ROC AUC in the same run",
        "scikit-learn baselines measured in this run",
        "measured",
    ),
    "vae": Anchor(
        "quality",
        "VAE, 2-d and 20-d latent",
        "~147 reconstruction + KL per image at 30 epochs (2-d latent, conv VAE)",
        "keras.io example 'Variational AutoEncoder' (F. Chollet), training log",
        QUOTED,
    ),
    "speed_factory": Anchor(
        "speed",
        "Epoch time: factory model vs the same architecture in plain Keras",
        "plain-Keras reference (Keras-blog / keras.io style); target ratio <= 1.05",
        "reference models written in bench/reference.py, same data and batch, interleaved",
        "measured",
    ),
    "speed_scaling": Anchor(
        "speed",
        "Epoch time vs number of samples (1k, 4k, 16k, 60k)",
        "linear growth: R^2 >= 0.99 of t = a + b n, time per sample at 60k within 25% of 16k",
        "issue 6 requirement",
        "requirement",
    ),
    "speed_xla": Anchor(
        "speed",
        "jit_compile=True (XLA) vs False on this CPU",
        "Keras's default on CPU ('auto' -> no XLA); recommend XLA where ratio <= 0.90",
        "Keras 3 Model.compile(jit_compile='auto') documentation",
        "measured",
    ),
    "speed_notebooks": Anchor(
        "speed",
        "Per-notebook run time, quick and full (course runner)",
        "full: minutes per notebook on a laptop CPU (target <= 600 s); quick: <= 120 s",
        "DESIGN.md notebook conventions; times from tools/run_course.py",
        "project requirement",
    ),
}
