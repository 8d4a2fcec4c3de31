"""The report's advice follows the recorded figures (bench/advice.py)."""

from bench import advice


def _store(dense, conv):
    row = {"seconds": 300.0, "data": {"test": {"dense": dense}}}
    long = {"seconds": 1500.0, "data": {"test": {"conv": conv}}}
    return {"rows": {"full": {"vae": row}, "long": {"vae": long}}}


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
