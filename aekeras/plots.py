"""Figures the notebooks share. Each function draws with matplotlib and returns the Figure.

Importing this module sets a style readable from the back of a classroom: larger fonts and a
higher resolution for every figure of the course, set once here.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator, PercentFormatter

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


# ---- 14_embeddings: labelled points (word embeddings) --------------------------------------------


def _spread_labels(anchors, sizes, bounds, gap=3.0, iterations=500, obstacles=(), radius=6.0):
    """Centres of label boxes (display pixels) that overlap neither one another nor the points.

    Each box (w, h) starts up and to the right of its anchor point; overlapping boxes are pushed
    apart along the axis of the smaller overlap, a box on a point of ``obstacles`` (pixels, a
    square of half-size ``radius`` each) is pushed off it, and every box is kept inside
    ``bounds`` (x0, y0, x1, y1). Returns an (n, 2) array of centres.
    """
    anchors = np.asarray(anchors, dtype=float)
    half = np.asarray(sizes, dtype=float) / 2 + gap / 2
    pos = anchors + half + gap
    obstacles = np.asarray(obstacles, dtype=float).reshape(-1, 2)
    x0, y0, x1, y1 = bounds
    for _ in range(iterations):
        moved = False
        for a in range(len(pos)):
            for b in range(a + 1, len(pos)):
                delta = pos[b] - pos[a]
                overlap = half[a] + half[b] - np.abs(delta)
                if np.all(overlap > 0):
                    axis = int(np.argmin(overlap))
                    direction = np.sign(delta[axis]) or (1.0 if b % 2 else -1.0)
                    shift = overlap[axis] / 2 + 0.5
                    pos[a, axis] -= direction * shift
                    pos[b, axis] += direction * shift
                    moved = True
            for point in obstacles:
                delta = pos[a] - point
                overlap = half[a] + radius - np.abs(delta)
                if np.all(overlap > 0):
                    axis = int(np.argmin(overlap))
                    pos[a, axis] += (np.sign(delta[axis]) or 1.0) * (overlap[axis] + 0.5)
                    moved = True
        pos[:, 0] = np.clip(pos[:, 0], x0 + half[:, 0], x1 - half[:, 0])
        pos[:, 1] = np.clip(pos[:, 1], y0 + half[:, 1], y1 - half[:, 1])
        if not moved:
            break
    return pos


def plot_labelled_points(
    points,
    labels,
    colors=None,
    ax=None,
    fontsize=14,
    title=None,
    xlabel="код 1",
    ylabel="код 2",
):
    """2-D points with text labels placed so that no two labels overlap (a word map).

    ``labels[k]`` is the text of point k; an empty string or None draws the point without a
    label, so that a few chosen points can be labelled large among many. Labels keep off every
    point and off one another; each is joined to its point by a thin line. The labels are laid
    out for the figure's current size (the function calls ``tight_layout`` first), so draw
    everything else on ``ax`` before.

    Raises:
        ValueError: if points is not (n, 2) or labels (or colors) do not have n entries.
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points has shape {points.shape}: expected (n, 2)")
    if len(labels) != len(points):
        raise ValueError(
            f"labels has {len(labels)} entries, points has {len(points)}: give one each"
        )
    if colors is not None and len(colors) != len(points):
        raise ValueError(
            f"colors has {len(colors)} entries, points has {len(points)}: give one each"
        )
    colors = ["tab:blue"] * len(points) if colors is None else list(colors)
    fig = ax.figure if ax is not None else plt.figure(figsize=(9, 7))
    ax = ax if ax is not None else fig.add_subplot()
    ax.scatter(points[:, 0], points[:, 1], c=colors, s=45, zorder=3)
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.12 * np.maximum(hi - lo, 1e-9)
    ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
    ax.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()

    chosen = [k for k, text in enumerate(labels) if text]
    if not chosen:
        return fig
    renderer = fig.canvas.get_renderer()
    style = dict(fontsize=fontsize, fontweight="bold")  # measured as they will be drawn
    texts = [ax.text(0, 0, labels[k], **style) for k in chosen]
    sizes = [
        (t.get_window_extent(renderer).width, t.get_window_extent(renderer).height) for t in texts
    ]
    for t in texts:
        t.remove()
    to_px = ax.transData.transform
    box = ax.get_window_extent(renderer)
    centres = _spread_labels(
        to_px(points[chosen]),
        sizes,
        (box.x0, box.y0, box.x1, box.y1),
        gap=0.45 * fontsize,
        obstacles=to_px(points),  # labels keep off every point, labelled or not
        radius=0.5 * fontsize,
    )
    centres = ax.transData.inverted().transform(centres)
    for k, centre in zip(chosen, centres):
        # a thin line from the point to its label; the label's white box hides the line's end
        ax.plot(*np.transpose([points[k], centre]), color=colors[k], lw=0.8, zorder=2)
        ax.text(
            *centre,
            labels[k],
            ha="center",
            va="center",
            color=colors[k],
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1),
            **style,
            zorder=4,
        )
    return fig


