"""Every course notebook follows the course conventions (badge, setup, parameters, exercises)."""

import json
import re
import sys
import types
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from bench.verdicts import NOTEBOOK_LIMITS
from tools.run_course import course_notebooks, solution_notebooks
from tools.sync_notebooks import colab_url, load_timings, repository_url, setup_source, time_line

NOTEBOOKS = course_notebooks()
SOLUTIONS = solution_notebooks()
ROOT = Path(__file__).resolve().parent.parent


def pyproject_repository():
    """(owner, repo) of the Repository line of pyproject.toml, read here independently."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    url = re.search(r'^Repository = "https://github\.com/([^/"]+)/([^/"]+?)/?"$', text, re.M)
    assert url, 'pyproject.toml must name the repository: Repository = "https://github.com/..."'
    return url[1], url[2]


def test_notebooks_are_numbered_in_course_order():
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1))
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", p.name) for p in NOTEBOOKS)


def test_solutions_follow_their_notebooks():
    topics = [p.stem for p in NOTEBOOKS]
    assert all(p.stem.removesuffix("_solutions") in topics for p in SOLUTIONS)


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    code_cells = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_badge_setup_parameters_and_exercises(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    title = nb.cells[0]
    assert title.cell_type == "markdown" and title.source.startswith(f"# {path.name[:2]}.")
    owner, repo = pyproject_repository()
    folder = path.parent.name  # notebooks/ or solutions/
    colab = (
        f"https://colab.research.google.com/github/{owner}/{repo}/blob/main/{folder}/{path.name}"
    )
    assert colab_url(path.name, folder=folder) == colab
    assert f"]({colab})" in title.source, "badge must open this very notebook"
    tagged = {tag: c for c in nb.cells for tag in c.metadata.get("tags", [])}
    assert tagged["setup"].source == setup_source()
    assert f'"aekeras @ git+https://github.com/{owner}/{repo}"' in tagged["setup"].source
    assert "QUICK = aekeras.is_quick()" in tagged["parameters"].source
    assert nb.cells.index(tagged["setup"]) < nb.cells.index(tagged["parameters"])
    if folder == "notebooks":
        assert any(c.cell_type == "markdown" and "## Задания" in c.source for c in nb.cells[-3:])
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_timings_are_committed_for_every_notebook_in_both_modes():
    timings = load_timings()
    names = {p.stem for p in NOTEBOOKS}
    for mode in ("full", "quick"):
        assert set(timings[mode]["seconds"]) == names, f"{mode}: run the course, then make sync"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", timings[mode]["date"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_time_line_is_the_committed_measurement(path):
    nb = nbformat.read(path, as_version=4)
    line = time_line(nb, path.stem, load_timings())
    assert line in nb.cells[0].source, "the «Время» line is stale: run make sync"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_full_mode_fits_a_class_on_the_measured_run(path):
    seconds = load_timings()["full"]["seconds"][path.stem]
    assert seconds <= NOTEBOOK_LIMITS["full"], f"{path.name}: {seconds:.0f} s in full mode"


def test_repository_url_is_a_github_repository():
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository_url())
    assert repository_url() == "https://github.com/{}/{}".format(*pyproject_repository())


def test_repository_url_reads_like_toml(tmp_path):
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the tool itself must run on 3.10
    with open(ROOT / "pyproject.toml", "rb") as f:
        assert repository_url() == tomllib.load(f)["project"]["urls"]["Repository"].rstrip("/")
    other = tmp_path / "pyproject.toml"
    other.write_text(
        '[project]\nname = "x"\n[project.urls]\nHomepage = "h"\nRepository = "https://g/o/r/"\n'
        '[tool.x]\nRepository = "wrong"\n',
        encoding="utf-8",
    )
    assert repository_url(other) == "https://g/o/r"


class FakeShell:
    """Stands in for IPython: records the line magics the setup cell runs."""

    def __init__(self):
        self.magics = []

    def run_line_magic(self, name, line):
        self.magics.append(f"%{name} {line}")


def run_setup_cell(monkeypatch, colab, aekeras_installs):
    """Run the setup cell as IPython would, pip faked; returns (shell, printed environment)."""
    code = TransformerManager().transform_cell(setup_source())
    shell, printed = FakeShell(), []
    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    fake = types.ModuleType("aekeras")
    fake.print_environment = lambda: printed.append(True)
    fake.course_style = lambda: printed.append("style")
    # None in sys.modules makes `import aekeras` raise ModuleNotFoundError, as after a failed pip
    monkeypatch.setitem(sys.modules, "aekeras", fake if aekeras_installs else None)
    exec(compile(code, "<setup cell>", "exec"), {"get_ipython": lambda: shell})
    return shell, printed


def test_setup_cell_on_colab_stops_with_a_way_on_when_the_install_failed(monkeypatch):
    with pytest.raises(ModuleNotFoundError) as err:
        run_setup_cell(monkeypatch, colab=True, aekeras_installs=False)
    message = str(err.value)
    assert message.startswith(f"Не удалось установить aekeras с {repository_url()}\n")
    for way_on in ("pyproject.toml", "make sync", "make wheel", "%pip install aekeras-*.whl"):
        assert way_on in message
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_setup_cell_installs_on_colab_and_imports_elsewhere(monkeypatch):
    shell, printed = run_setup_cell(monkeypatch, colab=True, aekeras_installs=True)
    assert shell.magics == [f'%pip install -q "aekeras @ git+{repository_url()}"']
    assert printed == ["style", True]  # the course's figure style, then the environment
    shell, printed = run_setup_cell(monkeypatch, colab=False, aekeras_installs=True)
    assert shell.magics == [] and printed == ["style", True]
    assert len(setup_source().splitlines()) <= 20  # shown at the top of every notebook
