"""bench/verdicts.py: every judged row flips between a figure just on the good side of its
target and one just on the bad side; over seeds, a spread that covers the target is "level"."""

import pytest

from bench import verdicts as v

EPS = 1e-9


def test_compare_with_one_run_has_no_tolerance():
    assert v.compare(0.0777, 0.0777, "BCE").met == "yes"
    assert v.compare(0.0777 + EPS, 0.0777, "BCE").met == "no"
    assert v.compare([0.976], 0.976, "acc", lower_is_better=False).met == "yes"
    assert v.compare([0.976 - EPS], 0.976, "acc", lower_is_better=False).met == "no"


def test_compare_is_level_where_the_seed_spread_covers_the_target():
    verdict = v.compare([0.0776, 0.0778, 0.0780], 0.0777, "course BCE")
    assert verdict.met == "level"  # mean 0.0778 above the target, sd 0.0002 covers it
    assert "0.0778 +- 0.0002 over 3 seeds is level with the target 0.0777" in verdict.why
    assert v.compare([0.0781, 0.0782, 0.0783], 0.0777, "BCE").met == "no"
    assert v.compare([0.0771, 0.0772, 0.0773], 0.0777, "BCE").met == "yes"


def test_a_single_run_anchor_gets_our_seed_spread_as_its_own():
    ours = [0.07775, 0.0778, 0.07785]  # mean 0.0778, sd 0.00005
    assert v.compare(ours, 0.07772, "BCE").met == "no"  # 0.00008 above: beyond one sd
    verdict = v.compare(ours, 0.07772, "BCE", one_run=True)
    assert verdict.met == "level" and "our seed sd taken as its spread" in verdict.why
    assert v.compare(ours, 0.07771, "BCE", one_run=True).met == "level"  # 0.00009 < 2 sd
    assert v.compare(ours, 0.07769, "BCE", one_run=True).met == "no"  # 0.00011 > 2 sd
    assert v.compare([0.0777], 0.0777 - EPS, "BCE", one_run=True).met == "no"  # one seed: no sd
    blog = {"blog 784-32-784, Adadelta | test BCE": [0.1]}
    course = "course 784-49-784, Adam | test BCE"  # judged against Habr's one run, 0.0777
    # sd 0.00008: 0.00009 above is within the two spreads, 0.00019 above is beyond them
    assert v.judge("dense_ae", {**blog, course: [0.07771, 0.07779, 0.07787]}).met == "level"
    assert v.judge("dense_ae", {**blog, course: [0.07781, 0.07789, 0.07797]}).met == "no"


def test_compare_against_a_rival_from_the_same_run():
    ours, theirs = [19.0, 19.2, 19.4], [18.0, 18.1, 18.2]
    assert v.compare(ours, theirs, "PSNR", lower_is_better=False).met == "yes"
    assert v.compare(theirs, ours, "PSNR", lower_is_better=False).met == "no"
    # 0.4 apart: beyond the two spreads together (0.2 + 0.1), within them (0.4 + 0.1)
    assert v.compare([18.3, 18.5, 18.7], theirs, "PSNR", lower_is_better=False).met == "yes"
    assert v.compare([18.1, 18.5, 18.9], theirs, "PSNR", lower_is_better=False).met == "level"


def test_all_of_is_no_before_level_before_yes():
    yes, level, no = (v.Verdict(m, m) for m in ("yes", "level", "no"))
    assert v.all_of(yes, yes).met == "yes"
    assert v.all_of(yes, level).met == "level"
    assert v.all_of(level, no, yes).met == "no"


def _flip(name, key, target, higher=False, extra=None):
    """The row's verdict for a value at its target and one a hair on the wrong side."""
    bad = target - EPS if higher else target + EPS
    good_v = {**(extra or {}), key: [target]}
    bad_v = {**(extra or {}), key: [bad]}
    return v.judge(name, good_v).met, v.judge(name, bad_v).met


LOW = {
    f"{k} | test error %": [0.001] for k in ("CAE", "CAE (paper's recipe)", "DAE-g", "AE+wd", "AE")
}


@pytest.mark.parametrize(
    "name, key, target, higher, extra",
    [
        ("dense_ae", "course 784-49-784, Adam | test BCE", 0.0777, False,
         {"blog 784-32-784, Adadelta | test BCE": [0.1]}),
        ("dense_ae", "blog 784-32-784, Adadelta | test BCE", 0.11, False,
         {"course 784-49-784, Adam | test BCE": [0.07]}),
        ("deep_ae", "chosen | test", 3.00, False, None),
        ("conv_ae", "create_conv_ae | test BCE", 0.09, False, {"blog conv AE | test BCE": [0.09]}),
        ("denoising", "create_conv_ae maps on pairs | PSNR dB", 19.0, True,
         {"blog conv denoiser | PSNR dB": [19.0]}),
        ("k_sparse", "tied, as the paper | LR test error %", 0.02, False, None),
        ("stacked", "after fine-tuning | test accuracy %", 0.976, True, None),
        ("few_labels", "judged: codes + SVM | test accuracy %", 0.85, True,
         {"judged: label spreading, unseen test images | test accuracy %": [0.95]}),
        ("few_labels", "judged: label spreading, unseen test images | test accuracy %", 0.90, True,
         {"judged: codes + SVM | test accuracy %": [0.9]}),
        ("contractive", "CAE | test error %", 0.0114, False, LOW),
        ("contractive", "CAE (paper's recipe) | test error %", 0.0114, False, LOW),
        ("contractive", "DAE-g | test error %", 0.0118, False, LOW),
        ("contractive", "AE+wd | test error %", 0.0168, False, LOW),
        ("contractive", "AE | test error %", 0.0178, False, LOW),
        ("vae", "70000 images (keras.io protocol) | last-epoch loss", 146.95, False, None),
        ("linear_pca", "k=32 | AE / PCA", 1.005, False, {"k=2 | AE / PCA": [1.0]}),
    ],
)  # fmt: skip
def test_each_judged_row_flips_at_its_target(name, key, target, higher, extra):
    assert _flip(name, key, target, higher, extra) == ("yes", "no")


