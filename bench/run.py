"""Run the aekeras benchmarks; record them in bench/results.json and write BENCHMARKS.md from it.

    python bench/run.py                      # every row, default mode, 3 seeds per quality row
    python bench/run.py --only vae,stacked   # re-run these rows; merged into results.json
    python bench/run.py --long               # the long recipes (sized for one GPU run, JAX)
    python bench/run.py --long --results r.json --out r.md   # ... into files of their own
    python bench/run.py --merge r.json       # add another run's rows (e.g. a GPU run's)
    python bench/run.py --only speed_notebooks --notebooks   # run the course, record its times
    python bench/run.py --quick              # every code path, tiny -> build/ (the tests)
    python bench/run.py --render             # rewrite BENCHMARKS.md from results.json, no runs
    python bench/run.py --list               # benchmark names (and which have a long recipe)

Runs on the TensorFlow and the JAX backend (KERAS_BACKEND). The results file and the markdown
are rewritten after every row, so a stopped run keeps what it measured. The notebook row is
measured only when asked (--notebooks runs the course; --notebook-timings reads a runner's
timings.json); otherwise its last recorded value is kept.
"""

import argparse
import copy
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

from bench import advice, common, notebooks, report, speed  # noqa: E402
from bench.rows import LONG, ROWS  # noqa: E402

BENCHMARKS = [*ROWS, *speed.ROWS, "speed_notebooks"]
ONCE = {*speed.ROWS, "speed_notebooks"}  # timings and readers: one run, not one per seed
DEFAULT_RESULTS = {
    "full": ROOT / "bench" / "results.json",
    "quick": ROOT / "build" / "results.quick.json",
}
DEFAULT_OUT = {"full": ROOT / "BENCHMARKS.md", "quick": ROOT / "build" / "BENCHMARKS.quick.md"}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny subsets and epochs (tests)")
    parser.add_argument("--long", action="store_true", help="the long recipes (see --list)")
    parser.add_argument("--only", help="comma-separated benchmark names; merged into --results")
    parser.add_argument("--seeds", help="comma-separated seeds (default: 0 quick, else 0,1,2)")
    parser.add_argument("--results", type=Path, help="results JSON (default by mode)")
    parser.add_argument("--out", type=Path, help="markdown file to write (default by mode)")
    parser.add_argument("--render", action="store_true", help="only rewrite --out from --results")
    parser.add_argument("--merge", type=Path, nargs="+", help="add the rows of these results files")
    parser.add_argument("--notebooks", action="store_true", help="run tools/run_course.py first")
    parser.add_argument(
        "--notebook-timings", nargs="+", type=Path, help="runner timings.json files"
    )
    parser.add_argument("--list", action="store_true", help="print the benchmark names and exit")
    args = parser.parse_args(argv)
    pool = list(LONG) if args.long else BENCHMARKS
    args.names = pool
    if args.only:
        args.names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in args.names if n not in pool]
        if unknown:
            what = "with a long recipe " if args.long else ""
            parser.error(f"--only: unknown {what}{unknown}; choose from {', '.join(pool)}")
    args.seeds = tuple(int(x) for x in args.seeds.split(",")) if args.seeds else None
    return args


def quiet():
    """Silence library chatter that would bury the progress lines; on a small shared CPU, one
    BLAS thread for numpy/scikit-learn (busy-waiting OpenBLAS threads made L-BFGS ~40x slower)."""
    import keras
    from threadpoolctl import threadpool_limits

    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
    if (os.cpu_count() or 1) <= 4:
        threadpool_limits(1, user_api="blas")
    warnings.filterwarnings("ignore", category=UserWarning, module="keras")


def run_one(name, s, args):
    """Run benchmark ``name`` over the seeds; a row dict, or None when the notebook row is not
    measured in this run. A crash becomes a row naming the error."""
    row = {"name": name, "seeds": [], "runs": [], "sizes": {}}
    try:
        if name == "speed_notebooks":
            if not (args.notebooks or args.notebook_timings):
                return None
            row["runs"] = [notebooks.speed_notebooks(args.notebook_timings, args.notebooks)]
            return row
        measure = ROWS.get(name) or speed.ROWS[name]
        for seed in s.seeds[:1] if name in ONCE else s.seeds:
            t0 = time.perf_counter()
            row["runs"].append(measure(s, seed))
            row["seeds"].append(seed)
            row["sizes"] = s.sizes
            print(f"    seed {seed}: {time.perf_counter() - t0:.0f} s", flush=True)
    except Exception as err:  # noqa: BLE001 - report and go on with the other rows
        traceback.print_exc()
        row["error"] = f"{type(err).__name__}: {err}"[:300]
    return row


def write(store, out):
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(store, advice.advice(store)), encoding="utf-8")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.list:
        print("\n".join(n + ("  (--long)" if n in LONG else "") for n in BENCHMARKS))
        return 0
    kind = "quick" if args.quick else "full"
    results_path, out = args.results or DEFAULT_RESULTS[kind], args.out or DEFAULT_OUT[kind]
    store = report.load_store(results_path, kind)
    if store["kind"] != kind:
        print(
            f"{results_path} holds {store['kind']}-mode results; refusing to mix {kind}-mode rows "
            "into it (pass another --results)",
            file=sys.stderr,
        )
        return 2
    if args.render or args.merge:
        for path in args.merge or ():
            report.merge(store, report.load_store(path, kind))
        if args.merge:
            report.save_store(store, results_path)
        write(store, out)
        print(f"wrote {out} from {results_path}")
        return 0
    quiet()
    mode = "quick" if args.quick else "long" if args.long else "full"
    s = common.Settings(mode, args.seeds, long=args.long)
    if report.accelerators():  # many small steps per call: the GPU is not starved by Python
        common.STEPS_PER_EXECUTION = 32
    command = shlex.join(["python", "bench/run.py", *map(str, argv)])
    run = {
        "command": command,
        "date": report.now(),
        "mode": "long" if args.long else "full",
        "quick": args.quick,
        "only": bool(args.only),
        "machine": report.machine_info(),
        "load": [report.load_average(), None],
    }
    print(
        f"{command}\n{mode} mode, seeds {s.seeds}, {len(args.names)} benchmarks -> {out}",
        flush=True,
    )
    start, cpu_start, rows, failed, base = time.perf_counter(), time.process_time(), {}, [], store
    for i, name in enumerate(args.names, 1):
        print(f"[{i}/{len(args.names)}] {name} ...", flush=True)
        t0, c0 = time.perf_counter(), time.process_time()
        row = run_one(name, s, args)
        if row is None:
            print("    not measured in this run (kept from the results file, if there)", flush=True)
            continue
        row.update(
            seconds=round(time.perf_counter() - t0, 1),
            cpu_seconds=round(time.process_time() - c0, 1),
        )
        rows[name] = row
        failed += [name] if row.get("error") else []
        print(
            f"    {row['seconds']:.0f} s | {report.figure(row)} | met: {report.verdict(row).met}",
            flush=True,
        )
        run.update(
            load=[run["load"][0], report.load_average()],
            seconds=round(time.perf_counter() - start, 1),
            cpu_seconds=round(time.process_time() - cpu_start, 1),
            names=list(rows),
        )
        store = copy.deepcopy(base)
        report.add_run(store, run, rows, only=bool(args.only))
        report.save_store(store, results_path)
        write(store, out)
    if not rows:
        write(store, out)
    print(
        f"wrote {results_path} and {out} ({(time.perf_counter() - start) / 60:.1f} min)", flush=True
    )
    if failed:
        print(f"FAILED: {', '.join(failed)}; re-run them with --only", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