# Notebooks 07, 11 and 12: bars by group, ROC curves, score histograms, metric curves and one
# customer's recommendations.


def _legend_outside(ax):
    # right of the axes, so that a legend never covers a bar, a curve or a bin
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)


def plot_bars(
    values,
    categories,
    errors=None,
    title=None,
    xlabel=None,
    ylabel=None,
    ylim=None,
    value_format=None,
    figsize=None,
    highlight=None,
    percent=False,
    horizontal=False,
    colors=None,
):
    """Grouped bars: one group per category, one bar per series, optional error bars and labels.

    Args:
        values: dict series name -> heights, one per category. A single series draws no legend.
        categories: labels of the groups (digits, method names...).
        errors: optional dict series name -> half-heights of error bars (e.g. std over seeds).
        xlabel, ylabel: labels of the category axis and of the value axis.
        ylim: (low, high) of the value axis; by default it starts at 0.
        value_format: optional format such as ``"{:.1%}"``: each height is printed by its bar.
        figsize: size in inches; by default it grows with the number of bars.
        highlight: optional category whose label is drawn bold and red (e.g. the anomaly).
        percent: show the value axis in per cent (heights are shares in [0, 1]).
        horizontal: bars grow to the right and the categories read top to bottom, which suits
            long category names (recipes, methods).
        colors: optional colour of each category's bar, for a single series (e.g. to group
            recipes by kind).

    Raises:
        ValueError: if a series does not have one height per category, or colors are given
            for several series or not one per category.

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
    n_series = len(values)
    if colors is not None and (n_series != 1 or len(colors) != len(categories)):
        raise ValueError(
            f"colors has {len(colors)} entries for {n_series} series: give one colour per "
            "category, for a single series"
        )
    width = 0.8 / n_series
    pos = np.arange(len(categories))
    if horizontal:
        default_size = (10, max(3.0, 0.45 * len(categories) * n_series + 1.5))
    else:
        default_size = (max(6.0, 0.35 * len(categories) * max(n_series, 2) + 3), 4)
    fig, ax = plt.subplots(figsize=figsize or default_size)
    draw = ax.barh if horizontal else ax.bar
    for k, (name, heights) in enumerate(values.items()):
        err = None if errors is None else errors.get(name)
        offset = (k - (n_series - 1) / 2) * width
        bars = draw(
            pos + (-offset if horizontal else offset),
            heights,
            width,
            **{"xerr" if horizontal else "yerr": err},
            capsize=4 if err is not None else 0,
            label=name,
            color=colors,
        )
        if value_format:
            ax.bar_label(
                bars, labels=[value_format.format(h) for h in heights], padding=3, fontsize=10
            )
    cat_axis, value_axis = (ax.yaxis, ax.xaxis) if horizontal else (ax.xaxis, ax.yaxis)
    (ax.set_yticks if horizontal else ax.set_xticks)(pos, categories)
    if horizontal:
        ax.invert_yaxis()  # the first category on top
    if highlight is not None:
        tick = cat_axis.get_ticklabels()[categories.index(str(highlight))]
        tick.set_color("tab:red")
        tick.set_fontweight("bold")
    if percent:
        value_axis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    set_lim = ax.set_xlim if horizontal else ax.set_ylim
    get_lim = ax.get_xlim if horizontal else ax.get_ylim
    low, high = ylim if ylim is not None else (0, None)
    set_lim(low, high)
    if value_format and ylim is None:
        set_lim(0, get_lim()[1] * 1.1)  # room for the labels by the longest bar
    (ax.set_ylabel if horizontal else ax.set_xlabel)(xlabel or "")
    (ax.set_xlabel if horizontal else ax.set_ylabel)(ylabel or "")
    if title:
        ax.set_title(title)
    if n_series > 1:
        _legend_outside(ax)
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_roc(y_true, scores, title="ROC-кривая"):
    """ROC curves of several detectors on the same labels, with the AUC of each in the legend.

    Args:
        y_true: 0/1 labels, 1 = the positive class (an anomaly).
        scores: dict detector name -> scores, larger = more likely positive.

    Example:
        >>> plot_roc(is_anomaly, {"АК": err_ae, "PCA": err_pca})
    """
    from sklearn.metrics import roc_auc_score, roc_curve

    fig, ax = plt.subplots(figsize=(7.5, 5))
    for name, s in scores.items():
        fpr, tpr, _ = roc_curve(y_true, s)
        ax.plot(fpr, tpr, lw=2, label=f"{name}, AUC = {roc_auc_score(y_true, s):.3f}")
    ax.plot([0, 1], [0, 1], color="gray", ls="--", label="случайное угадывание")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.01)
    ax.set_aspect("equal")
    ax.set_xlabel("доля ложных тревог (FPR)")
    ax.set_ylabel("доля найденных аномалий (TPR)")
    ax.set_title(title)
    _legend_outside(ax)
    fig.tight_layout()
    return fig


def plot_score_histogram(
    scores,
    is_anomaly,
    thresholds=None,
    labels=("нормальные", "аномалии"),
    xlabel="ошибка восстановления",
    title=None,
    bins=60,
):
    """Histograms of a score for normal and anomalous samples, with threshold lines.

    The bins are logarithmic and span all the data (nothing is cut off): reconstruction errors
    are positive and have a long right tail. Each histogram is a density, so a small class is
    as visible as a large one.

    Args:
        scores: positive scores, one per sample.
        is_anomaly: 0/1 per sample.
        thresholds: optional dict label -> threshold value, drawn as vertical lines.

    Raises:
        ValueError: if a score is not positive or the arrays differ in length.

    Example:
        >>> plot_score_histogram(err_test, is_anomaly, {"95-й процентиль": t95})
    """
    scores, is_anomaly = np.asarray(scores, float), np.asarray(is_anomaly).astype(bool)
    if scores.shape != is_anomaly.shape:
        raise ValueError(f"scores {scores.shape} and is_anomaly {is_anomaly.shape}: one per sample")
    if np.any(scores <= 0):
        raise ValueError("scores: must be positive for logarithmic bins")
    edges = np.geomspace(scores.min(), scores.max(), bins + 1)
    fig, ax = plt.subplots(figsize=(9, 4))
    for mask, label in [(~is_anomaly, labels[0]), (is_anomaly, labels[1])]:
        ax.hist(scores[mask], bins=edges, alpha=0.6, density=True, label=label)
    for (label, t), style in zip((thresholds or {}).items(), ["--", ":", "-."] * 3):
        ax.axvline(t, color="black", ls=style, label=label)
    ax.set_xscale("log")
    ax.set_xlabel(f"{xlabel} (логарифмическая шкала)")
    ax.set_ylabel("плотность")
    if title:
        ax.set_title(title)
    _legend_outside(ax)
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


def plot_recommendation(seen, hidden, scores, top, group_names, title=None):
    """One customer: the row the recommender sees, the hidden purchases and its scores.

    Top panel: visible purchases in black, hidden ones in red. Bottom panel: the score of each
    product; products already bought in grey (never recommended), the recommended ``top`` in
    green, the others in blue; a red triangle marks each hidden purchase. Products are assumed
    grouped in equal consecutive blocks, one per name in ``group_names``.

    Args:
        seen, hidden: 0/1 (or bool) vectors over the products.
        scores: the recommender's score of each product.
        top: indices of the recommended products.

    Example:
        >>> plot_recommendation(x_masked[i], hidden[i], scores[i], top_i, ["спорт", "еда"])
    """
    seen, hidden = np.asarray(seen, float), np.asarray(hidden, bool)
    scores = np.asarray(scores, float)
    if not seen.shape == hidden.shape == scores.shape:
        raise ValueError(
            f"seen {seen.shape}, hidden {hidden.shape}, scores {scores.shape}: one per product"
        )
    n = len(scores)
    products = np.arange(n)
    fig, axes = plt.subplots(
        2, 1, figsize=(13, 5.5), sharex=True, gridspec_kw={"height_ratios": [1, 2]}
    )
    axes[0].bar(products, seen, color="black", label="видимая покупка")
    axes[0].bar(products, hidden.astype(float), color="tab:red", label="спрятанная покупка")
    axes[0].set_yticks([0, 1])
    axes[0].set_title("Строка покупателя: что видит рекомендатель и что спрятано")
    colors = np.where(seen > 0, "lightgray", "tab:blue").astype(object)
    colors[np.asarray(top)] = "tab:green"
    axes[1].bar(products, scores, color=list(colors))
    axes[1].scatter(
        products[hidden],
        scores[hidden] + 0.04,
        marker="v",
        s=60,
        color="tab:red",
        zorder=3,
        label="спрятанная покупка",
    )
    # proxies for the legend of the bar colours
    for color, label in [
        ("lightgray", "уже куплено"),
        ("tab:blue", "не рекомендовано"),
        ("tab:green", f"рекомендовано (топ-{len(top)})"),
    ]:
        axes[1].bar([0], [0], color=color, label=label)
    axes[1].set_ylim(0, max(1.0, scores.max() + 0.1))
    axes[1].set_ylabel("оценка")
    axes[1].set_title(title or "Оценки рекомендателя")
    size = n // len(group_names)
    for g in range(1, len(group_names)):
        for ax in axes:
            ax.axvline(g * size - 0.5, color="gray", lw=0.8, ls=":")
    axes[1].set_xticks([(g + 0.5) * size - 0.5 for g in range(len(group_names))], group_names)
    axes[1].set_xlabel("товары по группам")
    for ax in axes:
        _legend_outside(ax)
    fig.tight_layout()
    return fig
