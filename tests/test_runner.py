"""The course runner on tiny throwaway notebooks: failures of every kind, the site it writes.

One course run (module fixture) holds a cell past the timeout, a kernel that kills itself, an
unreadable file, a notebook that works and its solutions.
"""

import json
import re
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tools import check_pages
from tools.course_map import COURSE, deck_titles, topic_of
from tools.course_site import Page, add_nav, index_html, notebook_title
from tools.run_course import course_notebooks, main

TIMEOUT = 2
FORMULA = "Формула $$E = mc^2$$ и $x^2$."


def write_notebook(path, title, *sources):
    nb = new_notebook(cells=[new_markdown_cell(f"# {title}\n\n{FORMULA}")])
    nb.cells += [new_code_cell(src) for src in sources]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """(output folder, main's return value, stderr) of one quick run of a small course."""
    root = tmp_path_factory.mktemp("course")
    nbs = root / "notebooks"
    write_notebook(
        nbs / "01_sleeps.ipynb",
        "01. Долгая ячейка",
        "print('before')",
        "import time\ntime.sleep(60)",
    )
    write_notebook(nbs / "02_dies.ipynb", "02. Ядро падает", "import os\nos.kill(os.getpid(), 9)")
    (nbs / "03_broken.ipynb").write_text("{not json", encoding="utf-8")
    write_notebook(nbs / "04_denoising.ipynb", "04. Всё хорошо", "print(6 * 7)")
    write_notebook(root / "solutions" / "04_denoising_solutions.ipynb", "04. Решения", "print(1)")
    out = root / "out"
    argv = ["--quick", "--notebooks", str(nbs), "--out", str(out), "--timeout", str(TIMEOUT)]
    return out, main(argv)


@pytest.fixture(scope="module")
def timings(course):
    return json.loads((course[0] / "timings.json").read_text(encoding="utf-8"))


def test_every_kind_of_failure_is_recorded_and_the_course_goes_on(course, timings):
    out, code = course
    rows = {nb["name"]: nb for nb in timings["notebooks"]}
    assert code != 0
    assert [(n, rows[n]["status"]) for n in rows] == [
        ("01_sleeps", "FAILED"),
        ("02_dies", "FAILED"),
        ("03_broken", "FAILED"),
        ("04_denoising", "ok"),
        ("04_denoising_solutions", "ok"),
    ]
    assert re.search(
        r"01_sleeps.ipynb failed in cell 2 .*CellTimeoutError", rows["01_sleeps"]["error"]
    )
    assert re.search(r"02_dies.ipynb failed in cell 1 .*DeadKernelError", rows["02_dies"]["error"])
    assert "03_broken.ipynb" in rows["03_broken"]["error"]
    assert rows["01_sleeps"]["seconds"] >= TIMEOUT
    assert rows["04_denoising"]["error"] is None


def test_partial_pages_of_failed_notebooks_show_where_they_stopped(course):
    out, _ = course
    sleeps = (out / "01_sleeps.html").read_text(encoding="utf-8")
    assert "before" in sleeps and f"ran past the {TIMEOUT} s timeout" in sleeps
    assert "DeadKernelError" in (out / "02_dies.html").read_text(encoding="utf-8")
    executed = nbformat.read(out / "04_denoising.ipynb", as_version=4)
    assert executed.cells[1].outputs[0].text == "42\n"
    assert not (out / "03_broken.html").exists()  # nothing to render, only marked
    assert (out / "solutions" / "04_denoising_solutions.html").is_file()


def test_main_names_the_failed_notebooks_on_stderr(tmp_path, capsys):
    write_notebook(tmp_path / "nb" / "01_fails.ipynb", "01. Ошибка", "1 / 0")
    assert main(["--notebooks", str(tmp_path / "nb"), "--out", str(tmp_path / "out")]) == 1
    assert re.search(
        r"FAILED:\n  01_fails.ipynb failed in cell 1 .*ZeroDivisionError", capsys.readouterr().err
    )


def test_timings_json_has_mode_date_machine_and_seconds(timings):
    assert timings["mode"] == "quick"
    assert datetime.fromisoformat(timings["date"]).tzinfo is not None
    machine = timings["machine"]
    assert machine["cpu_count"] >= 1 and machine["cpus_usable"] >= 1
    assert re.fullmatch(r"3\.\d+\.\d+", machine["python"])
    assert re.match(r"\d+\.\d+", machine["tensorflow"]) and re.match(r"\d+\.\d+", machine["keras"])
    kinds = {nb["name"]: nb["kind"] for nb in timings["notebooks"]}
    assert kinds["04_denoising"] == "notebook" and kinds["04_denoising_solutions"] == "solutions"
    assert all(nb["seconds"] > 0 for nb in timings["notebooks"] if nb["status"] == "ok")


def rows_of(html):
    """{row id: row HTML} of the index tables."""
    return dict(re.findall(r'<tr id="([^"]+)">(.*?)</tr>', html, re.DOTALL))


def test_index_lists_titles_decks_status_and_solutions_apart(course):
    out, _ = course
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Автокодировщики в Keras: курс</title>" in html
    assert "Режим: быстрый" in html and re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", html)
    rows = rows_of(html)
    assert list(rows) == [
        "nb-01_sleeps",
        "nb-02_dies",
        "nb-03_broken",
        "nb-04_denoising",
        "sol-04_denoising_solutions",
    ]
    for failed in ("nb-01_sleeps", "nb-02_dies", "nb-03_broken"):
        assert 'class="status failed"' in rows[failed]
    good = rows["nb-04_denoising"]
    assert '<a href="04_denoising.html">Всё хорошо</a>' in good
    assert '<a href="solutions/04_denoising_solutions.html">' in good
    assert "Соловей" in good and "шумоподавление" in good  # matched by the word "denois"
    assert 'class="status ok"' in good
    assert "<td>—</td>" in rows["nb-01_sleeps"]  # unknown topic: no decks
    assert html.index("<h2>Тетрадки</h2>") < html.index(">Решения</h2>") < html.index("sol-04")


