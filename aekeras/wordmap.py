"""A map of labelled 2-D points whose labels never overlap (word embeddings, notebook 14)."""

import matplotlib.pyplot as plt
import numpy as np


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
