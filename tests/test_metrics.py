"""aekeras.metrics: PSNR, the per-image reconstruction error and verdicts over repeated runs."""

import keras
import numpy as np
import pytest
from conftest import check_refused

from aekeras import compare_runs, psnr, reconstruction_error
from aekeras.metrics import PSNR_CAP_DB

X = np.random.default_rng(0).uniform(0.1, 0.9, size=(20, 12, 12, 1)).astype("float32")


def test_psnr_matches_its_definition():
    clean = np.zeros((3, 4, 4), dtype="float32")
    other = clean + np.array([0.1, 0.01, 0.2], dtype="float32")[:, None, None]
    expected = np.mean(10 * np.log10(1 / np.array([0.01, 0.0001, 0.04])))
    np.testing.assert_allclose(psnr(clean, other), expected, rtol=1e-6)
    np.testing.assert_allclose(psnr(clean * 255, other * 255, max_val=255), expected, rtol=1e-6)
    # an unchanged image counts as the 100 dB cap, so the mean stays finite
    assert psnr(clean, clean) == PSNR_CAP_DB == 100.0
    np.testing.assert_allclose(psnr(clean[:2], np.stack([clean[0], other[0]])), (100 + 20) / 2)


def test_reconstruction_error_agrees_with_keras_losses():
    rng = np.random.default_rng(1)
    x = rng.uniform(size=(6, 7, 7, 1)).astype("float32")
    x_hat = rng.uniform(0.05, 0.95, size=x.shape).astype("float32")
    flat, flat_hat = x.reshape(6, -1), x_hat.reshape(6, -1)
    mse = keras.ops.convert_to_numpy(keras.losses.mean_squared_error(flat, flat_hat))
    bce = keras.ops.convert_to_numpy(keras.losses.binary_crossentropy(flat, flat_hat))
    np.testing.assert_allclose(reconstruction_error(x, x_hat, "mse"), mse, rtol=1e-5)
    np.testing.assert_allclose(reconstruction_error(x, x_hat, "bce"), bce, rtol=1e-4)
    np.testing.assert_array_equal(
        reconstruction_error(x, x_hat), reconstruction_error(x, x_hat, "mse")
    )


def test_reconstruction_error_bce_stays_finite_on_certain_wrong_pixels():
    x = np.array([[1.0, 0.0]], dtype="float32")
    errors = reconstruction_error(x, np.array([[0.0, 1.0]], dtype="float32"), "bce")
    np.testing.assert_allclose(errors, [-np.log(1e-7)], rtol=1e-6)  # clipped to [eps, 1 - eps]


BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: psnr(X, X, max_val=0), "max_val=0", "> 0"),
    (lambda: psnr(X, X, max_val=-1.0), "max_val=-1.0", "> 0"),
    (lambda: psnr(X, X[:3]), "clean (20, 12, 12, 1) and other (3, 12, 12, 1)", "of one shape"),
    (lambda: reconstruction_error(X, X, kind="mae"), "kind='mae'", "'mse' or 'bce'"),
    (lambda: reconstruction_error(X[0, 0, 0], X[0, 0, 0]), "clean (1,) and other (1,)", "(n, ...)"),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)


@pytest.mark.parametrize(
    "a, b, higher, winner",
    [
        ([18.1, 18.4, 18.2], [17.0, 17.3, 17.1], True, "DAE"),  # A clearly higher
        ([17.0, 17.3, 17.1], [18.1, 18.4, 18.2], True, "АК"),  # B clearly higher
        ([3.1, 3.2, 3.3], [4.6, 4.7, 4.9], False, "DAE"),  # lower is better: A wins
        ([0.90, 0.92, 0.91], [0.905, 0.93, 0.90], True, "level"),  # inside the spread
    ],
)
def test_compare_runs_names_a_winner_only_beyond_the_spread(a, b, higher, winner):
    result = compare_runs(a, b, "DAE", "АК", higher_is_better=higher)
    assert result.winner == winner
    assert result.mean_a == pytest.approx(np.mean(a)) and result.mean_b == pytest.approx(np.mean(b))
    assert result.spread == pytest.approx(np.std(a, ddof=1) + np.std(b, ddof=1))
    assert ("на уровне" in str(result)) == (winner == "level")
    assert ("лучше" in str(result)) == (winner not in ("level", "one run"))


def test_compare_runs_level_exactly_at_the_spread_and_winner_just_beyond():
    a = [1.0, 2.0, 3.0]  # mean 2, sd 1
    assert compare_runs(a, [0.0, 0.0, 0.0]).winner == "A"  # gap 2 > spread 1
    assert compare_runs(a, [1.0, 1.0, 1.0]).winner == "level"  # gap 1 == spread 1
    assert compare_runs(a, [0.99, 0.99, 0.99]).winner == "A"


def test_compare_runs_with_one_run_names_no_winner():
    result = compare_runs([3.2], [4.7, 4.8, 4.9], "АК", "VAE")
    assert result.winner == "one run" and "один запуск" in result.text
    assert "лучше" not in result.text


def test_compare_runs_prints_mean_sd_unit_and_counts():
    text = compare_runs(
        [18.1, 18.4, 18.2], [17.0, 17.3, 17.1], "DAE", "АК", fmt="{:.2f}", unit=" дБ"
    ).text
    assert text.startswith("DAE: 18.23 ± 0.15 дБ лучше, чем АК: 17.13 ± 0.15 дБ")
    assert "разница 1.10 дБ" in text and "3 и 3 запуска" in text


@pytest.mark.parametrize("bad", [[], [1.0, float("nan")]])
def test_compare_runs_refuses_empty_or_non_finite_runs(bad):
    with pytest.raises(ValueError, match=r"runs_a=.*at least one finite value"):
        compare_runs(bad, [1.0, 2.0])
