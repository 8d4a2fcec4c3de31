"""Sliders for class: a live view of the latent space (notebooks 10 and 15).

Each explorer is an ``ipywidgets.interactive`` over a plain ``draw`` function that returns a
matplotlib Figure: a test or a headless run calls ``widget.draw(...)`` without a frontend.
"""

import matplotlib.pyplot as plt
import numpy as np


def is_live_kernel():
    """True when a person is at the notebook: Jupyter or Colab, not a headless run.

    A headless run (nbclient, nbconvert --execute, papermill, the course runner) executes cells
    with stdin disabled; a Jupyter or Colab frontend allows ``input()``. Outside IPython: False.
    Use it to choose sliders in class and a static figure on a rendered page:
    ``INTERACTIVE = not QUICK and is_live_kernel()``.
    """
    import sys

    if "google.colab" in sys.modules:
        return True
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    return bool(getattr(kernel, "_allow_stdin", False))


def _check_span(span):
    try:
        lo, hi = (float(v) for v in span)
    except (TypeError, ValueError):
        raise ValueError(f"span={span!r}: must be two numbers (low, high), e.g. (-3, 3)") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"span={span!r}: must be two finite numbers with low < high")
    return lo, hi


def _slider(description, lo, hi, step, value):
    import ipywidgets

    return ipywidgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=False,  # redraw on release: smooth on Colab as well
        readout_format=".2f",
    )


def _interactive(draw, **sliders):
    """``ipywidgets.interactive`` over ``draw``; the widget keeps ``draw`` as ``widget.draw``.

    The wrapper returns None, so that ipywidgets shows the figure once (as an inline plot).
    """
    import ipywidgets

    def redraw(**values):
        draw(**values)

    widget = ipywidgets.interactive(redraw, **sliders)
    widget.draw = draw
    return widget


def latent_explorer(
    decoder, span=(-3.0, 3.0), step=0.1, image_shape=(28, 28), codes=None, labels=None
):
    """Sliders over a 2-D code (z1, z2) that redraw the decoded image, for live use in class.

    ``draw(z1, z2)`` (also ``widget.draw``) is a plain function: it decodes the code
    ``[[z1, z2]]`` and returns a Figure with the image on the right and, given ``codes`` (n, 2)
    and their ``labels``, the map of the codes with the point (z1, z2) marked on the left. The
    widget (``ipywidgets.interactive``) wires two sliders over ``span`` to it; it works in
    Jupyter and on Colab. On a rendered page show ``plot_manifold`` instead (``is_live_kernel``).

    Returns:
        the widget; display it as the last line of a cell.

    Raises:
        ValueError: if span is not two finite numbers with low < high, or step <= 0.

    Example:
        >>> latent_explorer(decoder, span=(-3, 3), codes=z_test, labels=y_test)
    """
    lo, hi = _check_span(span)
    if not step > 0:
        raise ValueError(f"step={step!r}: must be > 0")
    if codes is not None:
        codes = np.asarray(codes)
        if codes.ndim != 2 or codes.shape[1] != 2:
            raise ValueError(f"codes has shape {codes.shape}: expected (n, 2)")

    def draw(z1=0.0, z2=0.0):
        code = np.array([[z1, z2]], dtype="float32")
        image = np.asarray(decoder.predict(code, verbose=0)).reshape(image_shape)
        if codes is None:
            fig, ax_img = plt.subplots(figsize=(3.6, 3.6))
        else:
            fig, (ax_map, ax_img) = plt.subplots(
                1, 2, figsize=(10, 4.4), gridspec_kw={"width_ratios": [1.35, 1]}
            )
            ax_map.scatter(codes[:, 0], codes[:, 1], c=labels, cmap="tab10", s=3, alpha=0.5)
            ax_map.plot([z1], [z2], marker="X", ms=16, color="black", mec="white", mew=1.5)
            ax_map.set_xlim(lo, hi)
            ax_map.set_ylim(lo, hi)
            ax_map.set_xlabel("код 1")
            ax_map.set_ylabel("код 2")
            ax_map.set_title("Где этот код среди кодов цифр")
        ax_img.imshow(image, cmap="gray", vmin=0, vmax=1)
        ax_img.set_xticks([])
        ax_img.set_yticks([])
        # a typographic minus, as in the axis labels of matplotlib
        ax_img.set_title(f"декодер({z1:+.2f}, {z2:+.2f})".replace("-", "\N{MINUS SIGN}"))
        fig.tight_layout()
        return fig

    return _interactive(
        draw,
        z1=_slider("код 1", lo, hi, step, float(np.clip(0.0, lo, hi))),
        z2=_slider("код 2", lo, hi, step, float(np.clip(0.0, lo, hi))),
    )


def interpolation_explorer(
    decoder, code_a, code_b, image_a, image_b, step=0.05, image_shape=(28, 28), names=("A", "B")
):
    """A slider over α in α·e(A) + (1 − α)·e(B) that redraws the decoded image, for class.

    ``draw(a)`` (also ``widget.draw``) returns a Figure of four images: A, the decoded code
    a·code_a + (1 − a)·code_b, the pixel mix a·A + (1 − a)·B, and B (titled by ``names``);
    the widget's slider (0 to 1) is labelled α, as in the slides.
    Codes of any length.

    Raises:
        ValueError: if code_a and code_b differ in shape, or step is not in (0, 1].

    Example:
        >>> interpolation_explorer(decoder, encoder(a), encoder(b), a_image, b_image)
    """
    code_a = np.asarray(code_a, dtype="float32").reshape(-1)
    code_b = np.asarray(code_b, dtype="float32").reshape(-1)
    if code_a.shape != code_b.shape:
        raise ValueError(f"code_a {code_a.shape} and code_b {code_b.shape}: must be the same shape")
    if not 0 < step <= 1:
        raise ValueError(f"step={step!r}: must be in (0, 1]")
    image_a = np.asarray(image_a, dtype="float32").reshape(image_shape)
    image_b = np.asarray(image_b, dtype="float32").reshape(image_shape)

    def draw(a=0.5):
        code = (a * code_a + (1 - a) * code_b)[None, :]
        decoded = np.asarray(decoder.predict(code, verbose=0)).reshape(image_shape)
        panels = [
            (image_a, names[0]),
            (decoded, f"через код, α = {a:.2f}"),
            (a * image_a + (1 - a) * image_b, f"смесь пикселей, α = {a:.2f}"),
            (image_b, names[1]),
        ]
        fig, axes = plt.subplots(1, 4, figsize=(12.5, 3.6))
        for ax, (image, title) in zip(axes, panels):
            ax.imshow(image, cmap="gray", vmin=0, vmax=1)
            ax.set_title(title, fontsize=11)
            ax.set_xticks([])
            ax.set_yticks([])
        fig.tight_layout()
        return fig

    return _interactive(draw, a=_slider("α", 0.0, 1.0, step, 0.5))
