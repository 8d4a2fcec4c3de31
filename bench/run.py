"""Run the aekeras benchmarks; record them in bench/results.json and write BENCHMARKS.md from it.

    python bench/run.py                      # every row, default mode; results.json, BENCHMARKS.md
    python bench/run.py --long               # the rows that have a long recipe (about 1 h each)
    python bench/run.py --only vae,stacked   # re-run these rows; merged into results.json
    python bench/run.py --only speed_notebooks --notebooks   # run the course, record its times
    python bench/run.py --quick              # every code path, tiny -> build/ (the tests)
    python bench/run.py --render             # rewrite BENCHMARKS.md from results.json, no runs
    python bench/run.py --list               # benchmark names (and which have a long recipe)

Every row prints the aekeras figure, the published anchor and its source, whether the target
is met (bench/verdicts.py) and the budget spent (epochs, samples, seconds). The default mode is
sized for about 45 minutes on 2 uncontended CPU cores. The notebook row is measured only when
asked (--notebooks runs the course; --notebook-timings reads a runner's timings.json); otherwise
its last recorded value is kept, with the run that measured it.
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

from bench import advice, notebooks, quality, report, speed  # noqa: E402
from bench.common import Result, Settings  # noqa: E402

BENCHMARKS = {**quality.BENCHMARKS, **speed.BENCHMARKS, "speed_notebooks": None}
LONG = quality.LONG
DEFAULT_RESULTS = {
    "full": ROOT / "bench" / "results.json",
    "quick": ROOT / "build" / "results.quick.json",
}
DEFAULT_OUT = {"full": ROOT / "BENCHMARKS.md", "quick": ROOT / "build" / "BENCHMARKS.quick.md"}


def parse_args(argv):
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny subsets and epochs (tests)")
    parser.add_argument("--long", action="store_true", help="the long recipes (see --list)")
    parser.add_argument("--only", help="comma-separated benchmark names; merged into --results")
    parser.add_argument("--results", type=Path, help="results JSON (default by mode)")
    parser.add_argument("--out", type=Path, help="markdown file to write (default by mode)")
    parser.add_argument("--seed", type=int, default=0, help="seed of data subsets and weights")
    parser.add_argument("--render", action="store_true", help="only rewrite --out from --results")
    parser.add_argument(
        "--notebooks", action="store_true", help="run tools/run_course.py (quick and full) first"
    )
    parser.add_argument(
        "--notebook-timings",
        nargs="+",
        type=Path,
        help="runner timings.json files or folders to read for the notebook row",
    )
    parser.add_argument("--list", action="store_true", help="print the benchmark names and exit")
    args = parser.parse_args(argv)
    pool = list(LONG) if args.long else list(BENCHMARKS)
    args.names = pool
    if args.only:
        args.names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in args.names if n not in pool]
        if unknown:
            what = "with a long recipe" if args.long else ""
            parser.error(f"--only: unknown {what} {unknown}; choose from {', '.join(pool)}")
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
    """Run benchmark `name`; None when it is not measured in this run (the notebook row without
    --notebooks or --notebook-timings); a crash becomes a 'no data' row naming the error."""
    try:
        if name == "speed_notebooks":
            if not (args.notebooks or args.notebook_timings):
                return None
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


def write(store, out):
    """Render the store to ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(store, advice.advice(store)), encoding="utf-8")


def main(argv=None):
    """Run the selected benchmarks, record them in the results store, render the markdown."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.list:
        for name in BENCHMARKS:
            print(name + ("  (--long)" if name in LONG else ""))
        return 0
    settings = Settings(quick=args.quick, seed=args.seed, long=args.long)
    kind = "quick" if args.quick else "full"
    results_path = args.results or DEFAULT_RESULTS[kind]
    out = args.out or DEFAULT_OUT[kind]
    store = report.load_store(results_path, kind)
    if store["kind"] != kind:
        print(
            f"{results_path} holds {store['kind']}-mode results; refusing to mix {kind}-mode "
            "rows into it (pass another --results)",
            file=sys.stderr,
        )
        return 2
    if args.render:
        write(store, out)
        print(f"wrote {out} from {results_path}")
        return 0
    quiet()
    command = shlex.join(["python", "bench/run.py", *argv])
    run = {
        "command": command,
        "date": report.now(),
        "mode": "long" if args.long else "full",
        "quick": bool(args.quick),
        "only": bool(args.only),
        "machine": report.machine_info(),
    }
    load_start = report.load_average()
    print(f"{command}\n{settings.mode} mode, {len(args.names)} benchmarks -> {out}", flush=True)
    start, cpu_start, results, failed = time.perf_counter(), time.process_time(), [], []
    for i, name in enumerate(args.names, 1):
        print(f"[{i}/{len(args.names)}] {name} ...", flush=True)
        t0, c0 = time.perf_counter(), time.process_time()
        result = run_one(name, settings, args)
        if result is None:
            print("    not measured in this run (kept from results.json, if there)", flush=True)
            continue
        result.seconds = time.perf_counter() - t0
        result.cpu_seconds = round(time.process_time() - c0, 1)
        if result.figure.startswith("FAILED"):
            failed.append(name)
        results.append(result)
        print(
            f"    {result.seconds:.0f} s | {result.figure} | met: {result.met} | {result.budget}",
            flush=True,
        )
    run.update(
        load=[load_start, report.load_average()],
        seconds=round(time.perf_counter() - start, 1),
        cpu_seconds=round(time.process_time() - cpu_start, 1),
        names=[r.name for r in results],
    )
    if results:
        report.add_run(store, run, results, only=bool(args.only))
        report.save_store(store, results_path)
    write(store, out)
    print(f"wrote {results_path} and {out} ({run['seconds'] / 60:.1f} min)", flush=True)
    if failed:
        print(f"FAILED: {', '.join(failed)}; re-run them with --only", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
