# Two commands matter on a fresh machine: `make run` and `make test`.
# Both create .venv and (re)install dependencies when pyproject.toml is newer than the last install.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: run console validate test clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot

console: $(STAMP)
	$(PY) -m bot console

validate: $(STAMP)
	$(PY) -m bot validate

test: $(STAMP)
	$(PY) -m pytest

# Figures, never pass/fail: prints one table and writes docs/benchmarks.md (~5 minutes), then the features' hot
# paths (docs/benchmarks-features.md: quiz answer, joining a group, the outbox's drain, /stats; ~10 minutes more). The profile part needs
# pyinstrument, from the `bench` extra; without it the profile is skipped with a note.
# /stats is measured on PostgreSQL too (in the schema bench_stats, seeded once): the machine's server by default,
# another with BENCH_POSTGRESQL=postgresql://…, none with BENCH_POSTGRESQL= ; without a server it says so and goes on.
BENCH_POSTGRESQL ?= postgresql://postgres@127.0.0.1:5432/test
.PHONY: bench
bench: $(BENCH_STAMP)
	$(PY) -m bench
	$(PY) -m bench.backends
	$(PY) -m bench.quiz
	$(PY) -m bench.classes
	$(PY) -m bench.outbox
	$(PY) -m bench.stats
	$(if $(BENCH_POSTGRESQL),$(PY) -m bench.stats --postgresql '$(BENCH_POSTGRESQL)')

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $(BENCH_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache
