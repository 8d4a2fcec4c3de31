"""Build the graded homework with otter-grader: build/homework/<hw>/{student,autograder}/.

    python tools/build_homework.py              # every master homework/hwNN_*.ipynb
    python tools/build_homework.py --only hw03  # masters whose name contains "hw03"

For each master, ``otter assign`` writes student/<hw>.ipynb (no solutions; the public checks in
its metadata) and autograder/ (the solution notebook and <hw>-autograder.zip with every check,
hidden ones included), then grades the solution notebook and fails unless it gets full marks.
Two builds of one master give the same bytes: the zip gets a fixed name and fixed timestamps
(otter stamps both with the time), and the check cells otter adds get ids from their source.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
HOMEWORK_DIR = ROOT / "homework"
DEFAULT_OUT = ROOT / "build" / "homework"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


def masters(only=None, folder=HOMEWORK_DIR):
    """Master notebooks in order (hwNN_topic.ipynb), optionally filtered by substring."""
    paths = sorted(Path(folder).glob("hw[0-9][0-9]_*.ipynb"))
    return [p for p in paths if only is None or only in p.name]


def grading_env():
    """Environment for otter and the kernels it starts: this checkout's aekeras comes first
    (an editable install elsewhere would otherwise win), the backend is TensorFlow (the checks
    use tf.GradientTape) and TensorFlow's start-up chatter is off.
    """
    env = dict(os.environ, KERAS_BACKEND="tensorflow")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def _fix_zip(path, target):
    """Rewrite otter's zip as ``target`` with sorted entries and fixed timestamps."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for name in sorted(src.namelist()):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.external_attr = src.getinfo(name).external_attr  # keeps run_autograder executable
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    path.unlink()


def _fix_cell_ids(path, master_ids):
    """Give the cells otter added (random ids) ids made from their source."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.get("id") not in master_ids:
            cell["id"] = "otter-" + hashlib.sha1(cell.source.encode()).hexdigest()[:8]
    nbformat.write(nb, path)


def build(master, out=DEFAULT_OUT, run_tests=True):
    """Run otter assign on one master into out/<hw>/; return the paths of what it wrote:
    {"student": notebook, "solution": autograder notebook, "autograder": zip}.

    Raises:
        subprocess.CalledProcessError: if otter assign fails, e.g. the solution loses points.
    """
    master = Path(master).resolve()
    result = Path(out).resolve() / master.stem
    shutil.rmtree(result, ignore_errors=True)
    cmd = [sys.executable, "-m", "otter", "assign", str(master), str(result)]
    if not run_tests:
        cmd.append("--no-run-tests")
    subprocess.run(cmd, check=True, env=grading_env(), cwd=master.parent)
    (stamped,) = (result / "autograder").glob(f"{master.stem}-autograder_*.zip")
    paths = {
        "student": result / "student" / master.name,
        "solution": result / "autograder" / master.name,
        "autograder": result / "autograder" / f"{master.stem}-autograder.zip",
    }
    _fix_zip(stamped, paths["autograder"])
    master_ids = {cell.get("id") for cell in nbformat.read(master, as_version=4).cells}
    _fix_cell_ids(paths["student"], master_ids)
    _fix_cell_ids(paths["solution"], master_ids)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="build masters whose name contains this")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    todo = masters(args.only)
    if not todo:
        sys.exit(f"no homework master matches {args.only!r} in {HOMEWORK_DIR}")
    for master in todo:
        start = time.perf_counter()
        paths = build(master, args.out)
        took = time.perf_counter() - start
        zip_path = paths["autograder"]
        shown = zip_path.relative_to(ROOT) if zip_path.is_relative_to(ROOT) else zip_path
        print(f"{master.stem}: {shown} ({took:.0f} s)")


if __name__ == "__main__":
    main()
