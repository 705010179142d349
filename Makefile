# Recupera: `make run` prepara todo y sirve la aplicación; `make test` prepara todo y prueba.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA_DIR ?= instancia

export RECUPERA_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test lint typecheck pytest servicio sistema instalar bench clean

$(BIN)/.instalado: pyproject.toml
	PYTHON=$(PYTHON) bash scripts/instalar-sistema.sh base
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

instalar: $(BIN)/.instalado

servicio:
	bash scripts/instalar-sistema.sh servicio

sistema:
	bash scripts/instalar-sistema.sh pruebas

run: instalar servicio
	RECUPERA_ENV=$${RECUPERA_ENV:-development} RECUPERA_DATA_DIR=$${RECUPERA_DATA_DIR:-$(DATA_DIR)} \
	  bash -c '$(BIN)/recupera db upgrade && $(BIN)/recupera demo && exec $(BIN)/recupera serve --sondear'

lint: instalar
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: instalar
	$(BIN)/mypy

pytest: instalar sistema
	$(BIN)/python scripts/verificar-postgres.py
	$(BIN)/pytest -n auto; codigo=$$?; \
	  if [ $$codigo -eq 5 ]; then echo "pytest no ejecutó ninguna prueba" >&2; fi; exit $$codigo

test: lint typecheck pytest

bench: instalar sistema
	$(BIN)/python benchmarks/importacion.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/ingesta.py
	$(BIN)/python benchmarks/ingesta.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/archivo.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/pagos.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/reportes.py --postgres $(RECUPERA_TEST_POSTGRES_URL)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
