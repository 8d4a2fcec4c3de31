"""Plot helpers return figures of the promised layout and refuse mismatched input."""

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
