"""aekeras.recommendations: one customer's recommendations (notebook 12)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from aekeras.recommendations import plot_recommendation


def teardown_function():
    plt.close("all")


def test_recommendation_colours_seen_top_and_marks_hidden():
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


def test_recommendation_hides_nothing_when_nothing_is_hidden():
    seen = np.array([1, 0, 0, 1])
    fig = plot_recommendation(seen, np.zeros(4, bool), np.full(4, 0.5), top=[1], group_names=["a"])
    assert len(fig.axes[1].collections[0].get_offsets()) == 0  # no triangle
    assert fig.axes[1].get_ylim() == (0, 1.0)
