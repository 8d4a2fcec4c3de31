"""The course site the runner writes: index.html, a navigation bar on every page, timings.json.

Everything is offline: one inline style sheet, no external assets.
"""

import json
import os
import platform
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tools.course_map import deck_titles, topic_of

SITE_TITLE = "Автокодировщики в Keras: курс"
SOLUTIONS_DIR = "solutions"  # solution pages go to <out>/solutions/, easy to leave out
TITLE = re.compile(r"^#[ \t]+(?:\d+\.\s*)?(.+)$", re.MULTILINE)  # "# NN. Title"


@dataclass
class Page:
    """One notebook of the run: where it comes from, where its page goes, how it went."""

    path: Path  # the source notebook
    kind: str = "notebook"  # or "solutions"
    title: str = ""
    status: str = "not run"  # "ok" or "FAILED" once run
    seconds: float = 0.0
    error: str = ""
    solutions: "Page | None" = None  # a notebook's solutions page, if any
    notebook: "Page | None" = None  # and back, a solutions page's notebook

    @property
    def stem(self):
        return self.path.stem

    @property
    def href(self):
        """Page address relative to the output folder."""
        folder = f"{SOLUTIONS_DIR}/" if self.kind == "solutions" else ""
        return f"{folder}{self.stem}.html"

    @property
    def number(self):
        head = self.stem.split("_", 1)[0]
        return head if head.isdigit() else ""


def notebook_title(nb, fallback):
    """The title of `# NN. Title` in the first markdown cell, without its number."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = TITLE.search(cell.source)
            return match.group(1).strip() if match else fallback
    return fallback


def fmt_seconds(secs):
    if secs < 60:
        return f"{secs:.1f} с".replace(".", ",")
    return f"{int(secs // 60)} мин {int(secs % 60):02d} с"


STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 color:#1f2328;background:#fff;margin:0}
main{max-width:1150px;margin:0 auto;padding:24px}
h1{font-size:1.8em;margin:.2em 0}
.meta{color:#57606a;margin:0 0 1.5em}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d0d7de;padding:8px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;font-size:.9em}
td.num,td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
td.time{text-align:right}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
ul.decks{margin:0;padding-left:1.1em;font-size:.88em;color:#424a53}
.status.ok{color:#1a7f37}.status.failed{color:#cf222e;font-weight:600}
.status.pending{color:#57606a}.status b{font-weight:inherit;white-space:nowrap}
.error{display:block;font-size:.8em;color:#cf222e;font-weight:normal;max-width:28em}
table.solutions{width:auto;min-width:60%}
footer{margin-top:2em;color:#57606a;font-size:.88em}
"""
STATUS = {"ok": ("ok", "✓ выполнена"), "FAILED": ("failed", "✗ ошибка")}


def _status_cell(page):
    css, text = STATUS.get(page.status, ("pending", "не выполнялась"))
    error = f'<span class="error">{escape(page.error[:300])}</span>' if page.error else ""
    return f'<td class="status {css}"><b>{text}</b>{error}</td>'


def _time_cell(page):
    shown = fmt_seconds(page.seconds) if page.status in STATUS else "—"
    return f'<td class="time">{shown}</td>'


def _notebook_row(page):
    topic = topic_of(page.stem)
    decks = "".join(f"<li>{escape(d)}</li>" for d in deck_titles(page.stem))
    solutions = (
        f'<a href="{page.solutions.href}">решения</a>' if page.solutions is not None else "—"
    )
    return (
        f'<tr id="nb-{escape(page.stem)}"><td class="num">{page.number}</td>'
        f'<td><a href="{page.href}">{escape(page.title)}</a></td>'
        f"<td>{escape(topic.topic) if topic else '—'}</td>"
        f"<td>{f'<ul class=decks>{decks}</ul>' if decks else '—'}</td>"
        f"{_time_cell(page)}{_status_cell(page)}<td>{solutions}</td></tr>"
    )


def _solutions_row(page):
    return (
        f'<tr id="sol-{escape(page.stem)}"><td class="num">{page.number}</td>'
        f'<td><a href="{page.href}">{escape(page.title)}</a></td>'
        f"{_time_cell(page)}{_status_cell(page)}</tr>"
    )


