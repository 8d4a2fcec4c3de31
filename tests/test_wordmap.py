"""aekeras.wordmap: a map of labelled points whose labels neither overlap nor hide a point."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aekeras.wordmap import plot_labelled_points


def teardown_function():
    plt.close("all")


def test_labelled_points_labels_do_not_overlap_and_stay_inside():
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
    with pytest.raises(ValueError, match="labels has 2 entries, points has 3"):
        plot_labelled_points(np.zeros((3, 2)), ["a", "b"])
    with pytest.raises(ValueError, match=r"points has shape \(3,\)"):
        plot_labelled_points(np.zeros(3), ["a", "b", "c"])
