"""Execute every course notebook in order, each in a fresh kernel, and render the course site.

    python tools/run_course.py            # full mode, what a class sees
    python tools/run_course.py --quick    # AEKERAS_QUICK=1: small epochs and subsets (CI)
    python tools/run_course.py --only 02  # notebooks whose name contains "02"

Runs notebooks/NN_*.ipynb, then solutions/NN_*_solutions.ipynb where that folder exists, and
writes into build/course/: each executed notebook and its HTML page (solutions under
solutions/), index.html (the course page for the class), timings.json (mode, machine, seconds
per notebook) and a local MathJax copy under _static/, so formulas show without a network.
A notebook that fails (an error, a cell past --timeout, a dead kernel) is marked FAILED and the
course goes on; the command then exits non-zero naming it.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from nbformat.v4 import new_output

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `tools` importable
    sys.path.insert(0, str(ROOT))

from tools.course_site import (  # noqa: E402
    SOLUTIONS_DIR,
    Page,
    add_nav,
    nav_html,
    notebook_title,
    write_site,
)
from tools.local_mathjax import copy_mathjax, mathjax_url  # noqa: E402

NOTEBOOK_DIR = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "course"


def course_notebooks(only=None, folder=NOTEBOOK_DIR):
    """Notebooks of the course in order (NN_topic.ipynb), optionally filtered by substring."""
    paths = sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if only is None or only in p.name]


def solution_notebooks(only=None, folder=ROOT / SOLUTIONS_DIR):
    """Solutions in order (NN_topic_solutions.ipynb); none when the folder does not exist."""
    paths = sorted(Path(folder).glob("[0-9][0-9]_*_solutions.ipynb"))
    return [p for p in paths if only is None or only in p.name]


def _kernel_env(quick):
    """The kernel's environment: this process's, with the quick switch. Passed to the kernel
    rather than set here, so that two notebooks can run side by side in one process.
    TF_CPP_MIN_LOG_LEVEL=3 keeps most of TensorFlow's start-up log out of the rendered pages."""
    return dict(os.environ, AEKERAS_QUICK="1" if quick else "0", TF_CPP_MIN_LOG_LEVEL="3")


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


class NotebookFailed(RuntimeError):
    """A notebook did not run to the end; ``notebook`` is the partly executed notebook."""

    def __init__(self, message, notebook):
        super().__init__(message)
        self.notebook = notebook


def stopped_cell(nb, index, err, timeout):
    """(index, first source line, error text) of the cell that was running when `err` came.

    A cell stopped from outside (past the timeout, dead kernel) gets an error output saying
    so, for the rendered page to show where and why the notebook stopped.
    """
    cell = nb.cells[index]
    first = (cell.source.strip().splitlines() or [""])[0]
    if isinstance(err, CellExecutionError):  # the cell's own error, already in its outputs
        return index, first, f"{err.ename}: {err.evalue}"
    if isinstance(err, TimeoutError):
        reason = f"the cell ran past the {timeout} s timeout and was stopped"
    else:
        reason = (str(err).strip().splitlines() or ["no message"])[0]
    name = type(err).__name__
    if cell.cell_type == "code":
        cell.outputs.append(
            new_output("error", ename=name, evalue=reason, traceback=[f"{name}: {reason}"])
        )
    return index, first, f"{name}: {reason}"


def execute_notebook(path, quick=True, timeout=1800, on_cell=None):
    """Run `path` top to bottom in a fresh python3 kernel (cwd: its folder); return the notebook.

    Raises NotebookFailed (a RuntimeError) naming the notebook and the cell when a cell fails,
    runs past `timeout` seconds, or the kernel dies; the partly executed notebook is the
    exception's ``notebook`` attribute, the stopped cell carrying an error output.
    """
    nb = nbformat.read(path, as_version=4)
    running = {}

    def started(cell_index, **_):
        running["index"] = cell_index

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
        on_cell_start=started,
        on_cell_executed=on_cell,
    )
    try:
        # The kernel's own stderr only echoes what the notebook records (TF start-up log,
        # ipykernel warnings); keep it off the terminal so the progress line stays readable.
        client.execute(stderr=subprocess.DEVNULL, env=_kernel_env(quick))
    except Exception as err:  # noqa: BLE001 - any failure: errors, timeouts, dead kernels
        name = Path(path).name
        if "index" not in running:  # e.g. the kernel did not start
            raise NotebookFailed(f"{name} failed: {type(err).__name__}: {err}", nb) from err
        i, first, text = stopped_cell(nb, running["index"], err, timeout)
        raise NotebookFailed(f"{name} failed in cell {i} ({first!r}): {text}", nb) from err
    return nb


