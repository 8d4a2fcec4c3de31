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
