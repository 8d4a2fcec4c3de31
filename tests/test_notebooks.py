"""Every notebook runs top to bottom in a fresh kernel in quick mode (AEKERAS_QUICK=1)."""

from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tools.run_course import NotebookFailed, course_notebooks, execute_notebook, solution_notebooks

NOTEBOOKS = course_notebooks() + solution_notebooks()


@pytest.fixture(scope="module")
def executed():
    """path -> the executed notebook, or the NotebookFailed that names its cell. Two run side
    by side: a quick run is mostly a kernel starting and importing TensorFlow, which leaves
    the second core idle."""

    def run(path):
        try:
            return execute_notebook(path, quick=True, timeout=600)
        except NotebookFailed as err:
            return err

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(NOTEBOOKS, pool.map(run, NOTEBOOKS)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_in_quick_mode(executed, path):
    nb = executed[path]
    assert not isinstance(nb, NotebookFailed), str(nb)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_quick_switch_reaches_the_kernel_and_failures_name_the_cell(tmp_path):
    nb = new_notebook(
        cells=[
            new_code_cell("import aekeras\nprint(aekeras.is_quick())"),
            new_code_cell("x = 1\n1 / 0"),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "99_broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(
        RuntimeError, match=r"99_broken.ipynb failed in cell 1 \('x = 1'\): ZeroDivisionError"
    ) as err:
        execute_notebook(path, quick=True)
    assert err.value.notebook.cells[0].outputs[0].text.strip() == "True"


def test_tf_startup_log_is_dropped_but_other_stderr_stays():
    from nbformat.v4 import new_output

    from tools.run_course import drop_tf_startup_log

    cell = new_code_cell("import aekeras")
    cell.outputs = [
        new_output("stream", name="stderr", text="I0000 00:00:1.0 port.cc:153] oneDNN on\n"),
        new_output("stream", name="stderr", text="E0000 cuInit failed\nUserWarning: real one\n"),
        new_output("stream", name="stdout", text="I0000 printed by the user\n"),
    ]
    drop_tf_startup_log(new_notebook(cells=[cell]))
    assert [(o.name, o.text) for o in cell.outputs] == [
        ("stderr", "UserWarning: real one\n"),
        ("stdout", "I0000 printed by the user\n"),
    ]
