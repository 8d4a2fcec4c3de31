"""bench/few_labels.py: the label draws, what label spreading and the recipes are given, and
the quick run.

Properties only: no accuracy is compared with a target, and nothing is timed.
"""

import numpy as np
import pytest

from bench import few_labels


@pytest.fixture(scope="module")
def quick_accuracies():
    """One quick run of every recipe (the slow part of this module)."""
    return few_labels.main(["--quick"])


def test_a_draw_has_exactly_ten_labels_of_every_class(mnist_small):
    (_, y), _ = mnist_small
    idx = few_labels.draw_labels(y, seed=3)
    assert len(set(idx)) == len(idx) == 100
    assert np.array_equal(np.bincount(y[idx], minlength=10), np.full(10, 10))


def test_draws_differ_by_seed_and_repeat_with_the_same_seed(mnist_small):
    (_, y), _ = mnist_small
    draws = [set(few_labels.draw_labels(y, seed=s)) for s in range(3)]
    assert draws[0] != draws[1] and draws[1] != draws[2]
    assert draws[0] == set(few_labels.draw_labels(y, seed=0))


@pytest.mark.parametrize("transductive", [False, True])
def test_label_spreading_gets_the_drawn_labels_and_no_test_label(monkeypatch, transductive):
    seen = {}
    fit = few_labels.LabelSpreading.fit

    def spy(self, X, y):
        seen["X"], seen["y"] = X, y.copy()
        return fit(self, X, y)

    monkeypatch.setattr(few_labels.LabelSpreading, "fit", spy)
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(10), 30)
    codes = rng.normal(size=(300, 4)) + y[:, None]
    test_codes = rng.normal(size=(50, 4)) + rng.integers(0, 10, 50)[:, None]
    idx = few_labels.draw_labels(y, per_class=2, seed=0)
    pred = few_labels.label_spreading(codes, idx, y[idx], test_codes, transductive)

    assert pred.shape == (50,)
    labelled = np.flatnonzero(seen["y"] != -1)
    assert np.array_equal(np.sort(labelled), np.sort(idx))
    assert np.array_equal(seen["y"][idx], y[idx])
    assert len(seen["y"]) == 300 + (50 if transductive else 0)


def test_measure_hands_a_recipe_only_the_drawn_indices_and_their_labels(monkeypatch):
    y = np.repeat(np.arange(10), 20)
    test_y = np.arange(10)
    calls = []

    def recipe(idx, labels, seed):
        calls.append((idx, labels, seed))
        return test_y

    monkeypatch.setattr(few_labels, "train_encoder", lambda *a: None)
    monkeypatch.setattr(few_labels, "recipes", lambda *a: {"spy": recipe})
    p = dict(kind="deep", code=2, hidden=(4,), epochs=1)
    assert few_labels.measure(p, None, y, None, test_y, seed=3) == {"spy": 1.0}
    ((idx, labels, seed),) = calls
    assert seed == 3 and np.array_equal(idx, few_labels.draw_labels(y, seed=3))
    assert np.array_equal(labels, y[idx])


def test_quick_run_reports_every_recipe_with_accuracies_in_0_1(quick_accuracies):
    names = list(quick_accuracies)
    for name, accuracies in quick_accuracies.items():
        assert len(accuracies) == 1, name  # quick mode: one seed
        assert all(0.0 <= a <= 1.0 for a in accuracies), name
    for wanted in ("raw pixels + SVM", "from scratch", "naive", "label spreading", "PCA"):
        assert any(wanted in name for name in names), wanted
    assert sum(name.startswith("judged:") for name in names) == 2
