"""Every course notebook follows the conventions of DESIGN.md (badge, setup, parameters...)."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from tools.run_course import course_notebooks
from tools.sync_notebooks import colab_url, repository_url, setup_source

NOTEBOOKS = course_notebooks()
ROOT = Path(__file__).resolve().parent.parent


def test_notebooks_are_numbered_in_course_order():
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1))
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", p.name) for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    code_cells = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badge_setup_parameters_and_exercises(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    title = nb.cells[0]
    assert title.cell_type == "markdown" and title.source.startswith(f"# {path.name[:2]}.")
    assert f"]({colab_url(path.name)})" in title.source, "badge must open this very notebook"
    tagged = {tag: c for c in nb.cells for tag in c.metadata.get("tags", [])}
    assert tagged["setup"].source == setup_source()
    assert f"git+{repository_url()}" in tagged["setup"].source
    assert "QUICK = aekeras.is_quick()" in tagged["parameters"].source
    assert nb.cells.index(tagged["setup"]) < nb.cells.index(tagged["parameters"])
    assert any(c.cell_type == "markdown" and "## Задания" in c.source for c in nb.cells[-2:])
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_repository_url_is_a_github_repository():
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository_url())


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