def index_html(pages, quick, date, offline_math=True):
    """The course index: notebooks with topic, decks, time, status; then the solutions."""
    notebooks = [p for p in pages if p.kind == "notebook"]
    solutions = [p for p in pages if p.kind == "solutions"]
    mode = "быстрый (AEKERAS_QUICK=1)" if quick else "полный"
    done = [p for p in pages if p.status in STATUS]
    failed = [p for p in pages if p.status == "FAILED"]
    summary = f"выполнено {len(done)} из {len(pages)}" + (
        f", с ошибкой: {len(failed)}" if failed else ""
    )
    parts = [
        "<!doctype html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{SITE_TITLE}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{SITE_TITLE}</h1>",
        f'<p class="meta">Режим: {mode} · {date:%d.%m.%Y %H:%M} · {summary} · общее время '
        f"{fmt_seconds(sum(p.seconds for p in done))}</p>",
        "<h2>Тетрадки</h2>",
        "<table><tr><th>№</th><th>Тетрадка</th><th>Тема</th><th>Лекции</th>"
        "<th>Время</th><th>Статус</th><th>Решения</th></tr>",
        *map(_notebook_row, notebooks),
        "</table>",
    ]
    if solutions:
        parts += [
            '<h2 id="solutions">Решения</h2>',
            f"<p>Разборы заданий лежат в папке <code>{SOLUTIONS_DIR}/</code>: чтобы раздать "
            "тетрадки без решений, раздайте всё, кроме неё.</p>",
            '<table class="solutions"><tr><th>№</th><th>Решения</th>'
            "<th>Время</th><th>Статус</th></tr>",
            *map(_solutions_row, solutions),
            "</table>",
        ]
    math = (
        "Формулы набирает локальная копия MathJax: страницы открываются без интернета."
        if offline_math
        else "Формулы набирает MathJax из интернета (пакет jupyter-server-mathjax не найден)."
    )
    parts += [
        "<footer>Каждая тетрадка выполнена сверху вниз в новом ядре. Время и сведения о машине "
        f'— в <a href="timings.json">timings.json</a>. {math}</footer>',
        "</main></body></html>",
    ]
    return "\n".join(parts)


NAV_STYLE = """<style>
nav.aek-nav{display:flex;flex-wrap:wrap;gap:.4em 1.5em;padding:10px 0;margin:0 0 12px;
 border-bottom:1px solid #d0d7de;font:15px/1.4 system-ui,sans-serif}
nav.aek-nav.bottom{border-bottom:0;border-top:1px solid #d0d7de;margin:24px 0 0}
nav.aek-nav a{color:#0969da;text-decoration:none}nav.aek-nav a:hover{text-decoration:underline}
</style>"""


def nav_html(page, prev, nxt, where="top"):
    """Links to the index, the previous and the next page (and, on solutions, the notebook)."""
    up = "../" if page.kind == "solutions" else ""

    def link(other, text, rel):
        return f'<a rel="{rel}" href="{up}{other.href}">{text}</a>'

    items = [f'<a href="{up}index.html">↑ Оглавление курса</a>']
    if prev is not None:
        items.append(link(prev, f"← {escape(prev.number)}. {escape(prev.title)}", "prev"))
    if nxt is not None:
        items.append(link(nxt, f"{escape(nxt.number)}. {escape(nxt.title)} →", "next"))
    if page.notebook is not None:
        nb = page.notebook
        items.append(f'<a href="../{nb.href}">Тетрадка {escape(nb.number)}. {escape(nb.title)}</a>')
    return f'<nav class="aek-nav {where}">{" ".join(items)}</nav>'


def add_nav(html, top, bottom):
    """Insert the navigation bars at the top and the bottom of a page's body."""
    if "</head>" in html:
        html = html.replace("</head>", f"{NAV_STYLE}</head>", 1)
    else:
        top = NAV_STYLE + top
    opening = re.search(r"<main[^>]*>", html) or re.search(r"<body[^>]*>", html, re.IGNORECASE)
    html = html[: opening.end()] + top + html[opening.end() :] if opening else top + html
    closing = html.rfind("</main>")
    if closing < 0:
        closing = html.lower().rfind("</body>")
    return html[:closing] + bottom + html[closing:] if closing >= 0 else html + bottom


def _version(package):
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def machine_facts():
    """What the run times depend on (read without importing TensorFlow)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu
            )
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "python": platform.python_version(),
        "tensorflow": _version("tensorflow"),
        "keras": _version("keras"),
        "numpy": _version("numpy"),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def timings(pages, quick, date):
    """The time table as a dict (written to timings.json)."""
    return {
        "mode": "quick" if quick else "full",
        "date": date.isoformat(timespec="seconds"),
        "machine": machine_facts(),
        "notebooks": [
            {
                "name": p.stem,
                "kind": p.kind,
                "title": p.title,
                "status": p.status,
                "seconds": round(p.seconds, 2),
                "error": p.error or None,
            }
            for p in pages
        ],
    }


def write_site(out_dir, pages, quick, date=None, offline_math=True):
    """Write index.html and timings.json into out_dir."""
    date = date or datetime.now().astimezone()
    out_dir = Path(out_dir)
    html = index_html(pages, quick, date, offline_math)
    (out_dir / "index.html").write_text(html, encoding="utf-8")
    text = json.dumps(timings(pages, quick, date), ensure_ascii=False, indent=1)
    (out_dir / "timings.json").write_text(text + "\n", encoding="utf-8")
