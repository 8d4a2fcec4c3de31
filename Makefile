# Two entry points for a fresh machine (see README):
#   make course  -- set up .venv and render the whole executed course to build/course/
#   make test    -- set up .venv and run the tests (unit tests + every notebook in quick mode,
#                   then the library tests again on the JAX backend)
#   make wheel   -- build dist/aekeras-*.whl (to upload to Colab when it cannot install from git)
#   make homework -- build the graded homework with otter-grader into build/homework/
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup course course-quick check-pages test lint sync wheel homework

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt -e .
	touch $@

setup: $(VENV)/.installed

course: setup
	$(BIN)/python tools/run_course.py

course-quick: setup
	$(BIN)/python tools/run_course.py --quick

# Open the rendered pages offline in headless Chromium (apt-get install -y chromium):
# screenshots into build/screenshots/, fails if a formula stays raw TeX.
check-pages: setup
	$(BIN)/python tools/check_pages.py

# The library's tests on a second Keras backend (the notebooks, runner and benchmarks use TF).
NOT_LIBRARY := notebooks notebook_format runner bench two_devices homework
JAX_TESTS := $(foreach t,$(NOT_LIBRARY),--ignore=tests/test_$(t).py)

test: setup
	$(BIN)/python -m pytest
	KERAS_BACKEND=jax $(BIN)/python -m pytest -q $(JAX_TESTS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check $(wildcard aekeras tests tools bench)

sync: setup
	$(BIN)/python tools/sync_notebooks.py

# Student notebook and autograder zip per homework/hwNN_*.ipynb; otter grades each reference
# solution on the way and the build fails unless it gets full marks.
homework: setup
	$(BIN)/python tools/build_homework.py

# Needs only pip, not .venv; --no-deps: Colab has the dependencies already.
wheel:
	$(PYTHON) -m pip wheel --no-deps -w dist .
