"""Figures the notebooks share. Each function draws with matplotlib and returns the Figure.

Importing this module changes no matplotlib setting: a notebook asks for the course's style,
readable from the back of a classroom, with ``course_style()`` in its setup cell.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

COURSE_STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 14,
    "axes.grid": False,
}


def course_style():
    """Larger fonts and a higher resolution for every following figure (a notebook's setup).

    Changes ``matplotlib.rcParams``; for one figure only, use
    ``with matplotlib.rc_context(COURSE_STYLE): ...`` instead.

    Example:
        >>> course_style()
    """
    plt.rcParams.update(COURSE_STYLE)


# Russian names of the usual entries of a Keras history
HISTORY_LABELS = {
    "loss": "обучение",
    "val_loss": "проверка",
    "mse": "MSE, обучение",
    "val_mse": "MSE, проверка",
    "kl": "KL",
    "val_kl": "KL, проверка",
    "reconstruction": "реконструкция",
    "val_reconstruction": "реконструкция, проверка",
}


def _as_images(x, image_shape):
    x = np.asarray(x)
    return x.reshape((len(x),) + tuple(image_shape))


def plot_rows(rows, labels, n=10, image_shape=(28, 28), title=None):
    """Rows of images one above another: e.g. original / noisy / restored of the same digits.

    Args:
        rows: list of arrays, each (m, ...) with m >= n images of ``image_shape`` pixels.
        labels: one row title per array (shown on the left).
    """
    if len(rows) != len(labels):
        raise ValueError(f"labels has {len(labels)} entries, rows has {len(rows)}: give one each")
    fig, axes = plt.subplots(len(rows), n, figsize=(1.2 * n, 1.3 * len(rows)), squeeze=False)
    for r, (images, label) in enumerate(zip(rows, labels)):
        images = _as_images(images[:n], image_shape)
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(images[c], cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_reconstructions(originals, restored, n=10, image_shape=(28, 28), title=None):
    """Original digits above their reconstructions (the course's "оригинал / восстановленный")."""
    return plot_rows([originals, restored], ["Оригинал", "Восстановлено"], n, image_shape, title)


def plot_image_grid(images, ncols=10, image_shape=(28, 28), title=None, titles=None, cmap="gray"):
    """A grid of images, each scaled on its own (learned features, decoded samples).

    ``images`` is (m, ...) with ``image_shape`` pixels each, e.g. the encoder's kernel
    transposed (units x 784) to see which pixel pattern excites each code unit.
    """
    images = _as_images(images, image_shape)
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.2 * ncols, 1.25 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap=cmap)
            if titles is not None:
                ax.set_title(titles[i], fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_codes_2d(codes, labels, title="Коды в 2-D", ax=None, xlabel="код 1", ylabel="код 2"):
    """Scatter of 2-D codes coloured by digit label, with a legend of the ten classes."""
    codes = np.asarray(codes)
    if codes.ndim != 2 or codes.shape[1] != 2:
        raise ValueError(f"codes has shape {codes.shape}: expected (n, 2)")
    fig = ax.figure if ax is not None else plt.figure(figsize=(7, 5.5))
    ax = ax if ax is not None else fig.add_subplot()
    sc = ax.scatter(codes[:, 0], codes[:, 1], c=labels, cmap="tab10", s=4, alpha=0.7)
    # the legend sits outside the axes so that it never covers a cluster
    ax.legend(*sc.legend_elements(), title="цифра", loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


def plot_manifold(decoder, n=15, span=(-2.0, 2.0), image_shape=(28, 28), title=None, grid=None):
    """Decode a regular n x n grid of 2-D codes into one image: the manifold the decoder learnt.

    ``span`` gives the range of both code axes, or pass ``grid=(xs, ys)`` explicitly.
    """
    xs, ys = grid if grid is not None else (np.linspace(*span, n), np.linspace(*span, n))
    codes = np.array([[x, y] for y in ys[::-1] for x in xs], dtype="float32")
    images = _as_images(decoder.predict(codes, verbose=0), image_shape)
    h, w = image_shape
    canvas = np.zeros((len(ys) * h, len(xs) * w))
    for k, img in enumerate(images):
        i, j = divmod(k, len(xs))
        canvas[i * h : (i + 1) * h, j * w : (j + 1) * w] = img
    fig, ax = plt.subplots(figsize=(7, 7))
    ax.imshow(canvas, cmap="gray", extent=(xs[0], xs[-1], ys[0], ys[-1]), aspect="auto")
    ax.set_xlabel("код 1")
    ax.set_ylabel("код 2")
    ax.set_title(title or "Декодированная сетка кодов")
    return fig


def plot_history(history, keys=None, title="Обучение", ylabel="ошибка"):
    """Training curves from a Keras ``History`` (or its ``.history`` dict), one line per key."""
    hist = history.history if hasattr(history, "history") else history
    keys = keys or list(hist)
    fig, ax = plt.subplots(figsize=(7, 4))
    for key in keys:
        label = HISTORY_LABELS.get(key, key)
        ax.plot(np.arange(1, len(hist[key]) + 1), hist[key], marker="o", label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole epochs only
    ax.set_xlabel("эпоха")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


# Notebooks 06 (sparse) and 09 (contractive): the loss's terms side by side


def plot_loss_terms(history, keys, labels=None, title=None):
    """Curves of the loss's terms side by side, one panel per key, each on its own scale.

    A penalty ("kl_sparsity", "contractive", "l1_penalty") is often far smaller than the
    reconstruction error, so on a shared axis it would lie flat at zero; here each term gets its
    own panel, with whole epochs on the x axis. When the history also holds ``"val_" + key``,
    that curve is drawn dashed in the same panel.

    Args:
        history: a Keras ``History`` or its ``.history`` dict.
        keys: the terms to draw, e.g. ``["bce", "kl_sparsity"]``.
        labels: a panel title per key (default: the Russian name from ``HISTORY_LABELS``, or
            the key itself).
        title: title of the whole figure.

    Returns:
        The Figure, with one axes per key.

    Raises:
        ValueError: if a key is not in the history, or labels and keys differ in length.

    Example:
        >>> fig = plot_loss_terms(history, ["bce", "kl_sparsity"], ["реконструкция", "штраф KL"])
    """
    hist = history.history if hasattr(history, "history") else history
    keys = list(keys)
    missing = [key for key in keys if key not in hist]
    if missing:
        raise ValueError(f"keys {missing} are not in the history; it has {sorted(hist)}")
    labels = list(labels) if labels is not None else [HISTORY_LABELS.get(k, k) for k in keys]
    if len(labels) != len(keys):
        raise ValueError(f"labels has {len(labels)} entries, keys has {len(keys)}: give one each")
    fig, axes = plt.subplots(1, len(keys), figsize=(5.2 * len(keys), 3.6), squeeze=False)
    for ax, key, label in zip(axes[0], keys, labels):
        epochs = np.arange(1, len(hist[key]) + 1)
        ax.plot(epochs, hist[key], marker="o", label="обучение")
        if f"val_{key}" in hist:
            ax.plot(epochs, hist[f"val_{key}"], marker="o", linestyle="--", label="проверка")
            ax.legend()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole epochs only
        ax.set_xlabel("эпоха")
        ax.set_title(label)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# Bars: a comparison by group (digits) and a ranking of methods with their spread.


def _legend_outside(ax):
    # right of the axes, so that a legend never covers a bar, a curve or a bin
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)


def plot_bars(
    values, categories, errors=None, title=None, xlabel=None, ylabel=None, highlight=None
):
    """Grouped bars: one group per category (e.g. a digit), one bar per series.

    Args:
        values: dict series name -> heights, one per category. A single series draws no legend.
        categories: labels of the groups.
        errors: optional dict series name -> half-heights of error bars (e.g. std over seeds).
        xlabel, ylabel: labels of the axes.
        highlight: optional category whose label is drawn bold and red (e.g. the anomaly).

    Raises:
        ValueError: if a series does not have one height per category.

    Example:
        >>> plot_bars({"АК": auc_ae, "PCA": auc_pca}, categories=range(10), ylabel="AUC")
    """
    categories = [str(c) for c in categories]
    for name, heights in values.items():
        if len(heights) != len(categories):
            raise ValueError(
                f"values[{name!r}] has {len(heights)} heights, categories has "
                f"{len(categories)}: give one height per category"
            )
    width, pos = 0.8 / len(values), np.arange(len(categories))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.35 * len(categories) * max(len(values), 2) + 3), 4))
    for k, (name, heights) in enumerate(values.items()):
        err = None if errors is None else errors.get(name)
        offset = (k - (len(values) - 1) / 2) * width
        ax.bar(pos + offset, heights, width, yerr=err, capsize=4 if err else 0, label=name)
    ax.set_xticks(pos, categories)
    if highlight is not None:
        tick = ax.get_xticklabels()[categories.index(str(highlight))]
        tick.set_color("tab:red")
        tick.set_fontweight("bold")
    ax.set_xlabel(xlabel or "")
    ax.set_ylabel(ylabel or "")
    if title:
        ax.set_title(title)
    if len(values) > 1:
        _legend_outside(ax)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_ranking(means, errors=None, colors=None, title=None, xlabel=None, value_format="{:.1%}"):
    """Horizontal bars of one measure per method, top to bottom, each labelled with its value.

    Args:
        means: dict method name -> value (e.g. the mean accuracy over seeds).
        errors: optional dict method name -> half-width of the error bar (e.g. the std).
        colors: optional dict method name -> colour (e.g. to group methods by kind).
        xlabel: label of the value axis.
        value_format: format of the value printed by each bar.

    Example:
        >>> plot_ranking({"пиксели + SVM": 0.80, "коды + SVM": 0.86}, xlabel="точность")
    """
    names = list(means)
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.45 * len(names) + 1.5)))
    bars = ax.barh(
        np.arange(len(names)),
        [means[n] for n in names],
        xerr=None if errors is None else [errors[n] for n in names],
        capsize=4 if errors else 0,
        color=None if colors is None else [colors[n] for n in names],
    )
    ax.bar_label(bars, labels=[value_format.format(means[n]) for n in names], padding=3)
    ax.set_yticks(np.arange(len(names)), names)
    ax.invert_yaxis()  # the first method on top
    ax.set_xlim(0, ax.get_xlim()[1] * 1.12)  # room for the labels by the longest bar
    ax.set_xlabel(xlabel or "")
    if title:
        ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_metric_curves(x, series, xlabel, ylabel, title=None, ylim=(0, 1.02)):
    """One line per series over the same x (e.g. hit rate over the list length k).

    Args:
        x: the x values, drawn as the ticks.
        series: dict name -> y values, one per x.

    Example:
        >>> plot_metric_curves([1, 3, 5], {"АК": [0.2, 0.5, 0.7]}, "k", "доля попаданий")
    """
    fig, ax = plt.subplots(figsize=(8.5, 4.5))
    markers = "os^Dv<>p"
    for k, (name, y) in enumerate(series.items()):
        if len(y) != len(x):
            raise ValueError(f"series[{name!r}] has {len(y)} values, x has {len(x)}")
        ax.plot(x, y, marker=markers[k % len(markers)], lw=2, label=name)
    ax.set_xticks(list(x))
    ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    _legend_outside(ax)
    fig.tight_layout()
    return fig
