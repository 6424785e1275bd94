# Bridgebook: `make demo` to try it, `make test` to run every test.
# Both install what is missing first (scripts/bootstrap.sh) and are quick once it is there.

PORT ?= 8000
PYTEST_ARGS ?=
# Tests run in parallel (pytest-xdist): one process per core and one more, as the browser
# tests spend part of their time waiting on Chromium; WORKERS=0 runs them in one process.
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

.PHONY: demo test lint setup bench

## demo: install, migrate, load the demo trust, run the web server and task worker on $(PORT)
demo:
	@scripts/bootstrap.sh
	@PORT=$(PORT) scripts/demo.sh

## test: install (with Debian's Chromium where possible) and run the whole suite
test:
	@scripts/bootstrap.sh --test
	@status=0; .venv/bin/pytest -n $(WORKERS) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

## lint: ruff over the Python code
lint:
	@scripts/bootstrap.sh
	.venv/bin/ruff check --extend-exclude '**/migrations/**' .

## bench: import a generated 2,000-pupil CTF; render the book's timeline and class day with
## a school year of entries (SQLite, and PostgreSQL when one answers on 127.0.0.1:5432);
## broadcast to every contact of the trust, then again with a worker killed and SMS failing;
## load the main pages served by gunicorn on PostgreSQL (flat out, open loop at 10 and 50
## requests a second, page weight for families; installs wrk and h2load where it can);
## figures go to bench/results.json. Every benchmark runs; the status is 1 if any missed.
bench:
	@scripts/bootstrap.sh --bench
	@status=0; \
	.venv/bin/python bench/bench_import.py || status=1; \
	.venv/bin/python bench/bench_book.py || status=1; \
	.venv/bin/python bench/bench_broadcast.py || status=1; \
	.venv/bin/python bench/bench_load.py || status=1; \
	exit $$status

## setup: only install what is missing
setup:
	@scripts/bootstrap.sh --test
