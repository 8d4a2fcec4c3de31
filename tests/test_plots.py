"""Plot helpers return figures of the promised layout and refuse mismatched input."""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aekeras import (
    create_dense_ae,
    plot_codes_2d,
    plot_history,
    plot_image_grid,
    plot_manifold,
    plot_reconstructions,
    plot_rows,
)

ROOT = Path(__file__).resolve().parent.parent
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
    import matplotlib.pyplot as plt

    assert plt.rcParams["font.size"] >= 12 and plt.rcParams["figure.dpi"] >= 100


def test_loss_terms_one_panel_per_key_with_its_validation_twin():
    from aekeras import plot_loss_terms

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


# ---- 10_latent_space, 15_vae: the interactive explorer ------------------------------------------


def sliders_of(widget):
    import ipywidgets

    return {w.description: w for w in widget.children if isinstance(w, ipywidgets.FloatSlider)}


def test_latent_explorer_draws_the_decoded_code_and_marks_it_on_the_map():
    from aekeras import latent_explorer

    _, decoder, _ = create_dense_ae(encoding_dim=2)
    codes = np.random.default_rng(2).normal(size=(30, 2))
    widget = latent_explorer(
        decoder, span=(-2.5, 4.0), step=0.25, codes=codes, labels=np.arange(30) % 10
    )
    sliders = sliders_of(widget)
    assert list(sliders) == ["код 1", "код 2"]
    for slider in sliders.values():
        assert (slider.min, slider.max, slider.step, slider.value) == (-2.5, 4.0, 0.25, 0.0)
    fig = widget.draw(1.5, -0.75)
    expected = decoder.predict(np.array([[1.5, -0.75]], dtype="float32"), verbose=0)[0, :, :, 0]
    ax_map, ax_img = fig.axes
    np.testing.assert_allclose(ax_img.images[0].get_array(), expected, atol=1e-6)
    np.testing.assert_allclose(ax_map.collections[0].get_offsets(), codes)
    marker = ax_map.get_lines()[0]
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (1.5, -0.75)
    assert ax_map.get_xlim() == (-2.5, 4.0) and ax_map.get_ylim() == (-2.5, 4.0)
    alone = latent_explorer(decoder).draw(0.0, 0.0)  # without codes: the image only
    assert len(alone.axes) == 1


def test_latent_explorer_widget_redraws_through_its_sliders():
    from aekeras import latent_explorer

    _, decoder, _ = create_dense_ae(encoding_dim=2)
    widget = latent_explorer(decoder, span=(-1, 1))
    sliders = sliders_of(widget)
    plt.close("all")
    sliders["код 1"].value = 0.5  # moving a slider calls draw with the new values
    sliders["код 2"].value = -0.3
    assert widget.kwargs == {"z1": 0.5, "z2": -0.3}
    last = plt.figure(plt.get_fignums()[-1])
    expected = decoder.predict(np.array([[0.5, -0.3]], dtype="float32"), verbose=0)[0, :, :, 0]
    np.testing.assert_allclose(last.axes[0].images[0].get_array(), expected, atol=1e-6)
    assert widget.result is None  # the figure is shown once, not also as a returned value


@pytest.mark.parametrize(
    "span, match",
    [
        ((3, -3), r"span=\(3, -3\)"),
        ((0, 0), r"span=\(0, 0\)"),
        (5, "span=5"),
        ((0, np.inf), "span="),
    ],
)
def test_latent_explorer_refuses_a_bad_span_naming_it(span, match):
    from aekeras import latent_explorer

    _, decoder, _ = create_dense_ae(encoding_dim=2)
    with pytest.raises(ValueError, match=match):
        latent_explorer(decoder, span=span)
    with pytest.raises(ValueError, match="step=0"):
        latent_explorer(decoder, step=0)


def test_interpolation_explorer_decodes_the_mixed_code():
    from aekeras import interpolation_explorer

    _, decoder, _ = create_dense_ae(encoding_dim=8)
    rng = np.random.default_rng(3)
    code_a, code_b = rng.normal(size=8), rng.normal(size=8)
    widget = interpolation_explorer(decoder, code_a, code_b, IMAGES[0], IMAGES[1], names=("3", "8"))
    slider = sliders_of(widget)["α"]
    assert (slider.min, slider.max, slider.value) == (0.0, 1.0, 0.5)
    fig = widget.draw(0.3)
    mixed = (0.3 * code_a + 0.7 * code_b).astype("float32")[None]
    expected = decoder.predict(mixed, verbose=0)[0, :, :, 0]
    images = [ax.images[0].get_array() for ax in fig.axes]
    np.testing.assert_allclose(images[1], expected, atol=1e-5)
    np.testing.assert_allclose(
        images[2], 0.3 * IMAGES[0, :, :, 0] + 0.7 * IMAGES[1, :, :, 0], atol=1e-6
    )
    assert [fig.axes[k].get_title() for k in (0, 3)] == ["3", "8"]
    with pytest.raises(ValueError, match="must be the same shape"):
        interpolation_explorer(decoder, code_a, code_b[:4], IMAGES[0], IMAGES[1])


