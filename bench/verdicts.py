"""The "met" column: small pure functions that compare measured figures with their targets.

A row's runs are summarised as ``v``: measured key -> list of per-seed values. ``compare`` judges
one quantity over seeds against a published figure or a rival measured in the same run: "yes"
or "no" on the mean, "level" where the seed spread (mean +- sd, both sides) covers the other
side. Without spread (one seed, or a deterministic figure) nothing is level: "<= target" is met
at the target and not a hair above. ``JUDGES`` says, for every row, which keys are judged;
everything else a row measures is context. tests/test_verdicts.py flips each verdict just above
and just below its target.
"""

import dataclasses
import math

MET_WORDS = ("yes", "level", "no", "n/a", "no data")


@dataclasses.dataclass(frozen=True)
class Verdict:
    """``met``: one of MET_WORDS; ``why``: the comparison in words, with the numbers."""

    met: str
    why: str


def mean_sd(values):
    """Mean and sample standard deviation (0 for a single value)."""
    values = [float(v) for v in values]
    m = sum(values) / len(values)
    if len(values) < 2:
        return m, 0.0
    return m, math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def spread(values, digits=4, scale=1.0, unit=""):
    """'0.0778 +- 0.0003' (or the single value), values multiplied by ``scale``."""
    m, sd = mean_sd([v * scale for v in values])
    text = f"{m:.{digits}g}{unit}"
    return text if len(values) < 2 else f"{text} +- {sd:.2g}{unit}"


