"""Graded homework (homework/hwNN_*.ipynb, otter-grader): every master builds, its reference
solution gets full marks, and a planted mistake loses exactly the points of the checks written to
catch it, with the Russian hint in what the student sees.

The slow part is grading: one `otter run` per submission, each a fresh kernel that imports
otter and TensorFlow and runs the checks' short trainings. The masters are built once and the
twelve submissions graded two at a time, in module-scoped fixtures.
"""

import json
import re
import shutil
import subprocess
import sys
import types
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from otter.test_files import ExceptionTestFile

from tools.build_homework import build, grading_env, masters
from tools.sync_notebooks import homework_requirements, homework_setup_source, repository_url

ROOT = Path(__file__).resolve().parent.parent
MASTERS = masters()
NAMES = [p.stem for p in MASTERS]

# Points per question, as the checks in each master add up (and the tables in the docs say).
FULL = {
    "hw01_dense_ae": {"q1": 10},
    "hw02_denoising": {"q1": 3, "q2": 3, "q3": 4},
    "hw03_kl_sparsity": {"q1": 4, "q2": 3, "q3": 3},
    "hw04_k_sparse": {"q1": 6, "q2": 4},
    "hw05_contractive": {"q1": 4, "q2": 3, "q3": 3},
    "hw06_vae": {"q1": 3, "q2": 4, "q3": 3},
}


@dataclass
class Planted:
    """A typical mistake: ``old`` replaced by ``new`` in the answer to ``question``; it must
    lose ``lost`` points (the public check that catches it and its hidden twin on unseen data)
    and show the student ``hint``."""

    question: str
    old: str
    new: str
    lost: int
    hint: str


PLANTED = {
    "hw01_dense_ae": Planted(  # an untied decoder: the autoencoder gets its own output layer
        "q1",
        'autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")',
        "autoencoder = keras.Model(inputs, layers.Reshape(input_shape)(layers.Dense("
        'math.prod(input_shape), activation="sigmoid")(code)), name="autoencoder")',
        lost=5,
        hint="autoencoder не делит веса с encoder и decoder",
    ),
    "hw02_denoising": Planted(  # Gaussian noise that also corrupts at inference
        "q2",
        "if not training:\n            return inputs\n        noise =",
        "noise =",
        lost=2,
        hint="слой шума должен вернуть вход без изменений",
    ),
    "hw03_kl_sparsity": Planted(  # KL(rho_hat || rho) instead of KL(rho || rho_hat)
        "q1",
        "kl = rho * ops.log(rho / rho_hat) + (1.0 - rho) * ops.log((1.0 - rho) / (1.0 - rho_hat))",
        "kl = rho_hat * ops.log(rho_hat / rho) + (1.0 - rho_hat) * ops.log((1.0 - rho_hat) / "
        "(1.0 - rho))",
        lost=2,
        hint="проверьте порядок аргументов",
    ),
    "hw04_k_sparse": Planted(  # keeps k - 1 units
        "q1",
        "ops.top_k(inputs, self.k)",
        "ops.top_k(inputs, self.k - 1)",
        lost=4,
        hint="в каждой строке должно остаться ровно k = 3 ненулевых значения",
    ),
    "hw05_contractive": Planted(  # the sigmoid's derivative h(1 - h) left out
        "q1",
        "ops.square(h * (1.0 - h))",
        "ops.ones_like(h)",
        lost=4,
        hint="не потеряйте множитель h(1 − h)",
    ),
    "hw06_vae": Planted(  # z = mu + eps: the noise is not scaled by sigma
        "q2",
        "return z_mean + ops.exp(0.5 * z_log_var) * eps",
        "return z_mean + eps",
        lost=2,
        hint="дисперсия z должна быть exp(z_log_var)",
    ),
}


def test_every_master_has_its_expectations():
    assert NAMES == sorted(FULL) == sorted(PLANTED)


def answer_cells(nb):
    """{question: the answer cell before its grader.check("q...") cell}."""
    answers, last = {}, None
    for cell in nb.cells:
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            last = cell
        check = re.fullmatch(r'grader\.check\("(q\d+)"\)', cell.source.strip())
        if check:
            answers[check[1]] = last
    return answers


def submission(paths, folder, planted=None):
    """The student notebook with the reference answers pasted in (``planted`` breaks one)."""
    student = nbformat.read(paths["student"], as_version=4)
    reference = {c.id: c.source for c in nbformat.read(paths["solution"], as_version=4).cells}
    for question, cell in answer_cells(student).items():
        cell.source = reference[cell.id]
        if planted and question == planted.question:
            assert planted.old in cell.source, f"the mistake to plant is not in {question}"
            cell.source = cell.source.replace(planted.old, planted.new)
    folder.mkdir(parents=True)
    path = folder / paths["student"].name
    nbformat.write(student, path)
    return path