def test_a_missing_key_is_no_data():
    assert v.judge("deep_ae", {}).met == "no data"


def test_a_row_stored_before_its_judged_key_was_renamed_is_judged_under_the_old_key():
    old = {"k-sparse codes | LR test error %": [0.026, 0.027, 0.025]}
    assert v.judge("k_sparse", old).met == "no"
    both = {**old, "tied, as the paper | LR test error %": [0.015, 0.015, 0.016]}
    assert v.judge("k_sparse", both).met == "yes"  # the new key wins where both are there


def test_a_row_stored_before_a_judged_key_was_added_is_judged_on_the_others():
    old = {k: [0.02] for k in LOW if not k.startswith("CAE (")}
    assert v.judge("contractive", old).met == "no"
    assert v.judge("contractive", {**old, "CAE (paper's recipe) | test error %": [0.001]}).met == (
        "no"
    )
    assert v.judge("contractive", dict.fromkeys(LOW, [0.001])).met == "yes"
    del old["CAE | test error %"]
    assert v.judge("contractive", old).met == "no data"  # an older key still counts


def test_kl_sparse_is_judged_on_every_unit_and_every_seed():
    assert v.kl_sparse([0.04], [0.06], rho=0.05).met == "yes"
    assert v.kl_sparse([0.04 - 1e-6], [0.06], rho=0.05).met == "no"
    assert v.kl_sparse([0.04], [0.06 + 1e-6], rho=0.05).met == "no"
    assert v.kl_sparse([0.045, 0.039], [0.055, 0.05], rho=0.05).met == "no"  # one seed off
    # the row is judged at UFLDL's MNIST rho = 0.1: the band is 0.08..0.12
    assert v.judge("kl_sparse", {"rho_hat_j | min": [0.08], "rho_hat_j | max": [0.12]}).met == "yes"
    assert (
        v.judge("kl_sparse", {"rho_hat_j | min": [0.08], "rho_hat_j | max": [0.1201]}).met == "no"
    )


def test_anomaly_counts_a_digit_only_beyond_the_seed_spread():
    base = [0.90] * 10
    wins = [[0.93, 0.94, 0.95]] * 6 + [[0.85, 0.90, 0.95]] * 4
    assert v.anomaly(wins, base).met == "yes"
    # higher on average on 6 digits, but within the spread on two of them
    some = [[0.93, 0.94, 0.95]] * 4 + [[0.89, 0.92, 0.95]] * 2 + [[0.80, 0.81, 0.82]] * 4
    verdict = v.anomaly(some, base)
    assert verdict.met == "level" and "on 4 of 10 digits, loses on 4" in verdict.why
    assert v.anomaly([[0.8, 0.81, 0.82]] * 10, base).met == "no"
    # one run: no spread, a hair above is a win
    assert v.anomaly([[0.9 + 1e-6]] * 6 + [[0.5]] * 4, base).met == "yes"


def test_speed_verdicts():
    assert v.speed_factory({"dense": 1.0, "vae": 1.05}).met == "yes"
    assert v.speed_factory({"dense": 1.0, "vae": 1.05 + EPS}).met == "no"
    assert v.speed_scaling(0.99, 1.0).met == "yes"
    assert v.speed_scaling(0.99 - EPS, 1.0).met == "no"
    assert v.speed_scaling(0.999, 1.25).met == "yes"
    assert v.speed_scaling(0.999, 1.25 + EPS).met == "no"
    assert v.speed_scaling(0.999, 0.8 - EPS).met == "no"
    assert v.xla_effect(0.9) == "helps" and v.xla_effect(0.9 + EPS) == "no clear effect"
    assert v.xla_effect(1.1) == "hurts" and v.xla_effect(1.1 - EPS) == "no clear effect"


def test_factory_speed_row_needs_equal_parameter_counts():
    row = {"dense | ratio of fastest epochs": [1.0], "dense | same parameters": [0.0]}
    assert v.judge("speed_factory", row).met == "no"
    row["dense | same parameters"] = [1.0]
    assert v.judge("speed_factory", row).met == "yes"


def test_notebooks_limits_failures_and_untimed():
    assert v.judge("speed_notebooks", {"01 | quick s": [120.0]}).met == "yes"
    assert v.judge("speed_notebooks", {"01 | quick s": [120.1]}).met == "no"
    failed = {"01 | full s": [10.0], "01 | full status": ["FAILED"]}
    assert v.judge("speed_notebooks", failed).met == "no"
    untimed = {"01 | quick s": [10.0], "01 | full s": ["not timed"]}
    assert v.judge("speed_notebooks", untimed).met == "no data"
