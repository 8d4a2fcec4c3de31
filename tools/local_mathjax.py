"""A local copy of MathJax 2.7 for the rendered pages, so formulas typeset without a network.

MathJax comes from the ``jupyter-server-mathjax`` package (a requirement): its ``static/``
folder is MathJax 2.7 with the TeX/MathML inputs, the HTML-CSS output and the STIX-Web fonts.
"""

import importlib.util
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = "jupyter_server_mathjax"
DEST = Path("_static") / "mathjax"  # inside the output folder
# The package's combined configuration plus ours (written into the copy, see LOCAL_CONFIG).
CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe,aekeras"
# The package ships the STIX-Web web fonts only (no TeX fonts, no image fonts): tell HTML-CSS
# to use them rather than look for fonts it would not find.
LOCAL_CONFIG = """\
MathJax.Hub.Config({
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null}
});
MathJax.Ajax.loadComplete("[MathJax]/config/aekeras.js");
"""
# Left out of the copy: the SVG output (its jax.js is not in the package, only fonts), the
# speech-rule engine and its maps (loaded only when a reader turns on the accessibility
# explorer in MathJax's menu), and the translations other than English and Russian.
SKIP_DIRS = {"SVG", "mathmaps"}
SKIP_FILES = {"mathjax-sre.js", "invalid_keypress.mp3", "invalid_keypress.ogg"}
KEEP_LOCALES = {"en", "ru"}


def mathjax_source():
    """The package's MathJax folder, or None when the package is not installed."""
    spec = importlib.util.find_spec(PACKAGE)  # finds it without importing jupyter_server
    if spec is None or not spec.submodule_search_locations:
        return None
    static = Path(next(iter(spec.submodule_search_locations))) / "static"
    return static if (static / "MathJax.js").is_file() else None


def _ignore(folder, names):
    folder = Path(folder)
    skipped = {n for n in names if n in SKIP_DIRS or n in SKIP_FILES}
    if folder.name == "localization":
        skipped |= {n for n in names if n not in KEEP_LOCALES}
    return skipped


def copy_mathjax(out_dir):
    """Copy MathJax into ``out_dir/_static/mathjax`` (once per package version).

    Returns the copy's folder, or None when jupyter-server-mathjax is missing.
    """
    source = mathjax_source()
    if source is None:
        return None
    dest = Path(out_dir) / DEST
    try:
        stamp = f"{PACKAGE} {version(PACKAGE.replace('_', '-'))}\n"
    except PackageNotFoundError:
        stamp = f"{PACKAGE} (unknown version)\n"
    marker = dest / ".copied-from"
    if marker.is_file() and marker.read_text(encoding="utf-8") == stamp:
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest, ignore=_ignore)
    (dest / "config" / "aekeras.js").write_text(LOCAL_CONFIG, encoding="utf-8")
    marker.write_text(stamp, encoding="utf-8")
    return dest


def mathjax_url(page_dir, out_dir):
    """Relative URL of the copied MathJax.js (with its configuration) from a page in page_dir."""
    rel = Path(page_dir).resolve().relative_to(Path(out_dir).resolve())
    up = "../" * len(rel.parts)
    return f"{up}{DEST.as_posix()}/MathJax.js?config={CONFIG}"