KERNEL_DIED = "Kernel died before replying to kernel_info"


def otter_run(path, autograder, tries=3):
    """Grade one notebook without Docker; returns (results.json as a dict, otter's stdout).

    A kernel that dies before it answers has not graded anything (seen once in CI, cause
    unknown): that run is started again, up to ``tries`` times; any other failure fails."""
    command = [sys.executable, "-m", "otter", "run", "-a", str(autograder)]
    command += ["-o", str(path.parent), "--no-logo", str(path)]
    for _ in range(tries):
        done = subprocess.run(
            command, env=grading_env(), capture_output=True, text=True, timeout=600
        )
        if done.returncode == 0 or KERNEL_DIED not in done.stderr:
            break
    err = (
        done.stderr
        if len(done.stderr) <= 6000
        else done.stderr[:3000] + "\n...\n" + done.stderr[-3000:]
    )
    assert done.returncode == 0, done.stdout[-3000:] + err
    return json.loads((path.parent / "results.json").read_text(encoding="utf-8")), done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("homework")
    with ThreadPoolExecutor(2) as pool:  # otter's checks of the solution run in `graded`
        paths = pool.map(lambda m: build(m, out, run_tests=False), MASTERS)
        return dict(zip(NAMES, paths))


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    """{(name, "solution" | "planted"): (results, stdout)} for every master."""
    out = tmp_path_factory.mktemp("graded")
    jobs = {}
    for name, paths in built.items():
        jobs[name, "solution"] = paths["solution"]
        jobs[name, "planted"] = submission(paths, out / name, PLANTED[name])
    with ThreadPoolExecutor(2) as pool:
        results = pool.map(lambda key: otter_run(jobs[key], built[key[0]]["autograder"]), jobs)
        return dict(zip(jobs, results))


def scores(results):
    return {t["name"]: t["score"] for t in results["tests"] if t["name"] != "Public Tests"}


def public_output(results):
    (public,) = [t for t in results["tests"] if t["name"] == "Public Tests"]
    return public["output"]


def zip_tests(autograder):
    """The checks the autograder runs, parsed by otter: {question: ExceptionTestFile}."""
    with zipfile.ZipFile(autograder) as z:
        names = sorted(n for n in z.namelist() if re.fullmatch(r"tests/q\d+\.py", n))
        return {Path(n).stem: ExceptionTestFile.from_string(z.read(n).decode(), n) for n in names}


@pytest.mark.parametrize("name", NAMES)
def test_master_format(name):
    master = nbformat.read(ROOT / "homework" / f"{name}.ipynb", as_version=4)
    nbformat.validate(master)
    config = master.cells[0].source
    assert master.cells[0].cell_type == "raw" and config.startswith("# ASSIGNMENT CONFIG")
    assert f"\nname: {name}\n" in config and "ok_format: false" in config
    assert "init_cell: false" in config  # otter's init comes after the Colab setup instead
    setup = [c for c in master.cells if "setup" in c.metadata.get("tags", [])]
    assert [c.source for c in setup] == [homework_setup_source(f"{name}.ipynb")]
    assert all(c.outputs == [] for c in master.cells if c.cell_type == "code")
    title = master.cells[1].source
    assert title.startswith(f"# ДЗ {int(name[2:4])}. ") and "**Контракт**" in title


def test_grading_requirements_name_the_repository():
    text = (ROOT / "homework" / "requirements.txt").read_text(encoding="utf-8")
    assert text == homework_requirements()
    assert f"aekeras @ git+{repository_url()}" in text.splitlines()


