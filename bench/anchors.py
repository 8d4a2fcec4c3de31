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
    def footnotes(self):
        """Markdown footnote references, e.g. '[^blog] [^habr]'."""
        return " ".join(f"[^{r}]" for r in self.refs)


SOURCES = {
    "baldi": (
        "P. Baldi, K. Hornik, 'Neural networks and principal component analysis', Neural "
        "Networks 2(1), 1989: the optimum of a linear AE under squared error is the PCA subspace",
        "a theorem, not a quoted figure; PCA is computed by scikit-learn in the same run",
    ),
    "habr": (
        "'Автоэнкодеры в Keras, часть 1: введение', habr.com/ru/post/331382 (cited by the "
        "course's slide 001): 784-49-784, Adam, BCE, 50 epochs, batch 256",
        "checked against a copy of the post's text: fit(..., validation_data=(x_test, x_test)) "
        "and the log's last line 'loss: 0.0784 - val_loss: 0.0777', so 0.0777 is the loss on the "
        "test images after epoch 50 (the training loss is 0.0784)",
    ),
    "blog": (
        "F. Chollet, 'Building Autoencoders in Keras', blog.keras.io, 2016 (code updated 2017 "
        "and 2020)",
        "checked against copies of the post's text, 2016 and current. The 784-32-784 model: "
        "'a stable train/test loss value of about 0.11' after 50 epochs (2016, Adadelta; 'about "
        "0.09' with Adam now). The conv AE (16-8-8 filters, a 128-d code, 50 epochs, batch 128; "
        "Adadelta in 2016, Adam now): 'converges to a loss of 0.094'. The sparse L1 AE: 'a train "
        "loss of 0.11 and test loss of 0.10' (this 0.10 belongs to the sparse AE, not to the "
        "denoiser). The denoiser (32-32 filters, a 7x7x32 code, Gaussian noise 0.5 clipped to "
        "[0, 1], 100 epochs on (noisy, clean) pairs) comes with pictures and no figure",
    ),
    "hs2006": (
        "G. Hinton, R. Salakhutdinov, 'Reducing the dimensionality of data with neural "
        "networks', Science 313:504, 2006, Fig. 2 caption: average squared error per image of "
        "the 784-1000-500-250-30 autoencoder 3.00, logistic PCA 8.01, PCA 13.87 (RBM "
        "pretraining, then fine-tuning; logistic units, a linear 30-d code)",
        "checked: the caption's three figures; the definition agrees too, PCA-30 computed here "
        "gives the paper's 13.87 (squared error summed over the 784 pixels, mean over the 10000 "
        "test images)",
    ),
    "ufldl_sparse": (
        "UFLDL Tutorial, 'Sparse Autoencoder' (A. Ng, CS294A notes): J = (1/m) sum 1/2 ||x_hat "
        "- x||^2 + (lambda / 2) sum W^2 + beta sum_j KL(rho || rho_hat_j), rho_hat_j = (1/m) "
        "sum_i a_j(x_i) 'averaged over the training set'; Exercise:Vectorization "
        "sets, for MNIST, 196 hidden units, rho (sparsityParam) 0.1, lambda 3e-3, beta 3, the "
        "first 10000 training images, 400 L-BFGS iterations",
        "checked: the exercise's parameter block (train.m), read in public copies of its "
        "starter code; the objective as the course quotes it; a definition, no figure",
    ),
    "mf2013": (
        "A. Makhzani, B. Frey, 'k-Sparse Autoencoders', ICLR 2014, arXiv:1312.5663: 1000 "
        "hidden units, k = 25, 1.35% logistic-regression error on MNIST; linear units, tied "
        "weights, E = ||x - x_hat||^2, k lowered during training, alpha * k units when encoding",
        "partly checked: the abstract and a summary quoting the paper's algorithm (squared "
        "error, the alpha * k encoding, its 50000/10000 split) were read; the 1.35% and the "
        "training settings (SGD, momentum 0.9, learning rate 0.01, batch 128) are the course's",
    ),
    "ufldl": (
        "UFLDL Tutorial, exercise 'Implement deep networks for digit classification' "
        "(stackedAEExercise.m)",
        "checked against the exercise's starter code: 'Before Finetuning Test Accuracy: 87.7% "
        "/ After Finetuning Test Accuracy: 97.6%'",
    ),
    "kingma2014": (
        "D. Kingma, D. Rezende, S. Mohamed, M. Welling, 'Semi-Supervised Learning with Deep "
        "Generative Models', NeurIPS 2014, arXiv:1406.5298, Table 1 (MNIST, 100 labels): M1 "
        "(VAE features) + TSVM 11.82% error",
        "not checked: the abstract and introduction were read, not Table 1; 11.82% is the "
        "figure usually quoted from it",
    ),
    "slide003": (
        "the course's lecture by OmSTU, 'Special neural network architectures: autoencoders' "
        "(2022): a frozen encoder and new layers when labels are few",
        "a claim of the course, no number",
    ),
    "rifai2011": (
        "S. Rifai et al., 'Contractive Auto-Encoders: Explicit Invariance During Feature "
        "Extraction', ICML 2011, Table 1 (MNIST): CAE 1.14, DAE 1.18, AE+wd 1.68, AE 1.78 (%)",
        "not checked: only the paper's first page could be read; the figures are the course's. "
        "The table has two denoising AEs, Gaussian (DAE-g) and masking (DAE-b) noise; which one "
        "the course's 1.18 belongs to could not be read, and the row takes it as DAE-g's",
    ),
    "sklearn": (
        "scikit-learn baselines run on the same data in the same run",
        "measured here, nothing quoted",
    ),
    "kerasio_vae": (
        "F. Chollet, keras.io example 'Variational AutoEncoder' (2020, last modified 2024): "
        "conv encoder 32-64 (stride 2) + Dense 16, 2-d latent, Adam, batch 128, 30 epochs on the "
        "70000 train + test images",
        "checked against the example's published log: 'Epoch 30/30 ... loss: 146.9508 - "
        "reconstruction_loss: 140.1473 - kl_loss: 6.7960', the running mean of the training "
        "loss over the last epoch; no held-out figure is given",
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
        "course requirement: every notebook runs in at most 3 minutes in full mode on 2 CPU cores "
        "(tools/run_course.py measures them; notebooks/timings.json keeps the measurement)",
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
        "test BCE (val_loss) 0.0777 (Habr, 49-d) and 0.11 (Keras blog 2016, 32-d); target <= each",
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
        "Convolutional AE vs the Keras blog's, rebuilt",
        "the blog's conv AE trained alike in the same run (the blog: BCE 0.094); target: "
        "create_conv_ae's test BCE <= it",
        ("blog",),
    ),
    "denoising": Anchor(
        "quality",
        "Denoising: Gaussian noise 0.5, clipped (Keras-blog setting)",
        "PSNR of the Keras blog's conv denoiser rebuilt and trained alike in the same run; "
        "target: create_conv_ae on the same pairs >= it",
        ("blog",),
    ),
    "kl_sparse": Anchor(
        "quality",
        "KL-sparse AE: mean activation of every unit",
        "rho_hat_j = rho = 0.1 for every unit j (UFLDL's MNIST exercise: 196 units, beta 3, "
        "weight decay 3e-3), rho_hat_j over the training images; target: all within +-20% on "
        "every seed",
        ("ufldl_sparse",),
    ),
    "k_sparse": Anchor(
        "quality",
        "k-sparse AE, 1000 units, k = 25",
        "paper: 1.35% logistic-regression error on the codes; target <= 2%",
        ("mf2013",),
    ),
    "stacked": Anchor(
        "quality",
        "Stacked 200-200 (greedy) + softmax",
        "87.7% before / 97.6% after fine-tuning; target >= 97.6% after",
        ("ufldl",),
    ),
    "few_labels": Anchor(
        "quality",
        "100 labels (10 per class): AE codes, inductive and semi-supervised",
        "paper: M1 + TSVM 88.2% accuracy; target: inductive (codes + SVM) >= 85%, "
        "semi-supervised (label spreading) >= 90%",
        ("kingma2014", "slide003"),
    ),
    "contractive": Anchor(
        "quality",
        "Contractive vs denoising vs plain AE features, 1000 sigmoid units, fine-tuned",
        "paper: CAE 1.14%, DAE 1.18%, AE+wd 1.68%, AE 1.78% test error; target: each variant "
        "<= its own figure",
        ("rifai2011",),
    ),
    "anomaly": Anchor(
        "quality",
        "One-class anomaly detection, each digit as the normal class",
        "ROC AUC of PCA-49 reconstruction error in the same run; target: the AE better on >= 6 "
        "of 10 digits beyond the seed spread",
        ("sklearn",),
    ),
    "vae": Anchor(
        "quality",
        "VAE, 2-d latent: keras.io's protocol",
        "keras.io conv VAE: 146.95 (reconstruction 140.15 + KL 6.80) per image, last epoch of "
        "30 on 70000 images; target <= 146.95",
        ("kerasio_vae",),
    ),
    "speed_factory": Anchor(
        "speed",
        "Epoch time: factory model vs the same architecture in plain Keras",
        "plain Keras (bench/reference.py); target ratio of fastest epochs <= 1.05 for every model",
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
        "quick <= 120 s, full <= 180 s per notebook (a class step of 3 minutes)",
        ("course_limits",),
    ),
}
