"""Published anchor figures printed beside aekeras's own, with their sources.

``SOURCES`` gives each source and how far it was checked: the second entry quotes what was found
in the source (or a verbatim copy of it), or starts with "not checked" and says why.
Nothing in BENCHMARKS.md is typed by hand: the anchors come from here, the aekeras figures from
the runs recorded in bench/results.json.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Anchor:
    """A published figure or a stated requirement beside a benchmark row.

    group: "quality" or "speed"; title: the row's name in the report; figure: the anchor and the
    target, short (summary table); refs: keys of ``SOURCES`` (footnotes of the report).
    """

    group: str
    title: str
    figure: str
    refs: tuple

    @property
    def source(self):
        """The sources, joined."""
        return "; ".join(SOURCES[r][0] for r in self.refs)

    @property
    def footnotes(self):
        """Markdown footnote references, e.g. '[^blog] [^habr]'."""
        return " ".join(f"[^{r}]" for r in self.refs)


SOURCES = {
    "baldi": (
        "P. Baldi, K. Hornik, 'Neural networks and principal component analysis', Neural "
        "Networks 2(1), 1989: the optimum of a linear AE under squared error is the PCA subspace",
        "a theorem, not a quoted figure; PCA is computed by scikit-learn in the same run",
    ),
    "blog": (
        "F. Chollet, 'Building Autoencoders in Keras', blog.keras.io, 2016 (code updated 2017 "
        "and 2020)",
        "checked against copies of the post's text. The 2016 version (Adadelta) says the "
        "784-32-784 model reaches 'a stable train/test loss value of about 0.11' after 50 "
        "epochs; the current version (Adam) says 'about 0.09'. Both say the convolutional model "
        "(128-d code, 50 epochs, batch 128) 'converges to a loss of 0.094'. The denoiser "
        "(7x7x32 code, Gaussian noise 0.5 clipped to [0, 1]) trains 100 epochs on (noisy, clean) "
        "pairs; no loss or PSNR is given for it",
    ),
    "habr": (
        "'Автоэнкодеры в Keras, часть 1', habr.com/ru/post/331382 (cited by the course's slide "
        "001): 784-49-784, 50 epochs, loss 0.0777",
        "not checked: no copy of the post could be read here; 0.0777 is the figure the course "
        "quotes",
    ),
    "hs2006": (
        "G. Hinton, R. Salakhutdinov, 'Reducing the dimensionality of data with neural "
        "networks', Science 313:504, 2006 (RBM pretraining, then fine-tuning; logistic units, "
        "linear 30-d code)",
        "not checked against the paper's text (no copy could be read here). The definition "
        "agrees: PCA-30 computed here gives the paper's 13.87 (squared error summed over the 784 "
        "pixels, mean over the 10000 test images)",
    ),
    "ng": (
        "A. Ng, CS294A lecture notes 'Sparse autoencoder' (UFLDL): the KL penalty drives each "
        "unit's mean activation rho_hat_j to rho",
        "a definition, not a quoted figure",
    ),
    "mf2013": (
        "A. Makhzani, B. Frey, 'k-Sparse Autoencoders', ICLR 2014, arXiv:1312.5663 (k lowered "
        "from a larger value during training, alpha * k units kept when encoding)",
        "not checked: only the abstract could be read here ('better classification results than "
        "denoising autoencoders, networks trained with dropout, and RBMs'); 1.35% is the figure "
        "the course quotes",
    ),
    "ufldl": (
        "UFLDL Tutorial, exercise 'Implement deep networks for digit classification' "
        "(stackedAEExercise.m)",
        "checked against the exercise's starter code: 'The results for our implementation "
        "were: Before Finetuning Test Accuracy: 87.7% / After Finetuning Test Accuracy: 97.6%'",
    ),
    "slide003": (
        "the course's lecture by OmSTU, 'Special neural network architectures: autoencoders' "
        "(2022): a frozen encoder and new layers when labels are few",
        "a claim of the course, no number",
    ),
    "kingma2014": (
        "D. Kingma, D. Rezende, S. Mohamed, M. Welling, 'Semi-Supervised Learning with Deep "
        "Generative Models', NeurIPS 2014, arXiv:1406.5298, Table 1 (MNIST, 100 labels): M1 "
        "(VAE features) + TSVM 11.82% error",
        "not checked: the paper's abstract and introduction could be read here, not its Table 1; "
        "11.82% is the figure usually quoted from it",
    ),
    "rifai2011": (
        "S. Rifai et al., 'Contractive Auto-Encoders: Explicit Invariance During Feature "
        "Extraction', ICML 2011, Table 1 (MNIST)",
        "not checked: only the paper's first page could be read here; the four figures are the "
        "ones the course quotes",
    ),
    "sklearn": (
        "scikit-learn baselines run on the same data in the same run",
        "measured here, nothing quoted",
    ),
    "kerasio_vae": (
        "F. Chollet, keras.io example 'Variational AutoEncoder' (2020, last modified 2024): "
        "conv encoder 32-64 (stride 2) + Dense 16, 2-d latent, Adam, batch 128, 30 epochs",
        "checked against the example's published log: 'Epoch 30/30 ... loss: 146.9508 - "
        "reconstruction_loss: 140.1473 - kl_loss: 6.7960'. It is the running mean of the "
        "training loss over the last epoch, on the 70000 train + test images; no held-out figure "
        "is given",
    ),
    "reference": (
        "plain-Keras twins in bench/reference.py, same data and batch, timed interleaved",
        "measured here, nothing quoted",
    ),
    "linear": (
        "project requirement: an epoch costs time in proportion to the data",
        "a requirement, nothing quoted",
    ),
    "keras_jit": (
        "Keras 3 Model.compile(jit_compile='auto'): XLA where backend and device support it; "
        "the TensorFlow trainer turns it off on CPU-only machines",
        "checked in the installed Keras 3.15 source (Trainer._resolve_auto_jit_compile: "
        "'Disable XLA on CPU-only machines')",
    ),
    "course_limits": (
        "course requirement: every notebook runs in minutes on a laptop CPU (tools/run_course.py "
        "measures them)",
        "a requirement, nothing quoted",
    ),
}

ANCHORS = {
    "linear_pca": Anchor(
        "quality",
        "Linear AE vs PCA, k = 2, 32, 49",
        "ratio to PCA 1.00; target <= 1.005",
        ("baldi",),
    ),
    "dense_ae": Anchor(
        "quality",
        "Dense AE: course 784-49-784 (Adam) and Keras-blog 784-32-784 (Adadelta)",
        "test BCE <= 0.0777 (Habr, 49-d) and <= 0.11 (Keras blog 2016, 32-d)",
        ("habr", "blog"),
    ),
    "deep_ae": Anchor(
        "quality",
        "Deep AE 784-1000-500-250-30 vs PCA",
        "3.00 squared error per test image (PCA-30: 13.87); target <= 3.00",
        ("hs2006",),
    ),
    "conv_ae": Anchor(
        "quality",
        "Convolutional AE",
        "Keras-blog conv AE: BCE 0.094 (128-d code); target <= 0.094",
        ("blog",),
    ),
    "denoising": Anchor(
        "quality",
        "Denoising: Gaussian noise 0.5, clipped (Keras-blog setting)",
        "PSNR of the Keras-blog conv denoiser, rebuilt and trained in the same run; "
        "target >= its PSNR",
        ("blog",),
    ),
    "kl_sparse": Anchor(
        "quality",
        "KL-sparse AE: mean activation of every unit",
        "rho_hat_j = rho = 0.05 for every unit j; target: all within +-20%",
        ("ng",),
    ),
    "k_sparse": Anchor(
        "quality",
        "k-sparse AE, 1000 units, k = 25",
        "paper: 1.35% logistic-regression error on the codes; target here <= 2%, most units in use",
        ("mf2013",),
    ),
    "stacked": Anchor(
        "quality",
        "Stacked 200-200 (greedy) + softmax",
        "87.7% before / 97.6% after fine-tuning; target >= both",
        ("ufldl",),
    ),
    "few_labels": Anchor(
        "quality",
        "100 labels (10 per class): AE codes, inductive and semi-supervised",
        "paper: M1 + TSVM 88.2% accuracy; target here: inductive (frozen encoder + SVM) >= 85%, "
        "semi-supervised (label spreading) >= 90%, each above raw pixels + SVM and the same net "
        "from scratch on every label draw",
        ("kingma2014", "slide003"),
    ),
    "contractive": Anchor(
        "quality",
        "Contractive vs denoising vs plain AE features, 1000 sigmoid units, fine-tuned",
        "paper: CAE 1.14%, DAE 1.18%, AE+wd 1.68%, AE 1.78% test error; target <= 1.5% for "
        "CAE and DAE",
        ("rifai2011",),
    ),
    "anomaly": Anchor(
        "quality",
        "One-class anomaly detection, each digit as the normal class",
        "ROC AUC of PCA-49 error, IsolationForest, OneClassSVM in the same run; target: the AE "
        "better than each (every seed, >= 6 of 10 digits)",
        ("sklearn",),
    ),
    "vae": Anchor(
        "quality",
        "VAE, 2-d latent: convolutional (keras.io) and dense",
        "keras.io conv VAE: 146.95 (reconstruction 140.15 + KL 6.80) per image after 30 "
        "epochs; target <= 147",
        ("kerasio_vae",),
    ),
    "speed_factory": Anchor(
        "speed",
        "Epoch time: factory model vs the same architecture in plain Keras",
        "plain Keras (bench/reference.py); target ratio <= 1.05 for every model",
        ("reference",),
    ),
    "speed_scaling": Anchor(
        "speed",
        "Epoch time vs number of samples (1k, 4k, 16k, 60k)",
        "linear: R^2 >= 0.99 for t = a + b n; time per sample at 60k within 0.8-1.25 of 16k",
        ("linear",),
    ),
    "speed_xla": Anchor(
        "speed",
        "jit_compile=True (XLA) vs False on this CPU",
        "Keras's default on a CPU-only machine: no XLA; XLA 'helps' where the ratio <= 0.90",
        ("keras_jit",),
    ),
    "speed_notebooks": Anchor(
        "speed",
        "Per-notebook run time, quick and full (course runner)",
        "quick <= 120 s, full <= 600 s per notebook",
        ("course_limits",),
    ),
}