@pytest.mark.parametrize("name", NAMES)
def test_build_splits_solutions_and_hidden_checks(built, name):
    paths = built[name]
    student = nbformat.read(paths["student"], as_version=4)
    solution = nbformat.read(paths["solution"], as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN QUESTION" not in text
    assert PLANTED[name].old not in text, "the reference answer leaked into the student notebook"
    assert PLANTED[name].old in "\n".join(c.source for c in solution.cells)
    reference = {c.id: c.source for c in solution.cells}
    answers = answer_cells(student)
    assert sorted(answers) == sorted(FULL[name])
    assert all("..." in c.source and c.source != reference[c.id] for c in answers.values())
    public = {
        q: ExceptionTestFile.from_string(src, q)
        for q, src in student.metadata["otter"]["tests"].items()
    }
    hidden = zip_tests(paths["autograder"])
    assert sorted(public) == sorted(hidden) == sorted(FULL[name])
    for q, tests in public.items():
        assert tests.test_cases and not any(tc.hidden for tc in tests.test_cases)
        assert any(tc.hidden for tc in hidden[q].test_cases), f"{q} has no hidden check"
        assert len(hidden[q].test_cases) > len(tests.test_cases)


@pytest.mark.parametrize("name", NAMES)
def test_points_in_the_docs_match_the_checks(built, name):
    """The title cell's table and homework/README.md give each question's points."""
    checks = zip_tests(built[name]["autograder"])
    public = {q: sum(tc.points for tc in t.test_cases if not tc.hidden) for q, t in checks.items()}
    hidden = {q: sum(tc.points for tc in t.test_cases if tc.hidden) for q, t in checks.items()}
    assert {q: public[q] + hidden[q] for q in checks} == FULL[name]
    title = nbformat.read(ROOT / "homework" / f"{name}.ipynb", as_version=4).cells[1].source
    rows = re.findall(r"^\| (q\d+) \| [^|]+ \| (\d+) \| (\d+) \| (\d+) \|$", title, re.M)
    assert {q: (int(p), int(h), int(t)) for q, p, h, t in rows} == {
        q: (public[q], hidden[q], FULL[name][q]) for q in checks
    }
    readme = (ROOT / "homework" / "README.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| \[{name}\]\({name}\.ipynb\) \|.*\| (\d+) \|$", readme, re.M)
    assert row and int(row[1]) == sum(FULL[name].values())


@pytest.mark.parametrize("name", NAMES)
def test_reference_solution_gets_full_marks(graded, name):
    results, stdout = graded[name, "solution"]
    assert scores(results) == FULL[name]
    total = sum(FULL[name].values())
    assert f"Total Score: {total:.3f} / {total:.3f} (100.000%)" in stdout
    assert "❌" not in json.dumps(results, ensure_ascii=False)


@pytest.mark.parametrize("name", NAMES)
def test_planted_mistake_loses_its_checks(graded, name):
    planted = PLANTED[name]
    results, stdout = graded[name, "planted"]
    expected = dict(FULL[name])
    expected[planted.question] -= planted.lost
    assert scores(results) == expected
    total = sum(FULL[name].values())
    assert f"Total Score: {total - planted.lost:.3f} / {total:.3f}" in stdout
    assert planted.hint in public_output(results), "the student must see the hint"


def test_builds_are_reproducible(built, tmp_path):
    name = NAMES[0]
    again = build(ROOT / "homework" / f"{name}.ipynb", tmp_path, run_tests=False)
    for kind, path in again.items():
        assert path.read_bytes() == built[name][kind].read_bytes(), kind


class FakeShell:
    """Stands in for IPython: records the line magics the setup cell runs."""

    def __init__(self):
        self.magics = []

    def run_line_magic(self, name, line):
        self.magics.append(f"%{name} {line}")


def run_setup_cell(name, notebook=None):
    """Run a homework setup cell as IPython would; ``notebook``: fake Colab serving it."""
    code = TransformerManager().transform_cell(homework_setup_source(f"{name}.ipynb"))
    shell, scope = FakeShell(), {"get_ipython": lambda: shell}
    if notebook is not None:
        colab = types.ModuleType("google.colab")
        colab._message = types.SimpleNamespace(
            blocking_request=lambda request, timeout_sec: {"ipynb": notebook}
        )
        sys.modules["google.colab"] = colab
    try:
        exec(compile(code, "<setup cell>", "exec"), scope)
    finally:
        sys.modules.pop("google.colab", None)
    return shell, scope["grader"]


def test_setup_cell_on_colab_installs_and_writes_public_checks(built, tmp_path, monkeypatch):
    name = NAMES[0]
    student = json.loads(built[name]["student"].read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    shell, grader = run_setup_cell(name, notebook=student)
    url = repository_url()
    assert shell.magics == [f'%pip install -q "aekeras @ git+{url}" "otter-grader>=7,<8"']
    written = {p.stem: p.read_text(encoding="utf-8") for p in (tmp_path / "tests").glob("*.py")}
    assert written == student["metadata"]["otter"]["tests"]
    assert type(grader).__name__ == "Notebook"


def test_setup_cell_elsewhere_reads_checks_from_the_notebook(built, tmp_path, monkeypatch):
    name = NAMES[0]
    shutil.copy(built[name]["student"], tmp_path)
    monkeypatch.chdir(tmp_path)
    shell, grader = run_setup_cell(name)
    assert shell.magics == [] and not (tmp_path / "tests").exists()
    assert type(grader).__name__ == "Notebook"