def test_is_live_kernel_is_false_outside_a_notebook():
    from aekeras import is_live_kernel

    assert is_live_kernel() is False


def run_in_kernel(*cells):
    """stdout of each (code, allow_stdin) cell run in one fresh IPython kernel: stdin allowed as
    by a Jupyter or Colab frontend, or refused as by a headless run (nbclient)."""
    import os

    from jupyter_client.manager import start_new_kernel

    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    km, kc = start_new_kernel(kernel_name="python3", env={**os.environ, "PYTHONPATH": path})
    outputs = []
    try:
        for code, allow_stdin in cells:
            msg_id = kc.execute(code, allow_stdin=allow_stdin)
            out = []
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    raise AssertionError("\n".join(msg["content"]["traceback"]))
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            outputs.append("".join(out))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return outputs


LIVE_CHECK = """
import keras, numpy as np
from aekeras.explorers import is_live_kernel, latent_explorer
layers = keras.layers
decoder = keras.Sequential([keras.Input((2,)), layers.Dense(784), layers.Reshape((28, 28))])
widget = latent_explorer(decoder, span=(-3, 3))
widget.children[0].value = 1.0  # a slider moved: the callback runs in this kernel
image = widget.draw(1.0, 0.0).axes[0].images[0].get_array()
expected = decoder.predict(np.array([[1.0, 0.0]]), verbose=0)[0]
print(is_live_kernel(), widget.kwargs, np.allclose(image, expected))
"""


def test_is_live_kernel_tells_a_frontend_from_a_headless_run_and_the_widget_works_there():
    live, headless = run_in_kernel((LIVE_CHECK, True), ("print(is_live_kernel())", False))
    assert live.split() == ["True", "{'z1':", "1.0,", "'z2':", "0.0}", "True"]
    assert headless.strip() == "False"


# ---- 14_embeddings: labelled points ------------------------------------------------------------


def test_labelled_points_labels_do_not_overlap_and_stay_inside():
    from aekeras import plot_labelled_points

    rng = np.random.default_rng(7)
    # two tight clusters of four words and a cloud of unlabelled points, as on a word map
    points = np.concatenate(
        [rng.normal(0, 0.01, (4, 2)), rng.normal(1, 0.01, (4, 2)), rng.normal(0.5, 0.4, (20, 2))]
    )
    words = ["кот", "кошка", "собака", "щенок", "машина", "велосипед", "автобус", "мотоцикл"]
    labels = words + [""] * 20
    fig = plot_labelled_points(points, labels, colors=["tab:orange"] * 4 + ["tab:blue"] * 24)
    ax = fig.axes[0]
    texts = [t for t in ax.texts]
    assert [t.get_text() for t in texts] == words
    assert len(ax.collections[0].get_offsets()) == 28  # every point is drawn
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            assert not boxes[a].overlaps(boxes[b]), (words[a], words[b])
    for box in boxes:  # no label hides a point
        inside = [box.contains(*xy) for xy in ax.transData.transform(points)]
        assert not any(inside)
    frame = ax.get_window_extent(renderer)
    for box in boxes:
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1
    lines = ax.get_lines()  # each label is joined to its own point by a line
    assert len(lines) == len(words)
    for line, text, point in zip(lines, texts, points):
        np.testing.assert_allclose(line.get_xydata(), [point, text.get_position()])


def test_labelled_points_refuse_mismatched_labels():
    from aekeras import plot_labelled_points

    with pytest.raises(ValueError, match="labels has 2 entries, points has 3"):
        plot_labelled_points(np.zeros((3, 2)), ["a", "b"])
    with pytest.raises(ValueError, match=r"points has shape \(3,\)"):
        plot_labelled_points(np.zeros(3), ["a", "b", "c"])


# Helpers of notebooks 07, 11 and 12


