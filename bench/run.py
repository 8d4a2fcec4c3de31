"""Run the aekeras benchmarks and write BENCHMARKS.md.

    python bench/run.py                      # full mode -> BENCHMARKS.md (the committed table)
    python bench/run.py --quick              # every code path, tiny -> build/BENCHMARKS.quick.md
    python bench/run.py --only vae,stacked   # re-run these rows, merge them into --out
    python bench/run.py --only speed_notebooks --notebooks   # run the course, record its times
    python bench/run.py --list               # benchmark names

Every row prints the aekeras figure, the published anchor and its source, whether the target
is met, and the budget spent (epochs, samples, seconds). The full mode is sized for about 45
minutes on 2 uncontended CPU cores.
"""

import argparse
import os
import shlex
import sys
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bench import notebooks, quality, report, speed  # noqa: E402
from bench.common import Result, Settings  # noqa: E402

BENCHMARKS = {**quality.BENCHMARKS, **speed.BENCHMARKS, "speed_notebooks": None}
DEFAULT_OUT = {"full": ROOT / "BENCHMARKS.md", "quick": ROOT / "build" / "BENCHMARKS.quick.md"}


def parse_args(argv):
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny subsets and epochs (CI)")
    parser.add_argument("--only", help="comma-separated benchmark names; merged into --out")
    parser.add_argument("--out", type=Path, help="markdown file to write (default by mode)")
    parser.add_argument("--seed", type=int, default=0, help="seed of data subsets and weights")
    parser.add_argument(
        "--notebooks", action="store_true", help="run tools/run_course.py (quick and full) first"
    )
    parser.add_argument(
        "--notebook-timings",
        nargs="+",
        type=Path,
        help="runner timings.json files or folders to read (default: build/*/timings.json)",
    )
    parser.add_argument("--list", action="store_true", help="print the benchmark names and exit")
    args = parser.parse_args(argv)
    args.names = list(BENCHMARKS)
    if args.only:
        args.names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in args.names if n not in BENCHMARKS]
        if unknown:
            parser.error(f"--only: unknown {unknown}; choose from {', '.join(BENCHMARKS)}")
    return args


def quiet():
    """Silence library chatter that would bury the progress lines."""
    import absl.logging
    import tensorflow as tf
    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    tf.get_logger().setLevel("ERROR")
    # One BLAS thread for numpy/scipy/scikit-learn (TensorFlow keeps its own pool): on a shared
    # 2-core CPU, OpenBLAS threads busy-wait and made L-BFGS in LogisticRegression ~40x slower.
    threadpool_limits(1, user_api="blas")
    absl.logging.set_verbosity(absl.logging.ERROR)
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="keras")


def run_one(name, settings, args):
    """Run benchmark `name`; a crash becomes a 'no data' row naming the error."""
    try:
        if name == "speed_notebooks":
            return notebooks.speed_notebooks(settings, args.notebook_timings, args.notebooks)
        return BENCHMARKS[name](settings)
    except Exception as err:  # noqa: BLE001 - report and go on with the other rows
        traceback.print_exc()
        from bench.anchors import ANCHORS

        a = ANCHORS[name]
        return Result(
            name,
            a.group,
            a.title,
            f"FAILED: {type(err).__name__}",
            a.figure,
            a.source,
            "no data",
            f"crashed: {err}"[:300],
            "-",
        )


def main(argv=None):
    """Run the selected benchmarks, merge with --out when --only is given, write markdown."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.list:
        print("\n".join(BENCHMARKS))
        return 0
    settings = Settings(quick=args.quick, seed=args.seed)
    out = args.out or DEFAULT_OUT[settings.mode]
    old_meta, old_results = report.load(out) if args.only else (None, [])
    if old_meta and old_meta["mode"] != settings.mode:
        print(
            f"{out} holds a {old_meta['mode']}-mode run; refusing to merge {settings.mode}-mode "
            "rows into it (pass another --out)",
            file=sys.stderr,
        )
        return 2
    quiet()
    command = shlex.join(["python", "bench/run.py", *argv])
    meta = {
        "command": command,
        "date": report.now(),
        "mode": settings.mode,
        "machine": report.machine_info(),
        "load_start": report.load_average(),
    }
    print(f"{command}\n{meta['mode']} mode, {len(args.names)} benchmarks -> {out}", flush=True)
    start, results, failed = time.perf_counter(), [], []
    for i, name in enumerate(args.names, 1):
        print(f"[{i}/{len(args.names)}] {name} ...", flush=True)
        t0, c0 = time.perf_counter(), time.process_time()
        result = run_one(name, settings, args)
        result.seconds = time.perf_counter() - t0
        result.run = {
            "command": command,
            "date": report.now(),
            "mode": settings.mode,
            "cpu_s": round(time.process_time() - c0, 1),
        }
        if result.figure.startswith("FAILED"):
            failed.append(name)
        results.append(result)
        print(
            f"    {result.seconds:.0f} s | {result.figure} | met: {result.met} | {result.budget}",
            flush=True,
        )
    meta["load_end"] = report.load_average()
    meta["seconds"] = time.perf_counter() - start
    meta["cpu_seconds"] = sum(r.run["cpu_s"] for r in results)
    if old_results:
        update = {
            "command": command,
            "date": meta["date"],
            "names": args.names,
            "load": [meta["load_start"], meta["load_end"]],
        }
        meta = {**old_meta, "updates": old_meta.get("updates", []) + [update]}
        results = report.merge(old_results, results)
        meta["seconds"] = sum(r.seconds for r in results)
        meta["cpu_seconds"] = sum(r.run.get("cpu_s", 0) for r in results)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(results, meta), encoding="utf-8")
    print(f"wrote {out} ({meta['seconds'] / 60:.1f} min)", flush=True)
    if failed:
        print(f"FAILED: {', '.join(failed)}; re-run them with --only", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
