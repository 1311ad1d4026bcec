# canbo — the two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
VENDOR := canbo/static/vendor
HOST ?= 127.0.0.1
# make demo PORT=8080; for the network: make demo HOST=0.0.0.0 CANBO_ALLOWED_HOSTS=<the machine's address>
PORT ?= 8000

.PHONY: install assets demo test lint typecheck checks pytest chromium clean

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Front-end assets come from npm (package-lock.json) and are served locally: no CDN. Each minified file
# comes with the source map it names: collectstatic's manifest storage follows the reference.
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/htmx $(VENDOR)/bootstrap $(VENDOR)/datepicker $(VENDOR)/chartjs
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/vanillajs-datepicker/dist/js/datepicker-full.min.js $(VENDOR)/datepicker/
	cp node_modules/vanillajs-datepicker/dist/js/locales/vi.js $(VENDOR)/datepicker/
	cp node_modules/vanillajs-datepicker/dist/css/datepicker-bs5.min.css $(VENDOR)/datepicker/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(VENDOR)/chartjs/
	touch $@

demo: install
	CANBO_DEBUG=1 $(BIN)/canbo migrate --noinput -v0
	CANBO_DEBUG=1 $(BIN)/canbo demo load
	@echo
	@echo "canbo chạy tại http://$(HOST):$(PORT)/  —  đăng nhập: noivu / canbo-demo-2025 (xem các tài khoản khác ở trên)"
	@echo
	CANBO_DEBUG=1 $(BIN)/canbo runserver $(HOST):$(PORT)

# Browser tests drive the system's Chromium (Debian package), never a downloaded browser.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Thiếu /usr/bin/chromium: cài bằng 'sudo apt-get install chromium' để chạy kiểm thử trình duyệt."; fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

checks: install
	DJANGO_SETTINGS_MODULE=canbo.settings_test $(BIN)/canbo check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=canbo.settings_test $(BIN)/canbo makemigrations --check --dry-run

# Everything but the browser tests on two workers (pytest-xdist; the machine has two cores), then the
# browser tests alone in one process, as before: with two Chromiums and two live servers on two cores,
# pages miss the tests' 5 s timeout on a loaded machine. The coverage of both runs is added up, and
# the floor ([tool.coverage.report] fail_under) checked on the sum.
PYTEST_WORKERS ?= 2
pytest: install chromium
	$(BIN)/pytest -n $(PYTEST_WORKERS) --ignore=tests/browser --cov --cov-report= --cov-fail-under=0
	$(BIN)/pytest tests/browser --cov --cov-append --cov-report=term:skip-covered

test: lint typecheck checks pytest

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var .pytest_cache .mypy_cache .ruff_cache