def test_pages_carry_navigation_at_top_and_bottom(course):
    out, _ = course
    page = (out / "02_dies.html").read_text(encoding="utf-8")
    assert page.count('<nav class="aek-nav') == 2
    assert page.count('href="index.html"') == 2
    assert 'rel="prev" href="01_sleeps.html"' in page
    assert 'rel="next" href="03_broken.html"' in page
    first = (out / "01_sleeps.html").read_text(encoding="utf-8")
    assert 'rel="prev"' not in first
    solution = (out / "solutions" / "04_denoising_solutions.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in solution and 'href="../04_denoising.html"' in solution


def test_pages_load_the_local_mathjax_copy(course):
    out, _ = course
    for page in [out / "04_denoising.html", out / "solutions" / "04_denoising_solutions.html"]:
        html = page.read_text(encoding="utf-8")
        src = re.search(r'<script src="([^"]*MathJax\.js)\?config=([^"]+)"', html)
        assert src and not src[1].startswith(("http", "//", "/")), src
        assert (page.parent / src[1]).resolve().is_file()
        assert not re.search(r'<(script|link)[^>]*(src|href)="(https?:)?//', html)
    copy = out / "_static" / "mathjax"
    assert (copy / "config" / "aekeras.js").is_file()
    assert list((copy / "fonts" / "HTML-CSS" / "STIX-Web" / "woff").glob("*.woff"))
    size = sum(f.stat().st_size for f in copy.rglob("*") if f.is_file())
    assert size < 6_000_000


def test_nav_goes_into_any_page_shape():
    top, bottom = "<nav>T</nav>", "<nav>B</nav>"
    lab = "<html><head></head><body class='x'>\n<main>\nCELLS\n</main>\n</body></html>"
    assert re.search(
        r"<main>\n?<nav>T.*CELLS.*B</nav></main>", add_nav(lab, top, bottom), re.DOTALL
    )
    bare = add_nav("<body>CELLS</body>", top, bottom)
    assert re.search(r"<body>.*<nav>T.*CELLS<nav>B</nav></body>", bare, re.DOTALL)
    assert re.search(r"T.*CELLS.*B", add_nav("CELLS", top, bottom), re.DOTALL)


def test_titles_come_from_the_first_markdown_cell():
    nb = new_notebook(cells=[new_code_cell("x"), new_markdown_cell("# 07. Стек\n\nтекст")])
    assert notebook_title(nb, "fallback") == "Стек"
    assert notebook_title(new_notebook(cells=[new_markdown_cell("просто текст")]), "f") == "f"


def test_course_map_matches_every_notebook_and_survives_renumbering():
    for path in course_notebooks():
        topic = topic_of(path.stem)
        assert topic is not None and topic.number == int(path.name[:2]), path.name
    assert len(COURSE) == len({t.number for t in COURSE})
    assert topic_of("09_denoising").number == 5  # renumbered: found by its words
    assert topic_of("14_vae").number == 15  # the VAE was notebook 14 before the split of 13
    assert topic_of("13_generalized_ae").number == 13
    assert topic_of("14_embeddings").number == 14
    assert deck_titles("15_vae") == [
        "Викиконспекты ИТМО «Автокодировщик»",
        "Уткин «Глубокое обучение: автокодеры»",
    ]
    assert topic_of("16_gan") is None and deck_titles("16_gan") == []
    assert deck_titles("12_recommendations") == ["Викиконспекты ИТМО «Автокодировщик»"]
    html = index_html([Page(Path("16_gan.ipynb"), title="GAN")], True, datetime.now())
    assert "<td>—</td><td>—</td>" in html


TYPESET = (
    '<p>Текст <span class="MathJax_Preview"></span><span class="MathJax" id="a">x</span></p>'
    '<div class="MathJax_Display"><span class="MathJax" id="b">y</span></div>'
    "<pre>cost = $5 and $$ in code is fine</pre>"
)


def test_dom_check_counts_formulas_and_finds_raw_tex():
    assert check_pages.check_dom(TYPESET) == (2, [])
    assert check_pages.check_dom("<mjx-container>z</mjx-container>") == (1, [])
    formulas, problems = check_pages.check_dom("<p>Формула $$E = mc^2$$ и $x$.</p>")
    assert formulas == 0 and "raw TeX" in problems[0]
    _, problems = check_pages.check_dom('<p><span class="noError">\\frac{</span></p>')
    assert problems == ["1 formula(s) with TeX errors"]


@pytest.mark.skipif(check_pages.find_chromium() is None, reason="chromium is not installed")
def test_pages_typeset_formulas_in_a_browser_with_no_network(course, tmp_path):
    out, _ = course
    chromium = check_pages.find_chromium()
    result = check_pages.check_page(out / "04_denoising.html", chromium, tmp_path)
    assert result.ok, result.problems
    assert result.formulas == 2
    assert result.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The same page with MathJax from the web stays raw TeX: the browser had no network.
    online = out / "online.html"
    html = (out / "04_denoising.html").read_text(encoding="utf-8")
    cdn = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js"
    online.write_text(re.sub(r'src="[^"]*MathJax\.js', f'src="{cdn}', html), encoding="utf-8")
    result = check_pages.check_page(online, chromium)
    assert result.formulas == 0 and "raw TeX" in result.problems[0]
    online.unlink()


def test_check_pages_says_how_to_install_chromium(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    assert check_pages.main([str(tmp_path)]) == 2
    assert "apt-get install -y chromium" in capsys.readouterr().err
