"""The figure of one customer's recommendations (notebook 12)."""

import matplotlib.pyplot as plt
import numpy as np


def _legend_outside(ax):
    # right of the axes, so that a legend never covers a curve or a bin
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)


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
