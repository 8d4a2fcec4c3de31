"""The "met" column: small pure functions that compare measured figures with their targets.

Every function takes plain numbers (no models, no data) and returns a ``Verdict``: ``met`` is
"yes" or "no" and ``why`` says in words what was compared. The comparisons are strict: a target
of "<= anchor" is met by a figure at or below the anchor and by nothing else; no tolerance is
added, and a figure that only beats a baseline on average while losing most single cases does
not count as beating it. tests/test_verdicts.py flips each comparison with a figure just above
and just below its target.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Verdict:
    """``met``: "yes" or "no"; ``why``: the comparison in words, with the numbers."""

    met: str
    why: str


def _yes(ok):
    return "yes" if ok else "no"


def at_most(value, target, what="figure", digits=4):
    """Met when value <= target (lower is better)."""
    ok = value <= target
    rel = "at or below" if ok else "above"
    return Verdict(_yes(ok), f"{what} {value:.{digits}g} is {rel} the target {target:.{digits}g}")


def at_least(value, target, what="figure", digits=4):
    """Met when value >= target (higher is better)."""
    ok = value >= target
    rel = "at or above" if ok else "below"
    return Verdict(_yes(ok), f"{what} {value:.{digits}g} is {rel} the target {target:.{digits}g}")


def all_of(*verdicts):
    """Met when every verdict is met; the reasons are joined."""
    ok = all(v.met == "yes" for v in verdicts)
    return Verdict(_yes(ok), "; ".join(v.why for v in verdicts))


def linear_pca(ratios, target=1.005):
    """The linear AE's test MSE over PCA's, for every k: met when the worst ratio <= target."""
    worst = max(ratios.values())
    k = max(ratios, key=ratios.get)
    return at_most(worst, target, f"worst ratio (k={k})", digits=5)


def dense_ae(bces):
    """``bces``: label -> (test BCE, anchor BCE); met when every BCE <= its anchor."""
    return all_of(*(at_most(b, a, f"{label} BCE") for label, (b, a) in bces.items()))


def conv_ae(bce, anchor=0.094):
    """Test BCE of create_conv_ae() against the Keras blog's conv AE: met when bce <= anchor."""
    return at_most(bce, anchor, "test BCE")


def deep_ae(error, target=3.00):
    """Squared error per test image: met when error <= target (Hinton & Salakhutdinov's 3.00)."""
    return at_most(error, target, "squared error per test image", digits=3)


def denoising(ours_db, blog_db):
    """PSNR of the aekeras DAE against the Keras blog's conv denoiser, both measured in the run.

    The blog's denoiser is the only published comparator: met when ours >= the blog's.
    """
    ok = ours_db >= blog_db
    rel = "at or above" if ok else "below"
    why = f"aekeras DAE {ours_db:.2f} dB is {rel} the Keras-blog conv denoiser's {blog_db:.2f} dB"
    return Verdict(_yes(ok), why)


def kl_sparse(rho_hat, rho, tolerance=0.2):
    """Mean activation of every unit: met when min_j and max_j of rho_hat_j lie within
    ``tolerance`` (relative) of rho. The mean over units alone hides units far off the target."""
    lo, hi = rho * (1 - tolerance), rho * (1 + tolerance)
    low, high = min(rho_hat), max(rho_hat)
    # compared as deviations rounded to 12 places, so that 0.05 * 0.8 counts as 0.04
    worst = max(abs(low - rho), abs(high - rho))
    ok = round(worst, 12) <= round(tolerance * rho, 12)
    why = (
        f"rho_hat_j spans {low:.4f}..{high:.4f}; the target band is {lo:.4f}..{hi:.4f} "
        f"(rho {rho} +- {tolerance:.0%})"
    )
    return Verdict(_yes(ok), why + ("" if ok else ": some units lie outside it"))


def k_sparse(error, alive, target_error=0.02, min_alive=0.5):
    """Logistic-regression error on the codes <= target_error, and more than ``min_alive`` of
    the units fire on some test image (most units in use)."""
    err = at_most(error, target_error, "logistic-regression error", digits=3)
    share = Verdict(
        _yes(alive > min_alive),
        f"{alive:.0%} of the units fire on some test image "
        + ("(most units in use)" if alive > min_alive else f"(not more than {min_alive:.0%})"),
    )
    return all_of(err, share)


def stacked(before, after, target_before=0.877, target_after=0.976):
    """Test accuracy of the stacked 200-200 net: before >= 87.7% and after >= 97.6% (UFLDL)."""
    return all_of(
        at_least(before, target_before, "accuracy before fine-tuning", digits=4),
        at_least(after, target_after, "accuracy after fine-tuning", digits=4),
    )


def few_labels(pretrained, scratch, min_gain=0.01):
    """Paired per-seed accuracies of ONE pre-declared pretrained variant and the same net from
    scratch: met when the pretrained net wins on every seed and by ``min_gain`` on average."""
    gains = [p - s for p, s in zip(pretrained, scratch)]
    mean = sum(gains) / len(gains)
    wins = sum(g > 0 for g in gains)
    ok = wins == len(gains) and mean >= min_gain
    why = (
        f"pretrained minus scratch: {mean * 100:+.1f} points on average, ahead on {wins} of "
        f"{len(gains)} seeds (needed: every seed and at least {min_gain * 100:+.1f} points)"
    )
    return Verdict(_yes(ok), why)


