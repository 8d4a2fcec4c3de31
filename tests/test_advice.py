"""The report's advice follows the recorded figures (bench/advice.py)."""

from bench import advice

KEY = "60000 images, scored on the test set | test reconstruction + KL"


def _store(dense, conv):
    def row(name, value):
        return {"name": name, "seeds": [0], "runs": [{KEY: value}], "seconds": 1.0}

    return {"rows": {"full": {"vae": row("vae", dense)}, "long": {"vae": row("vae", conv)}}}


def test_vae_advice_calls_a_difference_within_one_percent_level():
    (text,) = advice.vae(_store(dense=152.40, conv=152.41))
    assert "level" in text and "prefer" not in text
    assert "152.4 for the conv VAE, 152.4 for the dense one" in text


def test_vae_advice_names_the_better_factory_beyond_one_percent():
    (text,) = advice.vae(_store(dense=152.4, conv=146.0))
    assert text.startswith("For a VAE on images prefer `create_conv_vae`")
    (text,) = advice.vae(_store(dense=146.0, conv=152.4))
    assert text.startswith("For a VAE on images prefer `create_vae`")


def test_no_vae_advice_without_both_rows():
    store = _store(dense=150.0, conv=150.0)
    del store["rows"]["long"]
    assert advice.vae(store) == []


def test_xla_advice_needs_a_clear_effect():
    runs = [{"dense | ratio of fastest epochs": 0.92, "deep | ratio of fastest epochs": 0.85,
             "conv | ratio of fastest epochs": 1.5}]  # fmt: skip
    store = {"rows": {"full": {"speed_xla": {"name": "speed_xla", "runs": runs}}}}
    helps, hurts = advice.xla(store)
    assert "for deep;" in helps and "dense" not in helps  # 0.92 is no clear effect
    assert hurts.startswith("Leave XLA off for conv")


def _runs_store(row, runs):
    return {"rows": {"full": {row: {"name": row, "seeds": list(range(len(runs))), "runs": runs}}}}


def test_kl_weight_advice_reports_the_course_settings_units_and_both_weights():
    k3, k10 = "rho_hat_j, 64 units, rho 0.05 | ", "rho_hat_j, 64 units, rho 0.05, weight 10 | "
    runs = [
        {"rho_hat_j | min": 0.09, "rho_hat_j | max": 0.11, k3 + "min": 0.052, k3 + "max": 0.072,
         k3 + "within 20% %": 0.15, k10 + "within 20% %": 1.0},
        {"rho_hat_j | min": 0.09, "rho_hat_j | max": 0.11},
    ]  # fmt: skip
    (text,) = advice.kl_weight(_runs_store("kl_sparse", runs))
    assert "ran 0.052-0.072 for rho = 0.05 (15% within 20%)" in text
    assert "weight 10 put 100% of them" in text
    del runs[0][k10 + "within 20% %"]
    assert advice.kl_weight(_runs_store("kl_sparse", runs)) == []  # no weight-10 run


def test_vae_scale_advice_calls_a_gap_within_the_seed_spread_harmless():
    ours, summed = "70000 images (keras.io protocol)", "70000 images, keras.io's summed loss"
    runs = [{f"{ours} | last-epoch loss": 150.4, f"{summed} | last-epoch loss": 150.6},
            {f"{ours} | last-epoch loss": 150.0}, {f"{ours} | last-epoch loss": 150.8}]  # fmt: skip
    (text,) = advice.vae_scale(_runs_store("vae", runs))
    assert "150.6 per image against 150.4" in text and "does not hold Adam back" in text
    runs[0][f"{summed} | last-epoch loss"] = 155.0
    (text,) = advice.vae_scale(_runs_store("vae", runs))
    assert "beyond the seeds' spread" in text


def test_published_vae_advice_sets_kerasios_own_code_beside_its_figure_and_the_factory():
    theirs, ours = "keras.io's VAE rebuilt, 70000 images", "70000 images (keras.io protocol)"
    runs = [{f"{theirs} | last-epoch loss": t, f"{ours} | last-epoch loss": o}
            for t, o in ((148.0, 149.0), (150.0, 148.0))]  # fmt: skip
    store = {"rows": {"long": {"vae": {"name": "vae", "seeds": [0, 1], "runs": runs}}}}
    (text,) = advice.vae_published(store)
    assert "ended at 149 +- 1.4 per image over 2 seeds against its published 146.95" in text
    assert "`create_conv_vae` ended at 148.5 +- 0.71" in text
    del runs[0][f"{theirs} | last-epoch loss"], runs[1][f"{theirs} | last-epoch loss"]
    assert advice.vae_published(store) == []  # a long row from before the rebuild


def _deep_store(chosen_logistic):
    full = [{"chosen | test": 11.0, "PCA-30 | test": 13.9}]
    long = [{"chosen | test": 2.8, "chosen | logistic": c} for c in chosen_logistic]

    def row(runs):
        return {"name": "deep_ae", "seeds": list(range(len(runs))), "runs": runs, "seconds": 1.0}

    return {"rows": {"full": {"deep_ae": row(full)}, "long": {"deep_ae": row(long)}}}


def test_deep_advice_credits_the_rbm_pretraining_only_when_it_won_on_every_seed():
    (text,) = advice.deep(_deep_store([1.0, 1.0, 1.0]))
    assert (
        "13.90" in text
        and "the long recipe (the paper's RBM pretraining, then Adam) reaches 2.80" in text
    )
    (text,) = advice.deep(_deep_store([1.0, 0.0, 1.0]))
    assert "RBM" not in text and "the long recipe reaches 2.80" in text


def _contractive(runs):
    row = {"name": "contractive", "seeds": list(range(len(runs))), "runs": runs}
    return {"rows": {"long": {"contractive": row}}}


def test_pretraining_advice_names_only_the_pretrainings_that_won_on_every_seed():
    runs = [
        {"no pretraining | test error %": b, "DAE-g | test error %": d, "AE | test error %": a}
        for b, d, a in ((0.020, 0.017, 0.019), (0.019, 0.018, 0.020))
    ]
    (text,) = advice.pretraining(_contractive(runs))
    assert text.startswith("Before fine-tuning a 1000-unit sigmoid layer on labels, pretrain it as")
    assert "as DAE-g: test error 1.75% against 1.95% from a random start" in text
    assert text.endswith("did not beat the random start on every seed (AE 1.95%).")  # seed 0 only


def test_pretraining_advice_says_so_when_none_beat_the_random_start():
    runs = [{"no pretraining | test error %": 0.017, "AE | test error %": 0.019}]
    (text,) = advice.pretraining(_contractive(runs))
    assert text == (
        "No pretraining of the 1000-unit layer beat its 1.70% from a random start on every seed "
        "(AE 1.90%)."
    )
    assert advice.pretraining({"rows": {}}) == []
    assert advice.pretraining(_contractive([{"no pretraining | test error %": 0.017}])) == []


def test_pretraining_advice_lists_several_winners_best_first():
    runs = [
        {
            "no pretraining | test error %": 0.020,
            "DAE-g | test error %": 0.018,
            "DAE-b | test error %": 0.019,
            "CAE | test error %": 0.016,
        }
    ]
    (text,) = advice.pretraining(_contractive(runs))
    assert (
        "pretrain it as CAE, DAE-g or DAE-b: test error 1.60%, 1.80% and 1.90% against 2.00%"
        in text
    )
    assert text.endswith("lower on every seed.")
