"""aekeras.plots: the shared figures return the promised layout and refuse mismatched input."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer

from aekeras import (
    COURSE_STYLE,
    create_dense_ae,
    plot_bars,
    plot_codes_2d,
    plot_history,
    plot_image_grid,
    plot_loss_terms,
    plot_manifold,
    plot_metric_curves,
    plot_ranking,
    plot_reconstructions,
    plot_rows,
)

IMAGES = np.random.default_rng(0).random((12, 28, 28, 1)).astype("float32")


def teardown_function():
    plt.close("all")


def test_rows_one_row_per_array_n_columns():
    fig = plot_rows([IMAGES, IMAGES, IMAGES], ["a", "b", "c"], n=5)
    assert len(fig.axes) == 15
    assert [fig.axes[i].get_ylabel() for i in (0, 5, 10)] == ["a", "b", "c"]


def test_reconstructions_show_the_given_images():
    fig = plot_reconstructions(IMAGES, 1 - IMAGES, n=4)
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), IMAGES[0, :, :, 0])
    np.testing.assert_allclose(fig.axes[4].images[0].get_array(), 1 - IMAGES[0, :, :, 0])


def test_rows_refuse_label_count_mismatch():
    with pytest.raises(ValueError, match="labels has 1 entries, rows has 2"):
        plot_rows([IMAGES, IMAGES], ["only one"])


def test_grid_shape_and_titles():
    fig = plot_image_grid(IMAGES.reshape(12, 784), ncols=5, titles=list("abcdefghijkl"))
    assert len(fig.axes) == 15  # 3 rows x 5 columns, the last 3 empty
    assert sum(1 for ax in fig.axes if ax.images) == 12
    assert fig.axes[11].get_title() == "l"


def test_codes_2d_draws_every_point_and_checks_shape():
    codes = np.random.default_rng(1).normal(size=(50, 2))
    fig = plot_codes_2d(codes, np.arange(50) % 10)
    np.testing.assert_allclose(fig.axes[0].collections[0].get_offsets(), codes)
    with pytest.raises(ValueError, match=r"codes has shape \(50, 3\)"):
        plot_codes_2d(np.zeros((50, 3)), np.zeros(50))


def test_manifold_canvas_is_a_grid_of_decoded_images():
    _, decoder, _ = create_dense_ae(encoding_dim=2)
    fig = plot_manifold(decoder, n=4)
    canvas = fig.axes[0].images[0].get_array()
    assert canvas.shape == (4 * 28, 4 * 28)
    # top-left tile is the code (-2, 2): the highest y is drawn first
    first = decoder.predict(np.array([[-2.0, 2.0]], dtype="float32"), verbose=0)[0, :, :, 0]
    np.testing.assert_allclose(canvas[:28, :28], first, atol=1e-6)


def test_history_one_line_per_key():
    fig = plot_history({"loss": [3, 2, 1], "val_loss": [4, 3, 2]})
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["обучение", "проверка"]  # Russian labels
    np.testing.assert_array_equal(lines[1].get_ydata(), [4, 3, 2])
    ticks = fig.axes[0].xaxis.get_major_locator().tick_values(1, 3)
    assert np.all(ticks == np.round(ticks))  # whole epochs, no 1.5
    other = plot_history({"reconstruction_x": [1, 2]})
    assert other.axes[0].get_lines()[0].get_label() == "reconstruction_x"  # unknown keys as is


def test_course_style_is_readable_on_a_projector():
    assert COURSE_STYLE["font.size"] >= 12 and COURSE_STYLE["figure.dpi"] >= 100
    assert all(COURSE_STYLE[k] >= 11 for k in COURSE_STYLE if k.endswith("size"))


def test_loss_terms_one_panel_per_key_with_its_validation_twin():
    hist = {"loss": [3, 2], "bce": [2, 1], "val_bce": [2.5, 1.5], "kl_sparsity": [0.1, 0.05]}
    fig = plot_loss_terms(hist, ["bce", "kl_sparsity"], ["реконструкция", "штраф"], title="t")
    assert [ax.get_title() for ax in fig.axes] == ["реконструкция", "штраф"]
    bce_lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in bce_lines] == ["обучение", "проверка"]
    np.testing.assert_array_equal(bce_lines[1].get_ydata(), [2.5, 1.5])
    assert len(fig.axes[1].get_lines()) == 1  # no val_kl_sparsity in the history
    ticks = fig.axes[1].xaxis.get_major_locator().tick_values(1, 2)
    assert np.all(ticks == np.round(ticks))
    with pytest.raises(ValueError, match=r"keys \['contractive'\] are not in the history"):
        plot_loss_terms(hist, ["contractive"])
    with pytest.raises(ValueError, match="labels has 1 entries, keys has 2"):
        plot_loss_terms(hist, ["bce", "kl_sparsity"], ["one"])


def _bars(ax):
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def _legend_is_outside(ax):
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    return legend.x0 >= ax.get_window_extent().x1  # right of the axes: it covers no data


def test_metric_curves_one_line_per_series_at_the_given_x():
    fig = plot_metric_curves([1, 3, 10], {"a": [0.1, 0.3, 0.6], "b": [0.2, 0.4, 0.9]}, "k", "hr")
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[1].get_xdata(), [1, 3, 10])
    assert list(fig.axes[0].get_xticks()) == [1, 3, 10]
    with pytest.raises(ValueError, match=r"series\['a'\] has 2 values, x has 3"):
        plot_metric_curves([1, 2, 3], {"a": [1, 2]}, "k", "hr")


# ---- bars by group, and a ranking of methods ---------------------------------------------------


def test_bars_one_bar_per_series_and_category_with_errors_and_labels():
    values = {"a": [0.2, 0.5, 0.9], "b": [0.1, 0.4, 0.6]}
    fig = plot_bars(
        values, ["x", "y", "z"], errors={"a": [0.01, 0.02, 0.03]}, xlabel="digit", ylabel="AUC"
    )
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == values["a"] + values["b"]
    # grouped: series "a" left of series "b" in every group, the groups at 0, 1, 2
    lefts = [p.get_x() for p in ax.patches]
    assert all(lefts[k] < lefts[k + 3] for k in range(3))
    assert [round(p.get_x() + p.get_width(), 6) for p in ax.patches[:3]] == [0.0, 1.0, 2.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("digit", "AUC")
    assert len(_bars(ax)[0].errorbar.lines[2][0].get_segments()) == 3  # a's error bars
    assert _bars(ax)[1].errorbar is None  # b has none
    assert ax.get_ylim()[0] == 0 and _legend_is_outside(ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["a", "b"]


def test_bars_of_one_series_need_no_legend_and_mark_the_highlighted_category():
    ax = plot_bars({"only": [0.1, 0.2, 0.3]}, [7, 8, 9], highlight=8, title="t").axes[0]
    assert ax.get_legend() is None
    assert [t.get_text() for t in ax.get_xticklabels()] == ["7", "8", "9"]
    tick = ax.get_xticklabels()[1]
    assert tick.get_color() == "tab:red" and tick.get_fontweight() == "bold"
    assert ax.get_xticklabels()[0].get_color() != "tab:red"
    assert ax.get_title() == "t"


def test_bars_refuse_a_series_without_one_height_per_category():
    with pytest.raises(ValueError, match=r"values\['a'\] has 2 heights, categories has 3"):
        plot_bars({"a": [1, 2]}, ["x", "y", "z"])


def test_ranking_reads_top_to_bottom_with_values_errors_and_colours():
    means = {"pixels + SVM": 0.80, "codes + SVM": 0.86, "fine-tuned": 0.9}
    fig = plot_ranking(
        means,
        errors={"pixels + SVM": 0.01, "codes + SVM": 0.02, "fine-tuned": 0.015},
        colors={"pixels + SVM": "tab:gray", "codes + SVM": "tab:green", "fine-tuned": "tab:blue"},
        title="accuracy",
        xlabel="share correct",
    )
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == list(means.values())
    assert [t.get_text() for t in ax.get_yticklabels()] == list(means)
    assert ax.yaxis_inverted()  # the first method on top
    assert [t.get_text() for t in ax.texts] == ["80.0%", "86.0%", "90.0%"]
    assert ax.patches[1].get_facecolor() == to_rgba("tab:green")
    assert ax.get_xlim()[0] == 0 and ax.get_xlim()[1] > 0.9  # room for the labels
    assert (ax.get_xlabel(), ax.get_title()) == ("share correct", "accuracy")
    assert len(_bars(ax)[0].errorbar.lines[2][0].get_segments()) == 3


def test_ranking_formats_values_as_asked():
    ax = plot_ranking({"a": 151.04, "b": 149.5}, value_format="{:.1f}").axes[0]
    assert [t.get_text() for t in ax.texts] == ["151.0", "149.5"]
    assert _bars(ax)[0].errorbar is None
