"""'What this means for you': short advice for students, built from the recorded numbers only
(bench/results.json), so that it changes with the measurements; a missing row gives none."""

from bench.report import values
from bench.verdicts import mean_sd, spread


def _v(store, name, mode="full"):
    row = store.get("rows", {}).get(mode, {}).get(name)
    return values(row) if row else {}


def _mean(v, key):
    return mean_sd(v[key])[0]


def _span(numbers, fmt="{:.2f}"):
    lo, hi = min(numbers), max(numbers)
    return (
        fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}-{fmt.format(hi)}"
    )


def _ratios(v):
    return {k.split(" |")[0]: x[0] for k, x in v.items() if k.endswith("| ratio of fastest epochs")}


def xla(store):
    """Which models train faster with jit_compile=True on this CPU, and which slower."""
    ratios = _ratios(_v(store, "speed_xla"))
    helps = {k: r for k, r in ratios.items() if r <= 0.9}
    hurts = {k: r for k, r in ratios.items() if r >= 1.1}
    out = []
    if helps:
        cut = _span([r * 100 for r in helps.values()], "{:.0f}")
        out.append(
            "On a CPU with TensorFlow, compile these models with `model.compile(..., "
            f"jit_compile=True)`: XLA cut the epoch time to {cut}% "
            f"for {', '.join(sorted(helps))}; Keras leaves XLA off on CPU-only machines unless "
            "you ask. For the others the difference was within 10%."
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
    ratios = _ratios(_v(store, "speed_factory"))
    if not ratios:
        return []
    slow = [k for k, r in ratios.items() if r > 1.05]
    return [
        "An aekeras factory trains as fast as the same model in plain Keras: fastest-epoch "
        f"ratios {_span(list(ratios.values()))} over {len(ratios)} models"
        + (f" ({', '.join(slow)} slower than 1.05)." if slow else ".")
    ]


def epoch_cost(store):
    """Seconds per epoch of 60000 images, from the linear fit of the scaling row."""
    v = _v(store, "speed_scaling")
    parts = [
        f"{k.split()[0]} AE about {x[0] * 0.06:.0f} s"
        for k, x in v.items()
        if k.endswith("us per sample")
    ]
    if not parts:
        return []
    return [
        "Plan training time by the data size: an epoch costs time in proportion to the number "
        f"of images; on this CPU one epoch of 60000 images took {' and '.join(parts)} (batch "
        "250, no XLA)."
    ]


def denoise(store):
    """Which denoiser to train on (noisy, clean) pairs: conv with the maps as code, or dense."""
    v = _v(store, "denoising")
    keys = {
        "conv": "create_conv_ae maps on pairs | PSNR dB",
        "conv49": "create_conv_ae on pairs | PSNR dB",
        "dense": "create_dense_ae(64) on pairs | PSNR dB",
        "noisy": "noisy input | PSNR dB",
    }
    if not all(k in v for k in keys.values()):
        return []
    db = {k: _mean(v, key) for k, key in keys.items()}
    better = "convolutional" if db["conv"] > db["dense"] else "dense"
    return [
        f"To denoise images train a {better} network on (noisy, clean) pairs: create_conv_ae "
        f"with encoding_dim=None (the feature maps as code) reached {db['conv']:.1f} dB, the "
        f"dense create_dense_ae {db['dense']:.1f} dB on the same pairs (noisy input "
        f"{db['noisy']:.1f} dB); squeezed into a 49-number Dense code, create_conv_ae reached "
        f"{db['conv49']:.1f} dB."
    ]


def kl_weight(store):
    """What the KL penalty's weight did to the units' mean activations."""
    v = _v(store, "kl_sparse")
    k3, k10 = (f"rho_hat_j, 64 units, rho 0.05{w} | " for w in ("", ", weight 10"))
    if k3 + "min" not in v or k10 + "within 20% %" not in v:
        return []
    lo, hi = v[k3 + "min"][0], v[k3 + "max"][0]
    return [
        f"Check a KL-sparse AE's units, not their mean: with UFLDL's beta = 3 and 64 units, the "
        f"units' mean activations ran {lo:.3f}-{hi:.3f} for rho = 0.05 "
        f"({_mean(v, k3 + 'within 20% %'):.0%} within 20%); weight 10 put "
        f"{_mean(v, k10 + 'within 20% %'):.0%} of them within 20%. Raise the weight until "
        "`encoder.predict(x).mean(axis=0)` sits at rho."
    ]


def deep(store):
    """How far the deep AE got by default and with the long recipe."""
    v, long = _v(store, "deep_ae"), _v(store, "deep_ae", "long")
    if "chosen | test" not in v:
        return []
    err, pca = _mean(v, "chosen | test"), _mean(v, "PCA-30 | test")
    text = (
        f"A deep AE with a 30-number code reconstructs {pca / err:.1f} times better than PCA-30 "
        f"({err:.2f} vs {pca:.2f} squared error per image) after the default run's short training"
    )
    if "chosen | test" in long:
        rbm = _mean(long, "chosen | logistic") == 1  # the RBM-pretrained net won on every seed
        how = " (the paper's RBM pretraining, then Adam)" if rbm else ""
        text += f"; the long recipe{how} reaches {_mean(long, 'chosen | test'):.2f}"
    return [text + "."]


def vae(store):
    """Conv (long row) vs dense (default row) VAE on the test set: level within 1%, or a winner."""
    key = "60000 images, scored on the test set | test reconstruction + KL"
    dense, conv = _v(store, "vae"), _v(store, "vae", "long")
    if key not in dense or key not in conv:
        return []
    d, c = _mean(dense, key), _mean(conv, key)
    scores = f"{c:.1f} for the conv VAE, {d:.1f} for the dense one"
    if abs(c - d) <= 0.01 * min(c, d):
        return [
            "With a 2-d latent and 30 epochs the two VAEs end level on the test set "
            f"({scores}; reconstruction + KL per image): `create_vae` is the cheaper start."
        ]
    better = "create_conv_vae" if c < d else "create_vae"
    return [
        f"For a VAE on images prefer `{better}`: with a 2-d latent and 30 epochs the test "
        f"reconstruction + KL per image was {scores} (lower is better)."
    ]


def vae_scale(store):
    """Whether the factories' per-pixel VAE loss trains like keras.io's summed one (seed 0)."""
    v = _v(store, "vae")
    ours, summed = (
        v.get(f"70000 images{k} | last-epoch loss")
        for k in (" (keras.io protocol)", ", keras.io's summed loss")
    )
    if not ours or not summed:
        return []
    sd = mean_sd(ours)[1]
    same = abs(summed[0] - ours[0]) <= sd
    return [
        "The VAE factories average the loss over the pixels (KL / 784 beside Keras's BCE); "
        f"trained with keras.io's summed loss instead, the same model and seed ended at "
        f"{summed[0]:.1f} per image against {ours[0]:.1f}, "
        + (
            f"within the seeds' spread ({sd:.1f}): the scale does not hold Adam back."
            if same
            else f"beyond the seeds' spread ({sd:.1f})."
        )
    ]


def vae_published(store):
    """What keras.io's own VAE code reached here, beside its published figure and the factory."""
    v = _v(store, "vae", "long")
    theirs = v.get("keras.io's VAE rebuilt, 70000 images | last-epoch loss")
    ours = v.get("70000 images (keras.io protocol) | last-epoch loss")
    if not theirs or not ours:
        return []
    seeds = f" over {len(theirs)} seeds" if len(theirs) > 1 else ""
    return [
        "Read a published training loss as one run: keras.io's VAE example, rebuilt and trained "
        f"here on its own protocol, ended at {spread(theirs)} per image{seeds} against its "
        f"published 146.95; `create_conv_vae` ended at {spread(ours)}."
    ]


PRETRAININGS = ("AE", "AE+wd", "DAE-g", "DAE-b", "CAE", "CAE (paper's recipe)")


def pretraining(store):
    """Which pretrainings of the 1000-unit layer beat its random start after fine-tuning, seed
    by seed (the long contractive row)."""
    v = _v(store, "contractive", "long")
    base = v.get("no pretraining | test error %")
    if not base:
        return []
    tested = {n: v[f"{n} | test error %"] for n in PRETRAININGS if f"{n} | test error %" in v}
    if not tested:
        return []
    won = [n for n, errs in tested.items() if all(e < b for e, b in zip(errs, base))]
    rest = [n for n in tested if n not in won]

    def pct(name):
        return f"{_mean(v, f'{name} | test error %'):.2%}"

    scratch = f"{_mean(v, 'no pretraining | test error %'):.2%} from a random start"
    others = ", ".join(f"{n} {pct(n)}" for n in rest)
    if not won:
        return [
            f"No pretraining of the 1000-unit layer beat its {scratch} on every seed ({others})."
        ]
    won.sort(key=lambda n: _mean(v, f"{n} | test error %"))

    def listing(items, last):
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"

    head = (
        f"Before fine-tuning a 1000-unit sigmoid layer on labels, pretrain it as "
        f"{listing(won, 'or')}: test error {listing([pct(n) for n in won], 'and')} against "
        f"{scratch}, lower on every seed"
    )
    tail = f"; the others did not beat the random start on every seed ({others})" if rest else ""
    return [head + tail + "."]


def advice(store):
    """All advice sentences, in reading order."""
    return [
        text
        for part in (
            xla,
            factories,
            epoch_cost,
            denoise,
            kl_weight,
            deep,
            pretraining,
            vae,
            vae_scale,
            vae_published,
        )
        for text in part(store)
    ]
