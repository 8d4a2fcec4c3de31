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
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMITS = {"quick": 120.0, "full": 600.0}


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


def speed_notebooks(timing_paths=None, run=False):
    """Per-notebook quick and full seconds, as ``{"<notebook> | <mode> s": seconds}`` ("not
    timed" where none was found; a failed run adds its status), from the given runner output
    or, with ``run``, from a run of the course made here; the files read come along."""
    paths = list(timing_paths or []) + (run_course() if run else [])
    found = collect(paths)
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    out = {}
    for name in sorted(set(notebooks) | set(found["quick"]) | set(found["full"])):
        for mode in ("quick", "full"):
            status, secs, _, _ = found[mode].get(name, ("not timed", "not timed", 0, 0))
            out[f"{name} | {mode} s"] = secs
            if status not in ("ok", "not timed"):
                out[f"{name} | {mode} status"] = status
    files = sorted({e[3] for m in found.values() for e in m.values()})
    for i, path in enumerate(files, 1):
        mode, _, when, machine = parse_timings(
            ROOT / path if not Path(path).is_absolute() else path
        )
        cpu = (machine or {}).get("cpu", "unknown CPU") if isinstance(machine, dict) else machine
        written = datetime.fromtimestamp(when).astimezone()
        out[f"runner output {i} | file"] = f"{path} ({mode} mode, {written:%Y-%m-%d %H:%M}, {cpu})"
    return out
