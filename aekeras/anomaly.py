"""Figures of anomaly detection (notebook 11): ROC curves and histograms of the score."""

import matplotlib.pyplot as plt
import numpy as np


def _legend_outside(ax):
    # right of the axes, so that a legend never covers a curve or a bin
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)


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
