# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python 3.12+ found (python3 first: pyenv's .python-version points it at 3.12).
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12; do \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; \
  done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
EDGE_PORT ?= 8080
MANAGE := $(BIN)/python manage.py

.PHONY: help run test e2e lint format migrate demo serve edge messages bench bench-growth soak backup restore clean

help:
	@echo "make run      install, migrate, load the demo content, serve http://127.0.0.1:$(PORT)/"
	@echo "             with the task workers and the scheduler (Ctrl-C stops them all)"
	@echo "make test     install the dev requirements and run the whole test suite"
	@echo "make e2e      only the browser tests (Chromium + axe-core, see docs/testing.md)"
	@echo "make lint     ruff check, format check and the import contracts between rooms"
	@echo "make serve    gunicorn, the workers and the scheduler with production settings"
	@echo "make edge     the same behind Varnish: http://127.0.0.1:$(EDGE_PORT)/ (docs/edge.md)"
	@echo "make messages update and compile the translations"
	@echo "make bench    seed PostgreSQL, run the site under gunicorn, measure it with wrk"
	@echo "make bench-growth  the same pages at 1,000 and 100,000 articles, interleaved"
	@echo "make soak     10 minutes of traffic while Redis, PostgreSQL and SMTP fail (docs/reliability.md)"
	@echo "make backup   a dump of DATABASE_URL (PostgreSQL) in var/backups/ (docs/deployment.md)"
	@echo "make restore BACKUP=file  that dump back into DATABASE_URL, replacing what is there"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (python3 --version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

migrate: $(VENV)/.runtime
	@mkdir -p var/staticfiles
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo

# The site, the task workers and the scheduler as one process tree (Procfile.dev):
# Ctrl-C stops them together.
run: demo
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho --procfile Procfile.dev start --port $(PORT)

# axe-core for the browser tests, pinned by package-lock.json (skipped without npm:
# the browser tests then say what is missing).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; fi

# Two workers (pytest-xdist), each test file on one of them: each has its own test
# database and Redis database (tests/conftest.py). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2

test: $(VENV)/.dev node_modules/.package-lock.json
	$(BIN)/pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile) $(PYTEST_ARGS)

e2e: $(VENV)/.dev node_modules/.package-lock.json
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.dev
	$(MANAGE) makemessages --locale en --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*'
	$(MANAGE) compilemessages --locale en --ignore '.venv/*'

# Production settings on loopback, for trying the production stack locally. A real
# deployment sets SECRET_KEY, ALLOWED_HOSTS and runs behind a TLS-terminating proxy.
# The demo content is seeded in production mode: no demo superuser with its published
# password (one left by `make run` loses it).
serve: migrate
	@mkdir -p var/staticfiles
	@test -s var/secret_key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key
	NEWSROOM_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  $(MANAGE) seed_demo
	NEWSROOM_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  SERVE_MEDIA="$${SERVE_MEDIA:-true}" $(MANAGE) collectstatic --noinput --verbosity 0
	NEWSROOM_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  SERVE_MEDIA="$${SERVE_MEDIA:-true}" PATH="$(CURDIR)/$(BIN):$$PATH" \
	  $(BIN)/honcho --procfile Procfile start --port $(PORT)

# `make serve` behind Varnish (deploy/varnish/default.vcl) on loopback: the edge on
# EDGE_PORT (8080), the site on PORT (8000), purged by the worker with a token of its own
# (var/edge/token). Needs varnishd and its xkey module (apt-get install varnish
# varnish-modules). See docs/edge.md.
edge: migrate
	@command -v varnishd >/dev/null || { echo "varnishd is missing: apt-get install varnish varnish-modules"; exit 1; }
	@mkdir -p var/staticfiles var/edge
	@test -s var/secret_key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key
	@test -s var/edge/token || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(32))' > var/edge/token
	$(MANAGE) edge_vcl --check
	NEWSROOM_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  $(MANAGE) seed_demo
	NEWSROOM_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  SERVE_MEDIA="$${SERVE_MEDIA:-true}" $(MANAGE) collectstatic --noinput --verbosity 0
	NEWSROOM_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  SERVE_MEDIA="$${SERVE_MEDIA:-true}" TRUSTED_PROXIES="$${TRUSTED_PROXIES:-1}" \
	  SITE_URL="$${SITE_URL:-http://127.0.0.1:$(EDGE_PORT)}" \
	  PURGE_HOOK=infra.purgers.varnish VARNISH_PURGE_URLS="http://127.0.0.1:$(EDGE_PORT)/" \
	  PURGE_TOKEN="$$(cat var/edge/token)" EDGE_PORT=$(EDGE_PORT) BACKEND_PORT=$(PORT) \
	  PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho --procfile Procfile.edge start --port $(PORT)

# Benchmarks against PostgreSQL and Redis (DATABASE_URL/REDIS_URL override the local
# defaults); needs wrk (apt-get install -y wrk). See docs/performance.md.
bench: $(VENV)/.runtime
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-growth: $(VENV)/.runtime
	$(BIN)/python bench/growth.py $(BENCH_ARGS)

# Its own PostgreSQL, Redis and SMTP sink on loopback (never the machine's), the site
# with production settings: every process of the Procfile (gunicorn, the task worker, the mail
# worker, the scheduler); SOAK_ARGS="--duration 120". Not for a shared machine (docs/reliability.md).
soak: $(VENV)/.dev
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

# PostgreSQL backups (docs/deployment.md): a custom-format dump of DATABASE_URL in
# BACKUP_DIR, named by its UTC time and only once complete; restored into DATABASE_URL
# (BACKUP=the file) in one transaction, replacing the objects it holds.
BACKUP_DIR ?= var/backups

backup:
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL must name the PostgreSQL database to back up." >&2; exit 1; }
	@mkdir -p "$(BACKUP_DIR)"
	@file="$(BACKUP_DIR)/newsroom-$$(date -u +%Y%m%dT%H%M%SZ).dump"; \
	  pg_dump --format=custom --no-owner --no-privileges --dbname="$$DATABASE_URL" --file="$$file.partial" \
	  && mv "$$file.partial" "$$file" && echo "$$file"

restore:
	@test -n "$(BACKUP)" || { echo "BACKUP must name the dump: make restore BACKUP=var/backups/newsroom-….dump" >&2; exit 1; }
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL must name the PostgreSQL database to restore into." >&2; exit 1; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
	  --dbname="$$DATABASE_URL" "$(BACKUP)"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache node_modules tests/e2e/screenshots