def _values(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _show(m, sd, digits, pct):
    if pct:
        return f"{m * 100:.{digits}g}%" + (f" +- {sd * 100:.2g}%" if sd else "")
    return f"{m:.{digits}g}" + (f" +- {sd:.2g}" if sd else "")


def compare(
    ours,
    other,
    what,
    lower_is_better=True,
    digits=4,
    against="the target",
    pct=False,
    one_run=False,
):
    """``ours``: per-seed values (or one number); ``other``: a published figure or the per-seed
    values of a rival from the same run. Met on the mean; level where the spreads cover the gap.
    ``one_run``: the published figure is a single run of the same recipe, so it carries the
    same run-to-run noise as one of ours: our seed sd stands for its spread too."""
    (m, sd), (o, osd) = mean_sd(_values(ours)), mean_sd(_values(other))
    osd = sd if one_run else osd
    better = m <= o if lower_is_better else m >= o
    if m != o and abs(m - o) <= sd + osd:
        met, rel = "level", "level with"
    elif better:
        met, rel = "yes", "at or below" if lower_is_better else "at or above"
    else:
        met, rel = "no", "above" if lower_is_better else "below"
    n = len(_values(ours))
    seeds = f" over {n} seeds" if n > 1 else ""
    ours_text, theirs = _show(m, sd, digits, pct), _show(o, 0 if one_run else osd, digits, pct)
    single = " (a single published run: our seed sd taken as its spread)" if one_run else ""
    return Verdict(met, f"{what} {ours_text}{seeds} is {rel} {against} {theirs}{single}")


def all_of(*verdicts):
    """ "no" if any part is no, else "level" if any part is level, else "yes"; reasons joined."""
    mets = {v.met for v in verdicts}
    met = "no" if "no" in mets else "level" if "level" in mets else "yes"
    return Verdict(met, "; ".join(v.why for v in verdicts))


def kl_sparse(rho_min, rho_max, rho, tolerance=0.2):
    """Mean activation of every unit: met when, on every seed, the smallest and the largest
    rho_hat_j lie within ``tolerance`` (relative) of rho."""
    worst = max(max(abs(a - rho), abs(b - rho)) for a, b in zip(rho_min, rho_max))
    ok = round(worst, 12) <= round(tolerance * rho, 12)  # so that 0.1 * 0.8 counts as 0.08
    why = (
        f"rho_hat_j spans {min(rho_min):.4f}..{max(rho_max):.4f} over {len(rho_min)} seeds; "
        f"the band is {rho * (1 - tolerance):.4f}..{rho * (1 + tolerance):.4f}"
    )
    return Verdict("yes" if ok else "no", why + ("" if ok else ": some units lie outside it"))


def anomaly(ours, base, name="PCA-49", min_digits=6):
    """``ours``: per digit, the AE's per-seed AUCs; ``base``: per digit, the baseline's AUC.
    A digit is a win (loss) only when the AE's mean AUC is above (below) the baseline's by more
    than the AE's seed sd. Met with at least ``min_digits`` wins; level when wins and digits
    within the spread together reach ``min_digits``."""
    wins = losses = 0
    for aucs, b in zip(ours, base):
        m, sd = mean_sd(aucs)
        wins += m - b > sd
        losses += b - m > sd
    ties = len(base) - wins - losses
    met = "yes" if wins >= min_digits else "level" if wins + ties >= min_digits else "no"
    why = (
        f"the AE beats {name} beyond the seed spread on {wins} of {len(base)} digits, loses on "
        f"{losses}, is within the spread on {ties} (needed: {min_digits} wins)"
    )
    return Verdict(met, why)


def speed_factory(ratios, target=1.05):
    """Epoch-time ratio factory / plain Keras (min over interleaved repeats) for every model:
    met when every ratio <= target."""
    slow = {k: r for k, r in ratios.items() if r > target}
    why = f"every ratio <= {target}" if not slow else f"above {target}: "
    return Verdict(
        "no" if slow else "yes", why + ", ".join(f"{k} {r:.3f}" for k, r in slow.items())
    )


def speed_scaling(r2, drift, min_r2=0.99, drift_range=(0.8, 1.25)):
    """Epoch time linear in the number of samples: R^2 >= min_r2 and the time per sample at the
    largest size within drift_range of the next size's."""
    ok = r2 >= min_r2 and drift_range[0] <= drift <= drift_range[1]
    why = f"R^2 {r2:.4f} (needed >= {min_r2}), per-sample time ratio {drift:.2f} "
    return Verdict("yes" if ok else "no", why + f"(needed {drift_range[0]}..{drift_range[1]})")


def xla_effect(ratio, helps=0.9, hurts=1.1):
    """'helps', 'hurts' or 'no clear effect' for an epoch-time ratio XLA / no XLA."""
    return "helps" if ratio <= helps else "hurts" if ratio >= hurts else "no clear effect"


def notebooks(times, limits):
    """``times``: (notebook, mode) -> (status, seconds); met when every one ran ("ok") within
    ``limits[mode]`` seconds."""
    if not times:
        return Verdict("no", "no notebook timed")
    over = [
        f"{nb} {mode} {secs:.0f} s {status}"
        for (nb, mode), (status, secs) in times.items()
        if status != "ok" or secs > limits[mode]
    ]
    return Verdict("no" if over else "yes", "over: " + "; ".join(over) if over else "within limits")


HIGHER = True  # a target's third entry: higher is better
# published figures that are one run of the recipe the row repeats (Habr's log of one training,
# keras.io's log of one training)
ONE_RUN = {
    "course 784-49-784, Adam | test BCE",
    "70000 images (keras.io protocol) | last-epoch loss",
}

# The judged keys of the quality rows: name -> [(key, target, higher?)], the target a published
# figure or the key of a rival measured in the same run. Every other key is context.
TARGETS = {
    "dense_ae": [
        ("course 784-49-784, Adam | test BCE", 0.0777),
        ("blog 784-32-784, Adadelta | test BCE", 0.11),
    ],
    "deep_ae": [("chosen | test", 3.00)],
    "conv_ae": [("create_conv_ae | test BCE", "blog conv AE | test BCE")],
    "denoising": [
        ("create_conv_ae maps on pairs | PSNR dB", "blog conv denoiser | PSNR dB", HIGHER)
    ],
    "k_sparse": [("tied, as the paper | LR test error %", 0.02)],
    "stacked": [("after fine-tuning | test accuracy %", 0.976, HIGHER)],
    "few_labels": [
        ("judged: codes + SVM | test accuracy %", 0.85, HIGHER),
        ("judged: label spreading, unseen test images | test accuracy %", 0.90, HIGHER),
    ],
    "contractive": [
        (f"{k} | test error %", t)
        for k, t in (
            ("CAE", 0.0114),
            ("CAE (paper's recipe)", 0.0114),
            ("DAE-g", 0.0118),
            ("AE+wd", 0.0168),
            ("AE", 0.0178),
        )
    ],
    "vae": [("70000 images (keras.io protocol) | last-epoch loss", 146.95)],
}


def _targets(name, v):
    parts = []
    for key, other, *higher in TARGETS[name]:
        if key in ADDED and key not in v:
            continue
        rival = isinstance(other, str)
        parts.append(
            compare(
                v[key],
                v[other] if rival else other,
                key.replace(" |", ":").removesuffix(" %"),
                lower_is_better=not higher,
                digits=3 if key.endswith("%") else 5 if not rival and other >= 100 else 4,
                against=f"{other.split(' |')[0]}'s" if rival else "the target",
                pct=key.endswith("%"),
                one_run=key in ONE_RUN,
            )
        )
    return all_of(*parts)


def _linear_pca(v):
    keys = [k for k in v if k.endswith("| AE / PCA")]
    return all_of(*(compare(v[k], 1.005, k.replace(" |", ":"), digits=5) for k in keys))


JUDGES = {name: (lambda v, name=name: _targets(name, v)) for name in TARGETS}
JUDGES.update(
    linear_pca=_linear_pca,
    kl_sparse=lambda v: kl_sparse(v["rho_hat_j | min"], v["rho_hat_j | max"], rho=0.1),
    anomaly=lambda v: anomaly(
        [v[k] for k in v if k.endswith("| AE")],
        [v[k.replace("| AE", "| PCA-49")][0] for k in v if k.endswith("| AE")],
        min_digits=6 if len([k for k in v if k.endswith("| AE")]) == 10 else 1,
    ),
)


NOTEBOOK_LIMITS = {"quick": 120.0, "full": 180.0}  # seconds per notebook; full: a class step


def _notebooks(v):
    times = {}
    for key, vals in v.items():
        nb, _, what = key.rpartition(" | ")
        if what in ("quick s", "full s") and not isinstance(vals[0], str):
            mode = what.split()[0]
            times[(nb, mode)] = (v.get(f"{nb} | {mode} status", ["ok"])[0], vals[0])
    if not times:
        return Verdict("no data", "no runner output was read (--notebooks or --notebook-timings)")
    verdict = notebooks(times, NOTEBOOK_LIMITS)
    missing = sum(isinstance(x[0], str) for k, x in v.items() if k.endswith(" s"))
    if missing and verdict.met == "yes":
        return Verdict("no data", f"{verdict.why}; {missing} not timed")
    return verdict


def _by_model(v, suffix):
    return {k.split(" |")[0]: x[0] for k, x in v.items() if k.endswith(suffix)}


def _speed_factory(v):
    verdict = speed_factory(_by_model(v, "| ratio of fastest epochs"))
    differ = [k for k, same in _by_model(v, "| same parameters").items() if not same]
    if differ:
        return Verdict("no", f"{verdict.why}; parameter counts differ: {', '.join(differ)}")
    return verdict


JUDGES.update(
    {
        "speed_factory": _speed_factory,
        "speed_scaling": lambda v: all_of(
            *(
                speed_scaling(r2, _by_model(v, "| per-sample time, last / previous size")[m])
                for m, r2 in _by_model(v, "| R^2").items()
            )
        ),
        "speed_xla": lambda v: Verdict(
            "n/a",
            "advice, not a target: "
            + ", ".join(
                f"{m} {xla_effect(r)}" for m, r in _by_model(v, "| ratio of fastest epochs").items()
            ),
        ),
        "speed_notebooks": _notebooks,
    }
)


# judged keys renamed since: new -> old. A row stored before the rename (e.g. the one a rerun
# replaces, whose verdict its history keeps) is judged on its value under the old key.
RENAMED = {"tied, as the paper | LR test error %": "k-sparse codes | LR test error %"}
# judged keys added since: a row stored before (a rerun's history) is judged on the others
ADDED = {"CAE (paper's recipe) | test error %"}


def judge(name, v):
    """The verdict of quality row ``name`` from its per-seed values ``v``."""
    v = {**{new: v[old] for new, old in RENAMED.items() if old in v}, **v}
    try:
        return JUDGES[name](v)
    except KeyError as err:
        return Verdict("no data", f"missing {err}")