def few_labels_targets(inductive, semi, baselines, inductive_target=0.85, semi_target=0.90):
    """Per-draw accuracies with 100 labels of two recipes declared before the run: the inductive
    one (frozen encoder + a simple classifier on the 100 labelled codes) and the semi-supervised
    one (also uses the unlabelled training codes). Met when the inductive mean is at or above
    ``inductive_target``, the semi-supervised mean at or above ``semi_target``, and each beats
    every baseline (dict name -> per-draw accuracies) on every draw."""
    parts = [
        at_least(_mean(inductive), inductive_target, "inductive recipe, mean accuracy"),
        at_least(_mean(semi), semi_target, "semi-supervised recipe, mean accuracy"),
    ]
    for recipe, accs in (("inductive", inductive), ("semi-supervised", semi)):
        for name, base in baselines.items():
            wins = sum(a > b for a, b in zip(accs, base))
            parts.append(
                Verdict(
                    _yes(wins == len(base)),
                    f"{recipe} beats {name} on {wins} of {len(base)} label draws",
                )
            )
    return all_of(*parts)


def _mean(values):
    return sum(values) / len(values)


def contractive(errors, target=0.015, judged=("CAE", "DAE")):
    """Fine-tuned test errors: met when each model in ``judged`` is at or below ``target``."""
    return all_of(*(at_most(errors[k], target, f"{k} test error", digits=3) for k in judged))


def order_of(values, lower_is_better=True):
    """Labels sorted best first, written 'A < B < C' (ties as '='), e.g. for error rates."""
    items = sorted(values.items(), key=lambda kv: kv[1], reverse=not lower_is_better)
    text = items[0][0]
    for (_, prev), (label, value) in zip(items, items[1:]):
        text += (" = " if value == prev else (" < " if lower_is_better else " > ")) + label
    return text


def anomaly(ours, baselines, min_digits=6):
    """One-class anomaly detection, ROC AUC per normal digit and seed.

    ``ours``: seed -> list of per-digit AUCs of the autoencoder; ``baselines``: name -> list of
    per-digit AUCs (deterministic or fixed). The AE "ranks anomalies better" than a baseline when
    its seed-averaged mean AUC is higher in every seed AND it wins on at least ``min_digits``
    digits (seed-averaged per-digit AUC). Met when that holds for every baseline.
    """
    seeds = list(ours)
    n = len(ours[seeds[0]])
    per_digit = [sum(ours[s][d] for s in seeds) / len(seeds) for d in range(n)]
    means = {s: sum(v) / n for s, v in ours.items()}
    parts, ok = [], True
    for name, auc in baselines.items():
        base = sum(auc) / n
        wins = sum(a > b for a, b in zip(per_digit, auc))
        every_seed = all(m > base for m in means.values())
        better = every_seed and wins >= min_digits
        ok &= better
        parts.append(
            f"vs {name}: mean AUC {min(means.values()):.3f}..{max(means.values()):.3f} over "
            f"{len(seeds)} seeds vs {base:.3f}, wins on {wins} of {n} digits"
            + (" (better)" if better else " (not better)")
        )
    return Verdict(_yes(ok), "; ".join(parts))


def vae(total, target=147.0):
    """Reconstruction + KL per image, measured as keras.io does: met when total <= target."""
    return at_most(total, target, "reconstruction + KL per image", digits=4)


def speed_factory(ratios, target=1.05):
    """Median epoch-time ratio factory / plain Keras: met when every ratio <= target."""
    slow = {k: v for k, v in ratios.items() if v > target}
    why = f"every ratio <= {target}" if not slow else "above " + str(target) + ": "
    why += ", ".join(f"{k} {v:.3f}" for k, v in slow.items())
    return Verdict(_yes(not slow), why)


def speed_scaling(r2, drift, min_r2=0.99, drift_range=(0.8, 1.25)):
    """Epoch time linear in the number of samples: R^2 >= min_r2 and the time per sample at the
    largest size within drift_range of the next size's."""
    ok = r2 >= min_r2 and drift_range[0] <= drift <= drift_range[1]
    why = f"R^2 {r2:.4f} (needed >= {min_r2}), per-sample time ratio {drift:.2f} "
    why += f"(needed {drift_range[0]}..{drift_range[1]})"
    return Verdict(_yes(ok), why)


def xla_effect(ratio, helps=0.9, hurts=1.1):
    """'helps', 'hurts' or 'no clear effect' for an epoch-time ratio XLA / no XLA."""
    if ratio <= helps:
        return "helps"
    if ratio >= hurts:
        return "hurts"
    return "no clear effect"


def notebooks(times, limits):
    """``times``: (notebook, mode) -> (status, seconds); met when every one ran ("ok") within
    ``limits[mode]`` seconds."""
    over = [
        f"{nb} {mode} {secs:.0f} s {status}"
        for (nb, mode), (status, secs) in times.items()
        if status != "ok" or secs > limits[mode]
    ]
    if not times:
        return Verdict("no", "no notebook timed")
    return Verdict(_yes(not over), "within the limits" if not over else "over: " + "; ".join(over))