def plan_pages(notebooks, solutions):
    """Pages in run order, titled from their first markdown cell, solutions tied to notebooks."""
    pages = []
    for path, kind in [(p, "notebook") for p in notebooks] + [(p, "solutions") for p in solutions]:
        try:
            title = notebook_title(nbformat.read(path, as_version=4), path.stem)
        except Exception:  # noqa: BLE001 - an unreadable notebook fails when it runs
            title = path.stem
        pages.append(Page(path, kind, title))
    by_stem = {p.stem: p for p in pages if p.kind == "notebook"}
    by_number = {p.number: p for p in pages if p.kind == "notebook" and p.number}
    for sol in (p for p in pages if p.kind == "solutions"):
        nb = by_stem.get(sol.stem.removesuffix("_solutions")) or by_number.get(sol.number)
        if nb is not None and nb.solutions is None:
            nb.solutions, sol.notebook = sol, nb
    return pages


def neighbours(pages, page):
    """The previous and the next page of the same kind (None at the ends)."""
    same = [p for p in pages if p.kind == page.kind]
    i = same.index(page)
    return (same[i - 1] if i > 0 else None), (same[i + 1] if i + 1 < len(same) else None)


def render_page(nb, page, pages, out_dir, offline=True):
    """The page's HTML: the local MathJax when copied (else nbconvert's default), nav bars."""
    page_dir = out_dir / SOLUTIONS_DIR if page.kind == "solutions" else out_dir
    # require.js serves widget and JavaScript outputs only (none in the course): an empty
    # script instead keeps the page from reaching for the web.
    options = {"require_js_url": "data:text/javascript,"}
    if offline:
        options["mathjax_url"] = mathjax_url(page_dir, out_dir)
    html, _ = HTMLExporter(**options).from_notebook_node(nb)
    prev, nxt = neighbours(pages, page)
    return add_nav(html, nav_html(page, prev, nxt), nav_html(page, prev, nxt, "bottom"))


def run_page(page, pages, out_dir, quick, timeout, offline=True):
    """Execute one notebook and write its executed copy and its HTML page; never raises."""
    page_dir = out_dir / SOLUTIONS_DIR if page.kind == "solutions" else out_dir
    start = time.perf_counter()
    nb = None
    try:
        nb = execute_notebook(
            page.path, quick, timeout, on_cell=lambda **_: print(".", end="", flush=True)
        )
        page.status = "ok"
    except NotebookFailed as err:
        nb, page.status, page.error = err.notebook, "FAILED", str(err)
    except Exception as err:  # noqa: BLE001 - unreadable notebook, kernel that would not start
        page.status, page.error = "FAILED", f"{page.path.name}: {type(err).__name__}: {err}"
    page.seconds = time.perf_counter() - start
    if page.error:
        print(f"\n  {page.error}", end="")
    if nb is None:
        return
    try:
        # a progress bar redraws its line with "\r": keep only its last state on the page
        CoalesceStreamsPreprocessor().preprocess(nb, {})
        drop_tf_startup_log(nb)  # keeps the rendered pages readable; the rest is as executed
        page_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, page_dir / page.path.name)
        html = render_page(nb, page, pages, out_dir, offline)
        (page_dir / f"{page.stem}.html").write_text(html, encoding="utf-8")
    except Exception as err:  # noqa: BLE001 - a page that cannot be written fails alone
        page.status = "FAILED"
        page.error += f"{'; ' if page.error else ''}writing the page: {type(err).__name__}: {err}"
        print(f"\n  {page.error}", end="")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="set AEKERAS_QUICK=1 (CI mode)")
    parser.add_argument("--only", help="run only notebooks whose file name contains this text")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    parser.add_argument(
        "--notebooks", type=Path, default=NOTEBOOK_DIR, help="folder of NN_*.ipynb notebooks"
    )
    parser.add_argument(
        "--solutions",
        type=Path,
        help="folder of NN_*_solutions.ipynb (default: solutions/ beside the notebooks folder)",
    )
    parser.add_argument("--no-solutions", action="store_true", help="skip the solutions")
    args = parser.parse_args(argv)

    notebooks = course_notebooks(args.only, args.notebooks)
    solutions_dir = args.solutions or args.notebooks.parent / SOLUTIONS_DIR
    solutions = [] if args.no_solutions else solution_notebooks(args.only, solutions_dir)
    if not notebooks and not solutions:
        parser.error(f"no notebook in {args.notebooks} matches --only={args.only!r}")
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    offline = copy_mathjax(out) is not None
    if not offline:
        print("jupyter-server-mathjax is not installed: formulas will need a network", flush=True)
    pages = plan_pages(notebooks, solutions)
    date = datetime.now().astimezone()
    for k, page in enumerate(pages, 1):
        print(f"[{k}/{len(pages)}] {page.path.name} ", end="", flush=True)
        run_page(page, pages, out, args.quick, args.timeout, offline)
        print(f" {page.status} {page.seconds:.1f} s", flush=True)
        write_site(out, pages, args.quick, date, offline)  # up to date after each

    print(f"\n{'notebook':<40} {'status':<7} {'seconds':>8}")
    for p in pages:
        print(f"{p.stem:<40} {p.status:<7} {p.seconds:>8.1f}")
    print(f"{'total':<40} {'':<7} {sum(p.seconds for p in pages):>8.1f}")
    print(f"Executed notebooks and HTML: {out}/index.html")
    failed = [p for p in pages if p.status != "ok"]
    if failed:
        print("FAILED:\n" + "\n".join(f"  {p.error}" for p in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
