# Factcheck: `make run` serves the demo, `make test` runs every check.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# The demo newsroom's port (the seeded demo site allows http://127.0.0.1:5001) and the
# Factcheck origin its page loads embed.js from.
NEWSROOM_PORT ?= 5001
FACTCHECK_ORIGIN ?= http://$(HOST):$(PORT)
# Empty: gunicorn.conf.py picks the count for the database (README: Deployment).
WORKERS ?=

.PHONY: run serve test lint check-types js-test pytest unit integration browser-deps wordpress-deps \
	bench attack clean messages-extract messages-update messages-compile

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(MAKE) messages-compile
	touch $(STAMP)

# The catalogs (README: Languages): extract every marked string into messages.pot, merge it
# into each language's messages.po, compile the .po files to the .mo files the app reads
# (built here, on install and in CI; never committed).
TRANSLATIONS := factcheck/translations
PYBABEL := $(VENV)/bin/pybabel
messages-extract:
	$(PYBABEL) -q extract -F babel.cfg -k N_ -k _l -k lazy_pgettext:1c,2 --no-location --sort-output \
	  --project Factcheck --copyright-holder Factcheck -o $(TRANSLATIONS)/messages.pot .

messages-update: messages-extract
	$(PYBABEL) -q update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

messages-compile:
	$(PYBABEL) compile --statistics -d $(TRANSLATIONS)

# Install, migrate, seed the demo article and serve it on the embedded SQLite database,
# with the demo newsroom (demo/newsroom.py: another origin, only the embed snippet) beside it;
# it stops with the app. The outbox worker runs as a daemon thread (README: Notifications).
run: $(STAMP)
	$(FLASK) db upgrade
	@# seed prints "demo site: <key>", the key the newsroom's snippet carries.
	@site=$$($(FLASK) seed | tee /dev/stderr | sed -n 's/^demo site: //p' | tail -n 1); \
	echo ""; \
	echo "  Factcheck is running at http://$(HOST):$(PORT)/"; \
	$(PY) demo/newsroom.py --factcheck $(FACTCHECK_ORIGIN) --site "$$site" --port $(NEWSROOM_PORT) & \
	newsroom=$$!; trap 'kill $$newsroom 2>/dev/null' EXIT INT TERM; \
	sleep 0.3; echo ""; \
	FACTCHECK_RUN_WORKER=1 $(FLASK) run --host $(HOST) --port $(PORT)

# Production serving with gunicorn (see README: Deployment).
serve: $(STAMP)
	$(FLASK) db upgrade
	$(VENV)/bin/gunicorn -c gunicorn.conf.py $(if $(WORKERS),--workers $(WORKERS)) --bind $(HOST):$(PORT) --access-logfile - app:app

# Debian's Chromium for the browser tests (Playwright never downloads a browser), and
# nginx for the slow-client test of the shipped proxy config (deploy/nginx-factcheck.conf).
browser-deps:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "note: missing $$missing; run 'sudo apt-get install $$missing' for those tests"; fi; \
	fi

# Debian's WordPress, Twenty Twenty-One, php-cli and php-mysql for tests/wordpress/ (apt-get
# only as root and only what is missing), and MariaDB on 127.0.0.1:3306 started if it is down.
wordpress-deps:
	@.ci/wordpress.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check-types: $(STAMP)
	$(VENV)/bin/mypy factcheck app.py

# The widget's modules under Node's own test runner (no npm packages). Without node it
# skips on a laptop and fails in CI, like the other tests that need a tool.
js-test:
	@if command -v node >/dev/null 2>&1; then node --test tests/js/; else \
	  case "$$CI" in 1|[Tt]rue|TRUE|[Yy]es|YES) \
	    echo "error: node is not installed; CI must run tests/js" >&2; exit 1;; esac; \
	  echo "note: node missing; skipping tests/js (install Node 20 or later)"; fi

pytest: $(STAMP) browser-deps wordpress-deps messages-compile
	$(VENV)/bin/pytest -q -rs

test: lint check-types js-test pytest

# Fast loops: the pure domain tests (no database), then services and views on a real one.
unit: $(STAMP) messages-compile
	$(VENV)/bin/pytest -q tests/unit

integration: $(STAMP) messages-compile
	$(VENV)/bin/pytest -q tests/integration tests/web

# Every benchmark prints its figures beside a baseline from the same run; each exits
# non-zero when it misses its target, and the rest still run. load.py needs wrk + PostgreSQL.
BENCHES := grouping_quality anchoring_quality grouping_speed diff_speed checker load
bench: $(STAMP)
	@failed=""; for name in $(BENCHES); do \
	  echo "== bench/$$name.py"; $(PY) bench/$$name.py || failed="$$failed $$name"; done; \
	  if [ -n "$$failed" ]; then echo "targets missed:$$failed"; exit 1; fi

# The attack rerun (issue 19) on its own gunicorn: ATTACK_ARGS='--postgres URL' or
# '--base-url URL --database-url URL' (bench/attack.py; the driver is tests/attack/driver.py).
attack: $(STAMP)
	$(PY) bench/attack.py $(ATTACK_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
