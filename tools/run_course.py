"""Execute every course notebook in order, each in a fresh kernel, and render it to HTML.

    python tools/run_course.py            # full mode, what a class sees
    python tools/run_course.py --quick    # AEKERAS_QUICK=1: small epochs and subsets (CI)
    python tools/run_course.py --only 02  # notebooks whose name contains "02"

Writes build/course/<notebook>.ipynb (executed), <notebook>.html and index.html, prints a table
of run times, and exits non-zero naming the failed cell if any notebook fails.
"""

import argparse
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "course"


def course_notebooks(only=None):
    """Notebooks of the course in order (NN_topic.ipynb), optionally filtered by substring."""
    paths = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if only is None or only in p.name]


@contextmanager
def _quick_env(quick):
    # The kernel inherits this process's environment, so the switch is set here.
    # TF_CPP_MIN_LOG_LEVEL=3 keeps most of TensorFlow's start-up log out of the rendered pages.
    new = {"AEKERAS_QUICK": "1" if quick else "0", "TF_CPP_MIN_LOG_LEVEL": "3"}
    old = {key: os.environ.get(key) for key in new}
    os.environ.update(new)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key)
            else:
                os.environ[key] = value


# TensorFlow's C++ start-up log (printed before absl logging starts, so TF_CPP_MIN_LOG_LEVEL
# cannot silence it): oneDNN notes, "no CUDA drivers", CPU-instruction hints.
TF_STARTUP_LOG = (
    "WARNING: All log messages before absl",
    "I0000 ",
    "W0000 ",
    "E0000 ",
    "To enable the following instructions",
)


def drop_tf_startup_log(nb):
    """Remove TF's start-up log lines from stderr outputs; other stderr text stays."""
    for cell in nb.cells:
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                lines = out.text.splitlines(keepends=True)
                out.text = "".join(ln for ln in lines if not ln.startswith(TF_STARTUP_LOG))
                if not out.text.strip():
                    continue
            outputs.append(out)
        if cell.cell_type == "code":
            cell.outputs = outputs
    return nb


def failed_cell(nb):
    """(index, first source line, error text) of the first cell with an error output, or None."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = (cell.source.strip().splitlines() or [""])[0]
                return i, first, f"{out.get('ename')}: {out.get('evalue')}"
    return None


def execute_notebook(path, quick=True, timeout=1800, on_cell=None):
    """Run `path` top to bottom in a fresh python3 kernel (cwd: notebooks/); return the notebook.

    Raises RuntimeError naming the notebook and the cell when a cell fails; the partly
    executed notebook is attached as the exception's ``notebook`` attribute.
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
        on_cell_executed=on_cell,
    )
    with _quick_env(quick):
        try:
            # The kernel's own stderr only echoes what the notebook records (TF start-up log,
            # ipykernel warnings); keep it off the terminal so the progress line stays readable.
            client.execute(stderr=subprocess.DEVNULL)
        except CellExecutionError as err:
            where = failed_cell(nb)
            msg = (
                f"{Path(path).name} failed in cell {where[0]} ({where[1]!r}): {where[2]}"
                if where
                else str(err)
            )
            exc = RuntimeError(msg)
            exc.notebook = nb
            raise exc from err
    return nb


def _write_index(out_dir, rows, quick):
    items = "\n".join(
        f'<tr><td><a href="{name}.html">{name}</a></td><td>{status}</td><td>{secs:.1f}</td></tr>'
        for name, status, secs in rows
    )
    mode = "быстрый (AEKERAS_QUICK=1)" if quick else "полный"
    (out_dir / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>aekeras: курс</title>"
        f"<h1>Автокодировщики в Keras: выполненный курс</h1><p>Режим: {mode}</p>"
        f"<table border=1 cellpadding=4><tr><th>тетрадка</th><th>статус</th><th>секунды</th></tr>"
        f"{items}</table>",
        encoding="utf-8",
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="set AEKERAS_QUICK=1 (CI mode)")
    parser.add_argument("--only", help="run only notebooks whose file name contains this text")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    args = parser.parse_args(argv)

    paths = course_notebooks(args.only)
    if not paths:
        parser.error(f"no notebook in {NOTEBOOK_DIR} matches --only={args.only!r}")
    args.out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    rows = []
    for k, path in enumerate(paths, 1):
        print(f"[{k}/{len(paths)}] {path.name} ", end="", flush=True)
        start = time.perf_counter()
        try:
            nb = execute_notebook(
                path, args.quick, args.timeout, on_cell=lambda **_: print(".", end="", flush=True)
            )
            status = "ok"
        except RuntimeError as err:
            nb, status = err.notebook, "FAILED"
            print(f"\n  {err}", end="")
        secs = time.perf_counter() - start
        print(f" {status} {secs:.1f} s", flush=True)
        drop_tf_startup_log(nb)  # keeps the rendered pages readable; the rest is as executed
        nbformat.write(nb, args.out / path.name)
        html, _ = exporter.from_notebook_node(nb)
        (args.out / f"{path.stem}.html").write_text(html, encoding="utf-8")
        rows.append((path.stem, status, secs))

    _write_index(args.out, rows, args.quick)
    print(f"\n{'notebook':<40} {'status':<7} {'seconds':>8}")
    for name, status, secs in rows:
        print(f"{name:<40} {status:<7} {secs:>8.1f}")
    print(f"{'total':<40} {'':<7} {sum(r[2] for r in rows):>8.1f}")
    print(f"Executed notebooks and HTML: {args.out}/index.html")
    failed = [name for name, status, _ in rows if status != "ok"]
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
