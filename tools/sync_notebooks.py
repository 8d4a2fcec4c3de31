"""Write what every notebook takes from one place: the Colab badge, the Colab install line and
the «Время» line of the title cell (and the install lines of the homework masters).

The repository URL lives in ``[project.urls] Repository`` of pyproject.toml; the run times live
in notebooks/timings.json, measured by the course runner. After a fork changes the URL, or
after a run of the course, run

    python tools/sync_notebooks.py                                     # badges, setup, times
    python tools/sync_notebooks.py --timings build/course/timings.json # first take a run's times

tests/test_notebook_format.py checks that every notebook agrees with both.
"""

import argparse
import json
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BADGE_IMG = "https://colab.research.google.com/assets/colab-badge.svg"
TIMINGS = ROOT / "notebooks" / "timings.json"
TIME_LINE = re.compile(r"\*\*Время:\*\*.*?(?=\n\n|\Z)", re.S)  # the paragraph
MODES = ("full", "quick")  # both are named in the «Время» line
WORDS_PER_MINUTE = 100  # the class reads the text aloud and talks it over


def repository_url(pyproject=ROOT / "pyproject.toml"):
    """``Repository = "..."`` of pyproject's [project.urls], without a trailing slash.

    Read with a regex rather than tomllib, which Python 3.10 does not have.
    """
    text = Path(pyproject).read_text(encoding="utf-8")
    table = re.search(r"^\[project\.urls\][ \t]*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    entry = table and re.search(r"^Repository\s*=\s*[\"']([^\"']+)[\"']", table[1], re.MULTILINE)
    if not entry:
        raise ValueError(f'{pyproject}: no Repository = "..." under [project.urls]')
    return entry[1].strip().rstrip("/")


def colab_url(notebook_name, branch="main", folder="notebooks"):
    """Colab link that opens <folder>/<notebook_name> of the repository on GitHub."""
    github = repository_url().removeprefix("https://github.com/")
    return (
        f"https://colab.research.google.com/github/{github}/blob/{branch}/{folder}/{notebook_name}"
    )


def badge_markdown(notebook_name, folder="notebooks"):
    return f"[![Open In Colab]({BADGE_IMG})]({colab_url(notebook_name, folder=folder)})"


# On Colab, a pip install that failed (say, a wrong repository URL) must stop the notebook at
# once with a way on, not leave every later cell failing on `import aekeras`.
SETUP = """\
# На Colab ставим aekeras с GitHub; локально (и в CI) пакет уже установлен.
import sys

if "google.colab" in sys.modules:
    %pip install -q "aekeras @ git+{url}"
    try:
        import aekeras
    except ImportError:
        raise ModuleNotFoundError(
            "Не удалось установить aekeras с {url}\\n"
            "Либо исправьте адрес Repository в pyproject.toml и выполните make sync,\\n"
            "либо соберите пакет (make wheel) на компьютере с репозиторием, загрузите\\n"
            "dist/aekeras-*.whl в панель «Файлы» Colab и выполните %pip install aekeras-*.whl"
        ) from None

import aekeras

aekeras.course_style()  # крупные шрифты и чёткие рисунки: их видно с последнего ряда
aekeras.print_environment()"""


def setup_source():
    """Source of every notebook's setup cell (tagged "setup")."""
    return SETUP.format(url=repository_url())


def _duration(seconds):
    """'45 с', '2 мин 10 с', '12 мин': how long, in the words of the course."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} с"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} мин {rest} с" if minutes < 10 and rest else f"{minutes} мин"


def class_minutes(nb, full_seconds):
    """Minutes in class: the full run plus the text read aloud, rounded up to 5 minutes."""
    # the «Время» paragraph itself is not counted: the line must not depend on its own words
    texts = [TIME_LINE.sub("", c.source) for c in nb.cells if c.cell_type == "markdown"]
    words = sum(len(text.split()) for text in texts)
    minutes = full_seconds / 60 + words / WORDS_PER_MINUTE
    return 5 * max(1, -(-round(minutes) // 5))


def time_line(nb, name, timings):
    """The «Время» paragraph of a notebook from the measured runs in timings."""
    full, quick = timings["full"], timings["quick"]
    seconds = full["seconds"][name]
    return (
        f"**Время:** полный режим — {_duration(seconds)}, быстрый — "
        f"{_duration(quick['seconds'][name])} на {full['machine']} (замер {full['date']}); "
        f"на занятии, с чтением и обсуждением текста, ≈ {class_minutes(nb, seconds)} мин."
    )


def load_timings(path=TIMINGS):
    """notebooks/timings.json: for "full" and "quick", the date, the machine and the seconds."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def take_run(run_path, path=TIMINGS):
    """Put the seconds of a course run (the runner's timings.json) into notebooks/timings.json.

    A run of some notebooks only (``run_course.py --only 05``) replaces their seconds and keeps
    the others'; the mode's date becomes the newest run's and its load average the highest.
    """
    run = json.loads(Path(run_path).read_text(encoding="utf-8"))
    failed = [n["name"] for n in run["notebooks"] if n["status"] != "ok"]
    if failed:
        raise ValueError(f"{run_path}: notebooks {failed} failed; their times are not taken")
    timings = load_timings(path) if Path(path).is_file() else {}
    machine = run["machine"]
    old = timings.get(run["mode"], {})
    seconds = dict(old.get("seconds", {}))
    seconds.update({n["name"]: n["seconds"] for n in run["notebooks"] if n["kind"] == "notebook"})
    loads = [x for x in (old.get("load_average"), machine.get("load_average")) if x is not None]
    timings[run["mode"]] = {
        "date": max(old.get("date", ""), run["date"][:10]),
        "machine": f"{machine['cpus_usable']}-ядерном CPU",
        "load_average": max(loads) if loads else None,
        "seconds": dict(sorted(seconds.items())),
    }
    Path(path).write_text(json.dumps(timings, ensure_ascii=False, indent=1) + "\n", "utf-8")


def sync(path, timings=None):
    """Rewrite the badge and «Время» lines of the title cell and the setup cell; True if changed."""
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    title = nb.cells[0]
    badge = badge_markdown(Path(path).name, folder=Path(path).parent.name)
    if BADGE_IMG in title.source:
        title.source = re.sub(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)", badge, title.source)
    else:
        title.source = f"{title.source.rstrip()}\n\n{badge}"
    stem = Path(path).stem
    if timings and all(stem in timings.get(mode, {}).get("seconds", {}) for mode in MODES):
        line = time_line(nb, stem, timings)
        title.source = TIME_LINE.sub(line, title.source)
    for cell in nb.cells:
        if "setup" in cell.metadata.get("tags", []):
            cell.source = setup_source()
    changed = nbformat.writes(nb) != before
    if changed:
        nbformat.write(nb, path)
    return changed


# Homework masters (homework/hwNN_*.ipynb, otter-grader): the student gets one file, so on Colab
# the setup cell installs otter too and writes the public checks, which otter keeps in the
# notebook's metadata, into tests/ (otter on Colab reads checks only from files).
HOMEWORK_SETUP = """\
# На Colab ставим aekeras и otter-grader и кладём открытые проверки из метаданных тетрадки
# в папку tests/; локально и при проверке всё уже установлено.
import sys

COLAB = "google.colab" in sys.modules
if COLAB:
    %pip install -q "aekeras @ git+{url}" "otter-grader>=7,<8"
    import os

    from google.colab import _message

    os.makedirs("tests", exist_ok=True)
    notebook = _message.blocking_request("get_ipynb", timeout_sec=60)["ipynb"]
    for name, source in notebook["metadata"]["otter"]["tests"].items():
        with open(f"tests/{{name}}.py", "w", encoding="utf-8") as f:
            f.write(source)

import otter

grader = otter.Notebook(None if COLAB else "{notebook}")"""
HOMEWORK_REQUIREMENTS = """\
# What otter's Docker image installs to grade (`otter grade`); `otter run` uses the current
# environment. Written by tools/sync_notebooks.py from pyproject's Repository.
aekeras @ git+{url}
"""


def homework_setup_source(notebook_name):
    """Source of a homework master's setup cell (tagged "setup")."""
    return HOMEWORK_SETUP.format(url=repository_url(), notebook=notebook_name)


def homework_requirements():
    """homework/requirements.txt: the grading image's packages."""
    return HOMEWORK_REQUIREMENTS.format(url=repository_url())


def sync_homework(path):
    """Rewrite a homework master's setup cell; return True if changed."""
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    for cell in nb.cells:
        if "setup" in cell.metadata.get("tags", []):
            cell.source = homework_setup_source(Path(path).name)
    changed = nbformat.writes(nb) != before
    if changed:
        nbformat.write(nb, path)
    return changed


def sync_homework_requirements(path=ROOT / "homework" / "requirements.txt"):
    changed = not path.exists() or path.read_text(encoding="utf-8") != homework_requirements()
    if changed:
        path.write_text(homework_requirements(), encoding="utf-8")
    return changed


def all_notebooks():
    return sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")) + sorted(
        ROOT.glob("solutions/[0-9][0-9]_*_solutions.ipynb")
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timings", help="a run's timings.json to take the seconds from first")
    args = parser.parse_args()
    if args.timings:
        take_run(args.timings)
    times = load_timings() if TIMINGS.is_file() else None

    def report(changed, path):
        print(("updated " if changed else "ok      ") + str(path.relative_to(ROOT)))

    for nb_path in all_notebooks():
        report(sync(nb_path, times), nb_path)
    for nb_path in sorted(ROOT.glob("homework/hw[0-9][0-9]_*.ipynb")):
        report(sync_homework(nb_path), nb_path)
    report(sync_homework_requirements(), ROOT / "homework" / "requirements.txt")