def _legend_is_outside(ax):
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    return legend.x0 >= ax.get_window_extent().x1  # right of the axes: it covers no data


def test_bars_one_bar_per_series_and_category_with_errors_and_labels():
    from aekeras import plot_bars

    values = {"a": [0.2, 0.5, 0.9], "b": [0.1, 0.4, 0.6]}
    fig = plot_bars(
        values, ["x", "y", "z"], errors={"a": [0.01, 0.02, 0.03]}, value_format="{:.0%}"
    )
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == values["a"] + values["b"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]
    assert "90%" in [t.get_text() for t in ax.texts]
    assert ax.get_ylim()[0] == 0 and _legend_is_outside(ax)
    single = plot_bars({"only": [0.1, 0.2]}, [0, 1], highlight=1, percent=True).axes[0]
    assert single.get_legend() is None  # one series needs no legend
    assert single.get_xticklabels()[1].get_color() == "tab:red"
    assert single.yaxis.get_major_formatter()(0.5, 0) == "50%"
    with pytest.raises(ValueError, match=r"values\['a'\] has 2 heights, categories has 3"):
        plot_bars({"a": [1, 2]}, ["x", "y", "z"])


def test_bars_horizontal_reads_top_to_bottom_with_error_bars():
    from matplotlib.colors import to_rgba

    from aekeras import plot_bars

    fig = plot_bars(
        {"acc": [0.6, 0.9]},
        ["first recipe", "second"],
        errors={"acc": [0.01, 0.02]},
        value_format="{:.0%}",
        horizontal=True,
        ylabel="доля верных ответов",
    )
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [0.6, 0.9]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["first recipe", "second"]
    assert ax.yaxis_inverted()  # the first category on top
    assert ax.get_xlabel() == "доля верных ответов" and ax.get_xlim()[0] == 0
    coloured = plot_bars({"acc": [0.5, 0.7]}, ["a", "b"], colors=["tab:gray", "tab:green"])
    assert coloured.axes[0].patches[1].get_facecolor() == to_rgba("tab:green")
    with pytest.raises(ValueError, match="one colour per category"):
        plot_bars({"a": [1, 2], "b": [1, 2]}, ["x", "y"], colors=["r", "g"])


def test_roc_curve_per_detector_with_auc_in_the_legend():
    from aekeras import plot_roc

    y = np.array([0, 0, 1, 1])
    fig = plot_roc(y, {"perfect": np.array([0.1, 0.2, 0.8, 0.9]), "bad": np.array([4, 3, 2, 1])})
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["perfect, AUC = 1.000", "bad, AUC = 0.000", "случайное угадывание"]
    assert _legend_is_outside(fig.axes[0])


def test_score_histogram_bins_cover_all_scores_and_refuse_non_positive():
    from aekeras import plot_score_histogram

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


def test_metric_curves_one_line_per_series_at_the_given_x():
    from aekeras import plot_metric_curves

    fig = plot_metric_curves([1, 3, 10], {"a": [0.1, 0.3, 0.6], "b": [0.2, 0.4, 0.9]}, "k", "hr")
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[1].get_xdata(), [1, 3, 10])
    assert list(fig.axes[0].get_xticks()) == [1, 3, 10]
    with pytest.raises(ValueError, match=r"series\['a'\] has 2 values, x has 3"):
        plot_metric_curves([1, 2, 3], {"a": [1, 2]}, "k", "hr")


def test_recommendation_colours_seen_top_and_marks_hidden():
    from matplotlib.colors import to_rgba

    from aekeras import plot_recommendation

    seen = np.array([1, 0, 0, 0, 1, 0, 0, 0])
    hidden = np.array([0, 1, 0, 0, 0, 0, 0, 1], bool)
    scores = np.linspace(0.1, 0.8, 8)
    fig = plot_recommendation(seen, hidden, scores, top=[7, 6], group_names=["a", "b"])
    bars = fig.axes[1].patches[:8]
    assert bars[0].get_facecolor() == to_rgba("lightgray")  # bought: never recommended
    assert bars[7].get_facecolor() == to_rgba("tab:green") == bars[6].get_facecolor()
    assert bars[1].get_facecolor() == to_rgba("tab:blue")
    marks = fig.axes[1].collections[0].get_offsets()
    np.testing.assert_array_equal(marks[:, 0], [1, 7])  # one triangle per hidden purchase
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["a", "b"]
    with pytest.raises(ValueError, match="one per product"):
        plot_recommendation(seen, hidden[:4], scores, top=[0], group_names=["a"])
