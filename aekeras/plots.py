"""Figures the notebooks share. Each function draws with matplotlib and returns the Figure.

Importing this module sets a style readable from the back of a classroom: larger fonts and a
higher resolution for every figure of the course, set once here.
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


# ---- 10_latent_space, 15_vae: an interactive explorer of the latent space ----------------------


def is_live_kernel():
    """True when a person is at the notebook: Jupyter or Colab, not a headless run.

    A headless run (nbclient, nbconvert --execute, papermill, the course runner) executes cells
    with stdin disabled; a Jupyter or Colab frontend allows ``input()``. Outside IPython: False.
    Use it to choose sliders in class and a static figure on a rendered page:
    ``INTERACTIVE = not QUICK and is_live_kernel()``.
    """
    import sys

    if "google.colab" in sys.modules:
        return True
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    return bool(getattr(kernel, "_allow_stdin", False))


def _check_span(span):
    try:
        lo, hi = (float(v) for v in span)
    except (TypeError, ValueError):
        raise ValueError(f"span={span!r}: must be two numbers (low, high), e.g. (-3, 3)") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"span={span!r}: must be two finite numbers with low < high")
    return lo, hi


def _slider(description, lo, hi, step, value):
    import ipywidgets

    return ipywidgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=False,  # redraw on release: smooth on Colab as well
        readout_format=".2f",
    )


def _interactive(draw, **sliders):
    """``ipywidgets.interactive`` over ``draw``; the widget keeps ``draw`` as ``widget.draw``.

    The wrapper returns None, so that ipywidgets shows the figure once (as an inline plot).
    """
    import ipywidgets

    def redraw(**values):
        draw(**values)

    widget = ipywidgets.interactive(redraw, **sliders)
    widget.draw = draw
    return widget


def latent_explorer(
    decoder, span=(-3.0, 3.0), step=0.1, image_shape=(28, 28), codes=None, labels=None
):
    """Sliders over a 2-D code (z1, z2) that redraw the decoded image, for live use in class.

    ``draw(z1, z2)`` (also ``widget.draw``) is a plain function: it decodes the code
    ``[[z1, z2]]`` and returns a Figure with the image on the right and, given ``codes`` (n, 2)
    and their ``labels``, the map of the codes with the point (z1, z2) marked on the left. The
    widget (``ipywidgets.interactive``) wires two sliders over ``span`` to it; it works in
    Jupyter and on Colab. On a rendered page show ``plot_manifold`` instead (``is_live_kernel``).

    Returns:
        the widget; display it as the last line of a cell.

    Raises:
        ValueError: if span is not two finite numbers with low < high, or step <= 0.

    Example:
        >>> latent_explorer(decoder, span=(-3, 3), codes=z_test, labels=y_test)
    """
    lo, hi = _check_span(span)
    if not step > 0:
        raise ValueError(f"step={step!r}: must be > 0")
    if codes is not None:
        codes = np.asarray(codes)
        if codes.ndim != 2 or codes.shape[1] != 2:
            raise ValueError(f"codes has shape {codes.shape}: expected (n, 2)")

    def draw(z1=0.0, z2=0.0):
        code = np.array([[z1, z2]], dtype="float32")
        image = np.asarray(decoder.predict(code, verbose=0)).reshape(image_shape)
        if codes is None:
            fig, ax_img = plt.subplots(figsize=(3.6, 3.6))
        else:
            fig, (ax_map, ax_img) = plt.subplots(
                1, 2, figsize=(10, 4.4), gridspec_kw={"width_ratios": [1.35, 1]}
            )
            ax_map.scatter(codes[:, 0], codes[:, 1], c=labels, cmap="tab10", s=3, alpha=0.5)
            ax_map.plot([z1], [z2], marker="X", ms=16, color="black", mec="white", mew=1.5)
            ax_map.set_xlim(lo, hi)
            ax_map.set_ylim(lo, hi)
            ax_map.set_xlabel("код 1")
            ax_map.set_ylabel("код 2")
            ax_map.set_title("Где этот код среди кодов цифр")
        ax_img.imshow(image, cmap="gray", vmin=0, vmax=1)
        ax_img.set_xticks([])
        ax_img.set_yticks([])
        # a typographic minus, as in the axis labels of matplotlib
        ax_img.set_title(f"декодер({z1:+.2f}, {z2:+.2f})".replace("-", "\N{MINUS SIGN}"))
        fig.tight_layout()
        return fig

    return _interactive(
        draw,
        z1=_slider("код 1", lo, hi, step, float(np.clip(0.0, lo, hi))),
        z2=_slider("код 2", lo, hi, step, float(np.clip(0.0, lo, hi))),
    )


def interpolation_explorer(
    decoder, code_a, code_b, image_a, image_b, step=0.05, image_shape=(28, 28), names=("A", "B")
):
    """A slider over α in α·e(A) + (1 − α)·e(B) that redraws the decoded image, for class.

    ``draw(a)`` (also ``widget.draw``) returns a Figure of four images: A, the decoded code
    a·code_a + (1 − a)·code_b, the pixel mix a·A + (1 − a)·B, and B (titled by ``names``);
    the widget's slider (0 to 1) is labelled α, as in the slides.
    Codes of any length.

    Raises:
        ValueError: if code_a and code_b differ in shape, or step is not in (0, 1].

    Example:
        >>> interpolation_explorer(decoder, encoder(a), encoder(b), a_image, b_image)
    """
    code_a = np.asarray(code_a, dtype="float32").reshape(-1)
    code_b = np.asarray(code_b, dtype="float32").reshape(-1)
    if code_a.shape != code_b.shape:
        raise ValueError(f"code_a {code_a.shape} and code_b {code_b.shape}: must be the same shape")
    if not 0 < step <= 1:
        raise ValueError(f"step={step!r}: must be in (0, 1]")
    image_a = np.asarray(image_a, dtype="float32").reshape(image_shape)
    image_b = np.asarray(image_b, dtype="float32").reshape(image_shape)

    def draw(a=0.5):
        code = (a * code_a + (1 - a) * code_b)[None, :]
        decoded = np.asarray(decoder.predict(code, verbose=0)).reshape(image_shape)
        panels = [
            (image_a, names[0]),
            (decoded, f"через код, α = {a:.2f}"),
            (a * image_a + (1 - a) * image_b, f"смесь пикселей, α = {a:.2f}"),
            (image_b, names[1]),
        ]
        fig, axes = plt.subplots(1, 4, figsize=(12.5, 3.6))
        for ax, (image, title) in zip(axes, panels):
            ax.imshow(image, cmap="gray", vmin=0, vmax=1)
            ax.set_title(title, fontsize=11)
            ax.set_xticks([])
            ax.set_yticks([])
        fig.tight_layout()
        return fig

    return _interactive(draw, a=_slider("α", 0.0, 1.0, step, 0.5))


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
