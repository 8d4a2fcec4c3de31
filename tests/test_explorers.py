"""aekeras.explorers: the sliders over the latent space (notebooks 10 and 15) and the check that
tells a person at a notebook from a headless run."""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aekeras import create_dense_ae
from aekeras.explorers import interpolation_explorer, is_live_kernel, latent_explorer

ROOT = Path(__file__).resolve().parent.parent
IMAGES = np.random.default_rng(0).random((12, 28, 28, 1)).astype("float32")


def teardown_function():
    plt.close("all")


def sliders_of(widget):
    import ipywidgets

    return {w.description: w for w in widget.children if isinstance(w, ipywidgets.FloatSlider)}


def test_latent_explorer_draws_the_decoded_code_and_marks_it_on_the_map():
    _, decoder, _ = create_dense_ae(encoding_dim=2)
    codes = np.random.default_rng(2).normal(size=(30, 2))
    widget = latent_explorer(
        decoder, span=(-2.5, 4.0), step=0.25, codes=codes, labels=np.arange(30) % 10
    )
    sliders = sliders_of(widget)
    assert list(sliders) == ["код 1", "код 2"]
    for slider in sliders.values():
        assert (slider.min, slider.max, slider.step, slider.value) == (-2.5, 4.0, 0.25, 0.0)
    fig = widget.draw(1.5, -0.75)
    expected = decoder.predict(np.array([[1.5, -0.75]], dtype="float32"), verbose=0)[0, :, :, 0]
    ax_map, ax_img = fig.axes
    np.testing.assert_allclose(ax_img.images[0].get_array(), expected, atol=1e-6)
    np.testing.assert_allclose(ax_map.collections[0].get_offsets(), codes)
    marker = ax_map.get_lines()[0]
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (1.5, -0.75)
    assert ax_map.get_xlim() == (-2.5, 4.0) and ax_map.get_ylim() == (-2.5, 4.0)
    alone = latent_explorer(decoder).draw(0.0, 0.0)  # without codes: the image only
    assert len(alone.axes) == 1


def test_latent_explorer_widget_redraws_through_its_sliders():
    _, decoder, _ = create_dense_ae(encoding_dim=2)
    widget = latent_explorer(decoder, span=(-1, 1))
    sliders = sliders_of(widget)
    plt.close("all")
    sliders["код 1"].value = 0.5  # moving a slider calls draw with the new values
    sliders["код 2"].value = -0.3
    assert widget.kwargs == {"z1": 0.5, "z2": -0.3}
    last = plt.figure(plt.get_fignums()[-1])
    expected = decoder.predict(np.array([[0.5, -0.3]], dtype="float32"), verbose=0)[0, :, :, 0]
    np.testing.assert_allclose(last.axes[0].images[0].get_array(), expected, atol=1e-6)
    assert widget.result is None  # the figure is shown once, not also as a returned value


@pytest.mark.parametrize(
    "span, match",
    [
        ((3, -3), r"span=\(3, -3\)"),
        ((0, 0), r"span=\(0, 0\)"),
        (5, "span=5"),
        ((0, np.inf), "span="),
    ],
)
def test_latent_explorer_refuses_a_bad_span_naming_it(span, match):
    _, decoder, _ = create_dense_ae(encoding_dim=2)
    with pytest.raises(ValueError, match=match):
        latent_explorer(decoder, span=span)
    with pytest.raises(ValueError, match="step=0"):
        latent_explorer(decoder, step=0)


def test_interpolation_explorer_decodes_the_mixed_code():
    _, decoder, _ = create_dense_ae(encoding_dim=8)
    rng = np.random.default_rng(3)
    code_a, code_b = rng.normal(size=8), rng.normal(size=8)
    widget = interpolation_explorer(decoder, code_a, code_b, IMAGES[0], IMAGES[1], names=("3", "8"))
    slider = sliders_of(widget)["α"]
    assert (slider.min, slider.max, slider.value) == (0.0, 1.0, 0.5)
    fig = widget.draw(0.3)
    mixed = (0.3 * code_a + 0.7 * code_b).astype("float32")[None]
    expected = decoder.predict(mixed, verbose=0)[0, :, :, 0]
    images = [ax.images[0].get_array() for ax in fig.axes]
    np.testing.assert_allclose(images[1], expected, atol=1e-5)
    np.testing.assert_allclose(
        images[2], 0.3 * IMAGES[0, :, :, 0] + 0.7 * IMAGES[1, :, :, 0], atol=1e-6
    )
    assert [fig.axes[k].get_title() for k in (0, 3)] == ["3", "8"]
    with pytest.raises(ValueError, match="must be the same shape"):
        interpolation_explorer(decoder, code_a, code_b[:4], IMAGES[0], IMAGES[1])


def test_is_live_kernel_is_false_outside_a_notebook():
    assert is_live_kernel() is False


def run_in_kernel(*cells):
    """stdout of each (code, allow_stdin) cell run in one fresh IPython kernel: stdin allowed as
    by a Jupyter or Colab frontend, or refused as by a headless run (nbclient)."""
    import os

    from jupyter_client.manager import start_new_kernel

    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    km, kc = start_new_kernel(kernel_name="python3", env={**os.environ, "PYTHONPATH": path})
    outputs = []
    try:
        for code, allow_stdin in cells:
            msg_id = kc.execute(code, allow_stdin=allow_stdin)
            out = []
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    raise AssertionError("\n".join(msg["content"]["traceback"]))
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            outputs.append("".join(out))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return outputs


LIVE_CHECK = """
import keras, numpy as np
from aekeras.explorers import is_live_kernel, latent_explorer
layers = keras.layers
decoder = keras.Sequential([keras.Input((2,)), layers.Dense(784), layers.Reshape((28, 28))])
widget = latent_explorer(decoder, span=(-3, 3))
widget.children[0].value = 1.0  # a slider moved: the callback runs in this kernel
image = widget.draw(1.0, 0.0).axes[0].images[0].get_array()
expected = decoder.predict(np.array([[1.0, 0.0]]), verbose=0)[0]
print(is_live_kernel(), widget.kwargs, np.allclose(image, expected))
"""


def test_is_live_kernel_tells_a_frontend_from_a_headless_run_and_the_widget_works_there():
    live, headless = run_in_kernel((LIVE_CHECK, True), ("print(is_live_kernel())", False))
    assert live.split() == ["True", "{'z1':", "1.0,", "'z2':", "0.0}", "True"]
    assert headless.strip() == "False"
