"""The judge of generated digits: its Fréchet distance and coverage measures behave as promised."""

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter

from aekeras import classifier_features, digit_classifier, frechet_distance, judge_digits


@pytest.fixture(scope="module")
def judged():
    """The notebooks' judge (trained on the MNIST training split, cached), the 10,000 test digits
    as the real set, and 3000 training digits standing in for a good generator."""
    from aekeras import load_mnist

    (x, y), (x_test, _) = load_mnist()
    return digit_classifier(), x_test, x[:3000], y[:3000]


def test_frechet_distance_is_zero_for_a_set_with_itself_and_symmetric():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(400, 8)), rng.normal(1.0, 2.0, size=(300, 8))
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    assert frechet_distance(a, b) == pytest.approx(frechet_distance(b, a), rel=1e-6)


def test_frechet_distance_of_gaussians_matches_the_closed_form():
    # N(0, I) against N(m, s^2 I) in d dimensions: ||m||^2 + d (1 - s)^2
    rng = np.random.default_rng(1)
    d, m, s = 4, 0.5, 2.0
    a, b = rng.normal(size=(200_000, d)), rng.normal(m, s, size=(200_000, d))
    assert frechet_distance(a, b) == pytest.approx(d * m**2 + d * (1 - s) ** 2, rel=0.02)


def test_frechet_distance_grows_under_blur_and_under_class_collapse(judged):
    classifier, real, sample, labels = judged
    base = judge_digits(classifier, sample, real)["frechet"]
    blurred = [
        judge_digits(classifier, gaussian_filter(sample, (0, s, s, 0)), real)["frechet"]
        for s in (1.0, 2.0)
    ]
    assert base < blurred[0] < blurred[1]
    ones = sample[labels == 1]
    assert judge_digits(classifier, ones, real)["frechet"] > 10 * base


def test_coverage_sees_a_collapse_onto_one_digit(judged):
    classifier, _, sample, labels = judged
    mixed = judge_digits(classifier, sample)
    ones = judge_digits(classifier, sample[labels == 1])
    assert mixed["entropy"] > 3.0 and mixed["top_share"] < 0.2
    assert ones["entropy"] < 0.5 and ones["top_share"] > 0.9
    assert sum(mixed["counts"]) == len(sample) and "frechet" not in mixed


def test_real_digits_are_recognised_and_noise_is_far_from_them(judged):
    # a classifier is confident about noise too, so the Fréchet distance is what exposes it
    classifier, real, sample, _ = judged
    noise = np.random.default_rng(0).uniform(size=sample.shape).astype("float32")
    assert judge_digits(classifier, sample)["confident"] > 0.8
    good = judge_digits(classifier, sample, real)["frechet"]
    assert judge_digits(classifier, noise, real)["frechet"] > 20 * good
    assert classifier_features(classifier, sample[:5]).shape == (5, 64)


def test_bad_feature_sets_are_refused():
    with pytest.raises(ValueError, match="features_a"):
        frechet_distance(np.zeros((1, 3)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match="one d"):
        frechet_distance(np.zeros((4, 3)), np.zeros((5, 2)))


def test_the_default_classifier_is_cached_and_loaded(tmp_path, monkeypatch):
    import keras

    monkeypatch.setenv("AEKERAS_CACHE", str(tmp_path))
    calls = []
    monkeypatch.setattr(keras.Model, "fit", lambda self, *a, **k: calls.append(1))
    first = digit_classifier()
    assert (tmp_path / "digit_classifier-v1.keras").is_file() and calls == [1]
    second = digit_classifier()
    assert calls == [1]  # loaded, not trained again
    x = np.zeros((2, 28, 28, 1), "float32")
    np.testing.assert_allclose(first.predict(x, verbose=0), second.predict(x, verbose=0))
