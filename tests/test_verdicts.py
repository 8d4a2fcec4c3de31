"""bench/verdicts.py: every comparison flips between a figure just on the good side of its target
and one just on the bad side, with no tolerance in between."""

import pytest

from bench import verdicts as v

EPS = 1e-9


@pytest.mark.parametrize(
    "judge, good, bad",
    [
        # lower is better: at the target is met, a hair above is not
        (lambda x: v.at_most(x, 0.0777), 0.0777, 0.0777 + EPS),
        (lambda x: v.linear_pca({2: 1.0, 32: x}), 1.005, 1.005 + EPS),
        (lambda x: v.conv_ae(x), 0.094, 0.094 + EPS),
        (lambda x: v.deep_ae(x), 3.00, 3.00 + EPS),
        (lambda x: v.vae(x), 147.0, 147.0 + EPS),
        (lambda x: v.contractive({"CAE": x, "DAE": 0.01, "AE": 0.5}), 0.015, 0.015 + EPS),
        (lambda x: v.contractive({"CAE": 0.01, "DAE": x, "AE": 0.5}), 0.015, 0.015 + EPS),
        (lambda x: v.k_sparse(x, alive=0.9), 0.02, 0.02 + EPS),
        (lambda x: v.speed_factory({"dense": 1.0, "k_sparse": x}), 1.05, 1.05 + EPS),
        # higher is better: at the target is met, a hair below is not
        (lambda x: v.at_least(x, 0.976), 0.976, 0.976 - EPS),
        (lambda x: v.stacked(0.9, x), 0.976, 0.976 - EPS),
        (lambda x: v.stacked(x, 0.99), 0.877, 0.877 - EPS),
        (lambda x: v.denoising(x, 19.0), 19.0, 19.0 - EPS),
        (lambda x: v.k_sparse(0.015, alive=x), 0.5 + EPS, 0.5),
        (lambda x: v.speed_scaling(x, 1.0), 0.99, 0.99 - EPS),
        (lambda x: v.speed_scaling(0.999, x), 1.25, 1.25 + EPS),
        (lambda x: v.speed_scaling(0.999, x), 0.8, 0.8 - EPS),
    ],
)
def test_each_comparison_flips_at_its_target(judge, good, bad):
    assert judge(good).met == "yes"
    assert judge(bad).met == "no"


def test_dense_ae_has_no_tolerance():
    # 0.0778 against 0.0777 used to pass a 1% tolerance
    verdict = v.dense_ae({"course": (0.0778, 0.0777), "blog": (0.1021, 0.11)})
    assert verdict.met == "no"
    assert "course BCE 0.0778 is above the target 0.0777" in verdict.why
    assert v.dense_ae({"course": (0.0777, 0.0777), "blog": (0.1021, 0.11)}).met == "yes"


def test_conv_ae_says_above_when_above():
    verdict = v.conv_ae(0.0945)
    assert verdict.met == "no" and "above" in verdict.why and "below" not in verdict.why


def test_kl_sparse_is_judged_on_every_unit_not_the_mean():
    rho = 0.05
    # mean exactly rho, but two units far off: not met
    assert v.kl_sparse([0.02, 0.05, 0.08], rho).met == "no"
    assert v.kl_sparse([0.04, 0.05, 0.06], rho).met == "yes"
    assert v.kl_sparse([0.04, 0.05, 0.06 + 1e-6], rho).met == "no"
    assert v.kl_sparse([0.04 - 1e-6, 0.05, 0.06], rho).met == "no"


def test_few_labels_needs_every_seed_and_a_real_gap():
    assert v.few_labels([0.80, 0.81, 0.82], [0.78, 0.79, 0.80]).met == "yes"
    # ahead on average but behind on one seed
    assert v.few_labels([0.85, 0.81, 0.79], [0.78, 0.79, 0.80]).met == "no"
    # ahead on every seed by a hair: a gap above 0 is not enough
    assert v.few_labels([0.781, 0.791, 0.801], [0.78, 0.79, 0.80]).met == "no"
    assert v.few_labels([0.79, 0.80, 0.81], [0.78, 0.79, 0.80]).met == "yes"  # +1.0 point


def test_few_labels_targets_need_both_levels_and_every_draw_against_each_baseline():
    base = {"raw pixels + SVM": [0.79, 0.80], "same net from scratch": [0.75, 0.76]}
    assert v.few_labels_targets([0.85, 0.86], [0.90, 0.91], base).met == "yes"
    # each target just missed
    assert v.few_labels_targets([0.85, 0.8499], [0.90, 0.91], base).met == "no"
    assert v.few_labels_targets([0.85, 0.86], [0.90, 0.8999], base).met == "no"
    # high on average, but below a baseline on one draw
    low_draw = {"raw pixels + SVM": [0.95, 0.80]}
    verdict = v.few_labels_targets([0.90, 0.90], [0.93, 0.93], low_draw)
    assert verdict.met == "no" and "inductive beats raw pixels + SVM on 1 of 2" in verdict.why


def test_anomaly_needs_a_majority_of_digits_and_every_seed():
    pca = [0.9] * 10
    # +0.005 mean AUC, but better on only 4 of 10 digits: the old verdict said "best"
    ours = {0: [0.93] * 4 + [0.8975] * 6}
    assert sum(ours[0]) / 10 > 0.9
    verdict = v.anomaly(ours, {"PCA": pca})
    assert verdict.met == "no" and "wins on 4 of 10 digits" in verdict.why
    six = {0: [0.91] * 6 + [0.89] * 4}
    assert v.anomaly(six, {"PCA": pca}).met == "yes"
    five = {0: [0.93] * 5 + [0.89] * 5}
    assert v.anomaly(five, {"PCA": pca}).met == "no"
    # one seed below the baseline's mean: not better
    seeds = {0: [0.91] * 6 + [0.89] * 4, 1: [0.905] * 6 + [0.85] * 4}
    assert v.anomaly(seeds, {"PCA": pca}).met == "no"


def test_contractive_can_say_no_and_judges_only_cae_and_dae():
    errors = {"AE": 0.05, "AE+wd": 0.04, "DAE": 0.0149, "CAE": 0.0151}
    assert v.contractive(errors).met == "no"
    errors["CAE"] = 0.0149
    assert v.contractive(errors).met == "yes"  # the plain AEs are reported, not judged


def test_order_of_sorts_best_first_and_shows_ties():
    assert v.order_of({"AE": 0.02, "CAE": 0.01, "DAE": 0.015}) == "CAE < DAE < AE"
    assert v.order_of({"AE": 0.02, "CAE": 0.02}) == "AE = CAE"


def test_notebooks_limits_and_failures():
    limits = {"quick": 120, "full": 600}
    assert v.notebooks({("01", "quick"): ("ok", 120.0)}, limits).met == "yes"
    assert v.notebooks({("01", "quick"): ("ok", 120.1)}, limits).met == "no"
    assert v.notebooks({("01", "full"): ("FAILED", 10.0)}, limits).met == "no"


def test_xla_effect_bands():
    assert v.xla_effect(0.9) == "helps"
    assert v.xla_effect(0.9 + EPS) == "no clear effect"
    assert v.xla_effect(1.1) == "hurts"
    assert v.xla_effect(1.1 - EPS) == "no clear effect"
