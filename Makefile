# 新媒体备案库 — on a fresh clone, `make check` and `make test` set themselves up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: check test lint schemas codeowners bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

## check: check the bundled registry against the Measures
check: $(STAMP)
	$(BIN)/nmr check
	@echo "提示：运行 . $(VENV)/bin/activate 后可直接输入 nmr 命令（或写 $(BIN)/nmr）。"

# gitlab-ci-local (pinned: 4.56.2 runs on Node 18 and 20; the newest releases need Node 22) evaluates the GitLab pipelines in the tests
GCL := $(VENV)/node/node_modules/.bin/gitlab-ci-local
$(GCL):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node gitlab-ci-local@4.56.2

## test: every test (rules, loader, CLI, schemas, lint and types)
test: $(STAMP) $(GCL) lint
	$(BIN)/python -m pytest

## lint: ruff, ruff format --check and mypy --strict (part of make test)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## schemas: regenerate schemas/*.json from the models
schemas: $(STAMP)
	$(BIN)/python -m nmr.schemas.generate

## bench: figures on a synthetic registry (make bench N=100000 SEED=1; prints a table, not a test)
N ?= 10000
SEED ?= 1
bench: $(STAMP)
	$(BIN)/python bench/run.py --accounts $(N) --seed $(SEED)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
