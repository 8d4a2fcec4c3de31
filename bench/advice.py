"""'What this means for you': short advice for students, derived from the recorded rows only.

Every sentence is built from figures in bench/results.json (the ``data`` of each row), so the
advice changes with the measurements; a row that is missing simply gives no advice.
"""


def _row(store, name, mode="full"):
    return store.get("rows", {}).get(mode, {}).get(name)


def _span(values, fmt="{:.2f}"):
    lo, hi = min(values), max(values)
    return fmt.format(lo) if lo == hi else f"{fmt.format(lo)}-{fmt.format(hi)}"


def xla(store):
    """Which models train faster with jit_compile=True on this CPU, and which slower."""
    row = _row(store, "speed_xla")
    if not row or not row["data"].get("ratios"):
        return []
    ratios = row["data"]["ratios"]
    helps = {k: v for k, v in ratios.items() if v <= 0.9}
    hurts = {k: v for k, v in ratios.items() if v >= 1.1}
    out = []
    if helps:
        out.append(
            "On a CPU, compile dense models with `model.compile(..., jit_compile=True)`: XLA cut "
            f"the epoch time to {_span([v * 100 for v in helps.values()], '{:.0f}')}% of Keras's "
            f"default for {', '.join(sorted(helps))}. Keras leaves XLA off on CPU-only machines "
            "unless you ask."
        )
    if hurts:
        out.append(
            f"Leave XLA off for {', '.join(sorted(hurts))}: there it made an epoch "
            f"{_span(list(hurts.values()), '{:.1f}')} times slower (convolutions and the random "
            "numbers of noise and dropout layers are slow under XLA on a CPU)."
        )
    return out


def factories(store):
    """The factories cost no more than the same model written in plain Keras."""
    row = _row(store, "speed_factory")
    if not row or not row["data"].get("ratios"):
        return []
    ratios = row["data"]["ratios"]
    ok = [v for v in ratios.values() if v <= 1.05]
    text = (
        f"An aekeras factory trains as fast as the same model in plain Keras: epoch-time "
        f"ratios {_span(list(ratios.values()), '{:.2f}')} over {len(ratios)} models"
    )
    if len(ok) < len(ratios):
        slow = [k for k, v in ratios.items() if v > 1.05]
        text += f" ({', '.join(slow)} slower than 1.05)"
    return [text + "."]


def epoch_cost(store):
    """Seconds per epoch of 60000 images, from the linear fit of the scaling row."""
    row = _row(store, "speed_scaling")
    if not row or not row["data"]:
        return []
    parts = [
        f"{label.split()[0]} AE about {v['us_per_sample'] * 60000 / 1e6:.0f} s"
        for label, v in row["data"].items()
    ]
    return [
        "Plan training time by the data size: an epoch costs time in proportion to the number "
        f"of images; on this CPU one epoch of 60000 images took {' and '.join(parts)} (batch "
        "250, no XLA)."
    ]


def denoise(store):
    """For images, the convolutional denoiser beats the dense one."""
    row = _row(store, "denoising")
    if not row or "blog" not in row["data"]:
        return []
    d = row["data"]
    better = "convolutional" if d["blog"] > d["ours"] else "dense"
    return [
        f"To denoise images use a {better} network: the Keras-blog conv denoiser reached "
        f"{d['blog']:.1f} dB against {d['ours']:.1f} dB for the dense DAE (noisy input "
        f"{d['noisy input']:.1f} dB, PCA {d['PCA-49 projection']:.1f} dB)."
    ]


def deep(store):
    """How far the deep AE got by default and with --long."""
    default, long = _row(store, "deep_ae"), _row(store, "deep_ae", "long")
    if not default:
        return []
    d = default["data"]
    text = (
        f"A deep AE with a 30-number code reconstructs {d['pca'] / d['test']:.1f} times better "
        f"than PCA-30 ({d['test']:.2f} vs {d['pca']:.2f} squared error per image) after the "
        "default run's short training"
    )
    if long:
        text += f"; the long recipe reaches {long['data']['test']:.2f} (see its row)"
    return [text + "."]


def vae(store):
    """Conv (long row) vs dense (default row) VAE: level within 1% on the test set, or a winner."""
    dense, conv = _row(store, "vae"), _row(store, "vae", "long")
    if not dense or not conv:
        return []
    d, c = dense["data"]["test"].get("dense"), conv["data"]["test"].get("conv")
    if d is None or c is None:
        return []
    scores = f"{c:.1f} for the conv VAE, {d:.1f} for the dense one"
    times = f"the rows took {conv['seconds']:.0f} s and {dense['seconds']:.0f} s here"
    if abs(c - d) <= 0.01 * min(c, d):
        return [
            "With a 2-d latent and 30 epochs the two VAEs end level on the test set "
            f"({scores}; reconstruction + KL per image, {times}): `create_vae` is the cheaper "
            "start; the conv VAE did not pay off in this setting."
        ]
    better = "create_conv_vae" if c < d else "create_vae"
    return [
        f"For a VAE on images prefer `{better}`: with a 2-d latent and 30 epochs the test "
        f"reconstruction + KL per image was {scores} (lower is better; {times})."
    ]


def advice(store):
    """All advice sentences, in reading order."""
    out = []
    for part in (xla, factories, epoch_cost, denoise, deep, vae):
        out += part(store)
    return out
