"""tools/sync_notebooks.py: «Время» lines come from measured runs; partial runs merge."""

import json

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

from tools.sync_notebooks import _duration, class_minutes, take_run, time_line


def run_file(tmp_path, mode, seconds, date="2026-12-05T08:00:00+00:00", load=0.5, status="ok"):
    """A runner's timings.json: `seconds` maps notebook names to seconds; one solution too."""
    notebooks = [
        {"name": name, "kind": "notebook", "status": status, "seconds": s}
        for name, s in seconds.items()
    ]
    notebooks.append({"name": "01_x_solutions", "kind": "solution", "status": "ok", "seconds": 9})
    run = {
        "mode": mode,
        "date": date,
        "machine": {"cpus_usable": 2, "load_average": load},
        "notebooks": notebooks,
    }
    path = tmp_path / f"{mode}-{date[:10]}.json"
    path.write_text(json.dumps(run), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "seconds, words",
    [
        (0.4, "0 с"),
        (59.4, "59 с"),
        (60, "1 мин"),
        (130.2, "2 мин 10 с"),
        (600, "10 мин"),
        (754, "12 мин"),
    ],
)
def test_duration_in_the_words_of_the_course(seconds, words):
    assert _duration(seconds) == words


def test_class_time_is_the_run_plus_the_reading_rounded_up_to_five_minutes():
    nb = new_notebook(cells=[new_markdown_cell(" ".join(["слово"] * 1000))])  # 10 min at 100/min
    assert class_minutes(nb, 0) == 10
    assert class_minutes(nb, 170) == 15  # 2.8 + 10 = 12.8 -> 15
    assert class_minutes(new_notebook(cells=[]), 1) == 5  # never below five minutes


def test_a_run_is_taken_without_its_solutions(tmp_path):
    committed = tmp_path / "timings.json"
    take_run(run_file(tmp_path, "full", {"01_x": 29.3, "02_y": 100.0}), committed)
    full = json.loads(committed.read_text(encoding="utf-8"))["full"]
    assert full == {
        "date": "2026-12-05",
        "machine": "2-ядерном CPU",
        "load_average": 0.5,
        "seconds": {"01_x": 29.3, "02_y": 100.0},
    }


def test_a_partial_run_replaces_its_notebooks_and_keeps_the_others(tmp_path):
    committed = tmp_path / "timings.json"
    take_run(run_file(tmp_path, "full", {"01_x": 29.3, "02_y": 300.0}, load=0.4), committed)
    take_run(run_file(tmp_path, "quick", {"01_x": 9.0, "02_y": 20.0}), committed)
    rerun = run_file(tmp_path, "full", {"02_y": 150.0}, date="2026-12-06T09:00:00+00:00", load=1.1)
    take_run(rerun, committed)
    timings = json.loads(committed.read_text(encoding="utf-8"))
    assert timings["full"]["seconds"] == {"01_x": 29.3, "02_y": 150.0}
    assert timings["full"]["date"] == "2026-12-06"  # the newest run's
    assert timings["full"]["load_average"] == 1.1  # the highest
    assert timings["quick"]["seconds"] == {"01_x": 9.0, "02_y": 20.0}  # the other mode untouched


def test_a_failed_run_is_refused_and_nothing_is_written(tmp_path):
    committed = tmp_path / "timings.json"
    with pytest.raises(ValueError, match=r"notebooks \['01_x'\] failed"):
        take_run(run_file(tmp_path, "full", {"01_x": 5.0}, status="FAILED"), committed)
    assert not committed.exists()


def test_time_line_names_both_modes_the_machine_the_date_and_the_class_time():
    timings = {
        "full": {"date": "2026-12-05", "machine": "2-ядерном CPU", "seconds": {"01_x": 130}},
        "quick": {"date": "2026-12-05", "machine": "2-ядерном CPU", "seconds": {"01_x": 41}},
    }
    nb = nbformat.v4.new_notebook(cells=[new_markdown_cell("короткий текст")])
    assert time_line(nb, "01_x", timings) == (
        "**Время:** полный режим — 2 мин 10 с, быстрый — 41 с на 2-ядерном CPU "
        "(замер 2026-12-05); на занятии, с чтением и обсуждением текста, ≈ 5 мин."
    )


def test_class_time_does_not_count_the_time_line_itself():
    text = " ".join(["слово"] * 1000)
    bare = new_notebook(cells=[new_markdown_cell(text)])
    long_line = "**Время:** " + " ".join(["x"] * 300)
    with_line = new_notebook(cells=[new_markdown_cell(f"{text}\n\n{long_line}\n\nещё")])
    assert class_minutes(with_line, 170) == class_minutes(bare, 170) == 15
