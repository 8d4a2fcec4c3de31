"""Open rendered course pages in headless Chromium with no network: screenshot, check formulas.

    python tools/check_pages.py                        # every page under build/course/
    python tools/check_pages.py build/course/01_bottleneck.html --shots build/screenshots

Each page is loaded from disk with every network request blocked, as on a computer without
internet. The DOM after MathJax has run must hold typeset formulas and no raw TeX ($$, \\(,
$...$) outside code; MathJax must report no TeX errors and no file that failed to load. Writes
one PNG per page and exits non-zero if any page fails.

Needs Chromium (not a project dependency): apt-get install -y chromium  (Debian/Ubuntu), or
point the CHROMIUM environment variable at a Chrome/Chromium binary.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install it with: apt-get install -y chromium   (or set CHROMIUM=/path/to/chrome)"
OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Nothing can be fetched: host names do not resolve, and every connection goes to a proxy
    # on a closed local port.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
)
# Output elements of MathJax 2 (HTML-CSS, CommonHTML, SVG) and MathJax 3.
MATH_CLASSES = {"MathJax", "MathJax_CHTML", "MathJax_SVG"}  # one per formula
MATH_TAGS = {"mjx-container"}
ERROR_CLASSES = {"noError", "merror", "MathJax_Error"}  # TeX that MathJax could not typeset
HIDDEN_TAGS = {"script", "style", "pre", "code", "textarea", "head", "title", "math"}
# Elements without an end tag, kept off the parser's stack of open elements.
VOID_TAGS = set("area base br col embed hr img input link meta param source track wbr".split())
RAW_TEX = re.compile(r"\$\$|\\\(|\\\[|\$[^$\s][^$\n]{0,200}\$")


def find_chromium():
    """Path of a Chromium/Chrome binary, or None."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if shutil.which(env) else None
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


class _Scan(HTMLParser):
    """Counts formula and error elements; collects the text a reader sees outside code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulas = self.errors = 0
        self.text, self._stack = [], []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        self.formulas += tag in MATH_TAGS or bool(classes & MATH_CLASSES)
        self.errors += bool(classes & ERROR_CLASSES)
        if tag not in VOID_TAGS:
            self._stack.append(tag in HIDDEN_TAGS or "MathJax_Preview" in classes)

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not any(self._stack):
            self.text.append(data)


@dataclass
class PageCheck:
    page: Path
    formulas: int = 0
    problems: list = field(default_factory=list)
    screenshot: Path | None = None

    @property
    def ok(self):
        return not self.problems


def check_dom(dom):
    """(number of typeset formulas, problems) of a page's DOM after MathJax has run."""
    scan = _Scan()
    scan.feed(dom)
    text = " ".join(scan.text)
    problems = []
    raw = RAW_TEX.findall(text)
    if raw:
        problems.append(f"raw TeX in the page text ({len(raw)}x, first {raw[0]!r})")
    if scan.errors:
        problems.append(f"{scan.errors} formula(s) with TeX errors")
    if "File failed to load" in text:
        problems.append("MathJax: " + re.search(r"File failed to load[^\n]{0,120}", text)[0])
    return scan.formulas, problems


def render(page, chromium, png=None, size=(1200, 1600), budget_ms=30000, timeout=180):
    """DOM of `page` after `budget_ms` of virtual time, opened offline; writes `png` if given."""
    with tempfile.TemporaryDirectory(prefix="check-pages-") as profile:
        cmd = [
            chromium,
            *OFFLINE_FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            f"--window-size={size[0]},{size[1]}",
            "--dump-dom",
        ]
        if png is not None:
            cmd.append(f"--screenshot={Path(png).resolve()}")
        cmd.append(Path(page).resolve().as_uri())
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"chromium failed on {page}: {proc.stderr.strip()[-500:]}")
    return proc.stdout


def check_page(page, chromium, shots=None, size=(1200, 1600)):
    """Render one page offline, screenshot it into `shots`, and check its formulas."""
    png = Path(shots) / f"{Path(page).stem}.png" if shots else None
    result = PageCheck(Path(page), screenshot=png)
    try:
        result.formulas, result.problems = check_dom(render(page, chromium, png, size))
    except (RuntimeError, subprocess.TimeoutExpired) as err:
        result.problems.append(str(err))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "pages", nargs="*", type=Path, help="HTML files or folders (default: build/course)"
    )
    parser.add_argument("--shots", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1600)
    args = parser.parse_args(argv)

    chromium = find_chromium()
    if chromium is None:
        print(f"Chromium not found: {INSTALL_HINT}", file=sys.stderr)
        return 2
    pages = []
    for item in args.pages or [ROOT / "build" / "course"]:
        pages += sorted(item.rglob("*.html")) if item.is_dir() else [item]
    pages = [p for p in pages if "_static" not in p.parts]
    if not pages:
        print("no pages to check (render some with tools/run_course.py)", file=sys.stderr)
        return 2
    args.shots.mkdir(parents=True, exist_ok=True)
    failed = 0
    for page in pages:
        result = check_page(page, chromium, args.shots, (args.width, args.height))
        failed += not result.ok
        verdict = "ok" if result.ok else "FAILED: " + "; ".join(result.problems)
        print(f"{page}: {result.formulas} formulas typeset, {verdict}", flush=True)
    print(f"Screenshots: {args.shots}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
