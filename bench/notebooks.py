"""Per-notebook run times, quick and full, from the course runner (tools/run_course.py).

The runner writes ``<out>/timings.json`` with its mode ("quick" / "full"), the date, the
machine, and the status and seconds of every notebook. This module reads only the files it is
given (--notebook-timings) or, with ``--notebooks``, the two that it makes by running the course
in both modes into build/bench-course-quick and build/bench-course-full. Left-over runner output
under build/ is never picked up on its own: the row says which runner files it read, when the
runner wrote them and on what machine.
"""

import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from bench import verdicts
from bench.common import make_result

ROOT = Path(__file__).resolve().parent.parent
QUICK_LIMIT, FULL_LIMIT = 120.0, 600.0


def timings_file(path):
    """The runner's timings.json for a folder, an index.html beside it, or the file itself."""
    path = Path(path)
    if path.is_dir():
        return path / "timings.json"
    return path if path.suffix == ".json" else path.with_name("timings.json")


def parse_timings(path):
    """(mode, {notebook: (status, seconds)}, date, machine) from a runner's timings.json.

    Solutions are left out (the limits are about what the class runs), and so are notebooks
    that a stopped run never reached (status "not run").
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = {
        nb["name"]: (nb["status"], float(nb["seconds"]))
        for nb in data["notebooks"]
        if nb.get("kind", "notebook") == "notebook" and nb["status"] != "not run"
    }
    when = datetime.fromisoformat(data["date"]).timestamp()
    return data["mode"], rows, when, data.get("machine")


def collect(paths):
    """Newest time per (mode, notebook) over the given timings.json files (or folders)."""
    found = {"quick": {}, "full": {}}
    for path in map(timings_file, paths):
        if not path.is_file():
            continue
        mode, rows, when, _ = parse_timings(path)
        for name, (status, secs) in rows.items():
            old = found[mode].get(name)
            if old is None or when > old[2]:
                found[mode][name] = (
                    status,
                    secs,
                    when,
                    str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
                )
    return found


def run_course():
    """Run the course in quick and in full mode; returns the two timings.json paths."""
    out = []
    for mode in ("quick", "full"):
        folder = ROOT / "build" / f"bench-course-{mode}"
        cmd = [sys.executable, str(ROOT / "tools" / "run_course.py"), "--out", str(folder)]
        cmd.append("--no-solutions")  # only the notebooks' times are reported
        if mode == "quick":
            cmd.append("--quick")
        print(f"  running the course ({mode}): {' '.join(cmd)}", flush=True)
        subprocess.run(cmd, cwd=ROOT, check=False)
        out.append(folder / "timings.json")
    return out


def speed_notebooks(s, timing_paths=None, run=False):
    """Per-notebook quick and full times from the given runner output (or, with ``run``, from a
    run of the course made here); 'no data' when none of it holds a timing."""
    start = time.perf_counter()
    paths = list(timing_paths or [])
    if run:
        paths += run_course()
    found = collect(paths)
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    names = sorted(set(notebooks) | set(found["quick"]) | set(found["full"]))
    limits = {"quick": QUICK_LIMIT, "full": FULL_LIMIT}
    details, times, missing = [], {}, []
    for name in names:
        row = {"notebook": name}
        for mode in ("quick", "full"):
            entry = found[mode].get(name)
            if entry is None:
                row[f"{mode} s"] = "not timed"
                missing.append(f"{name} ({mode})")
                continue
            status, secs, _, _ = entry
            times[(name, mode)] = (status, secs)
            row[f"{mode} s"] = f"{secs:.1f}" + ("" if status == "ok" else f" {status}")
        details.append(row)
    how = (
        "python bench/run.py --only speed_notebooks --notebooks (runs tools/run_course.py in "
        "both modes), or --notebook-timings with a runner's timings.json"
    )
    if not times:
        fig, verdict = "no timings found", "no data"
        comment = f"no runner output was given; measure with: {how}"
    else:
        q = [v[1] for (_, m), v in times.items() if m == "quick"]
        f = [v[1] for (_, m), v in times.items() if m == "full"]
        parts = [f"{len(q)} quick (max {max(q):.0f} s)"] if q else []
        parts += [f"{len(f)} full (max {max(f):.0f} s)"] if f else []
        fig = " / ".join(parts)
        verdict = verdicts.notebooks(times, limits)
        comment = f"not timed: {', '.join(missing)}" if missing else None
        if missing and verdict.met == "yes":
            verdict = verdicts.Verdict("no data", verdict.why)
    sources = []
    for path in sorted({e[3] for m in found.values() for e in m.values()}):
        mode, _, when, machine = parse_timings(
            ROOT / path if not Path(path).is_absolute() else path
        )
        cpu = (machine or {}).get("cpu", "unknown CPU") if isinstance(machine, dict) else machine
        written = datetime.fromtimestamp(when).astimezone()
        sources.append(f"{path} ({mode} mode, written {written:%Y-%m-%d %H:%M} on {cpu})")
    notes = [
        f"Limits: quick <= {QUICK_LIMIT:.0f} s, full <= {FULL_LIMIT:.0f} s per notebook.",
        "Measured by the course runner: "
        + ("; ".join(sources) if sources else "nothing yet")
        + (". The course was run by this benchmark run." if run else "."),
    ]
    secs = time.perf_counter() - start
    return make_result(
        "speed_notebooks",
        fig,
        verdict,
        f"runner output, {secs:.0f} s",
        details,
        notes,
        data={"times": {f"{n} {m}": v for (n, m), v in times.items()}},
        comment=comment,
    )
