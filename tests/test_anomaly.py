"""aekeras.anomaly: the figures of anomaly detection (notebook 11)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aekeras.anomaly import plot_roc, plot_score_histogram


def teardown_function():
    plt.close("all")


def _legend_is_outside(ax):
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    return legend.x0 >= ax.get_window_extent().x1  # right of the axes: it covers no data


def test_roc_curve_per_detector_with_auc_in_the_legend():
    y = np.array([0, 0, 1, 1])
    fig = plot_roc(y, {"perfect": np.array([0.1, 0.2, 0.8, 0.9]), "bad": np.array([4, 3, 2, 1])})
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["perfect, AUC = 1.000", "bad, AUC = 0.000", "случайное угадывание"]
    assert _legend_is_outside(fig.axes[0])


def test_score_histogram_bins_cover_all_scores_and_refuse_non_positive():
    scores = np.random.default_rng(0).lognormal(-4, 1, 500)
    flags = np.arange(500) % 10 == 0
    fig = plot_score_histogram(scores, flags, {"t": 0.02})
    ax = fig.axes[0]
    lefts = [p.get_x() for p in ax.patches]
    rights = [p.get_x() + p.get_width() for p in ax.patches]
    assert min(lefts) <= scores.min() and max(rights) >= scores.max()  # nothing cut off
    assert ax.get_xscale() == "log" and ax.get_lines()[0].get_xdata()[0] == 0.02
    with pytest.raises(ValueError, match="must be positive"):
        plot_score_histogram(np.array([0.0, 1.0]), np.array([0, 1]))


def test_score_histogram_refuses_scores_and_flags_of_different_lengths():
    with pytest.raises(ValueError, match=r"scores \(3,\) and is_anomaly \(2,\): one per sample"):
        plot_score_histogram(np.ones(3), np.array([0, 1]))
