# Recupera: `make run` prepara todo y sirve la aplicación; `make test` prepara todo y prueba;
# `make rapido` prueba en menos de minuto y medio lo que no necesita componentes reales.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA_DIR ?= instancia

export RECUPERA_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

# Un proceso de pytest por núcleo, con archivos enteros por proceso: las fixtures de módulo (una
# base con datos, un servidor, Chromium) se arman una vez; tests/conftest.py ordena los archivos
# de los más largos a los más cortos y xdist los reparte en ese orden.
PYTEST_PARALELO := -n auto --dist loadfile --no-loadscope-reorder
# Lo que `make rapido` deja fuera: las marcas de los componentes reales (ver pyproject.toml).
SIN_COMPONENTES := not postgres and not navegador and not lento and not ocr and not libreoffice \
  and not dovecot and not slapd and not nginx and not systemd

.PHONY: run test rapido lint typecheck pytest servicio sistema instalar bench clean

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
	$(BIN)/lint-imports

typecheck: instalar
	$(BIN)/mypy

pytest: instalar sistema
	$(BIN)/python scripts/verificar-postgres.py
	$(BIN)/pytest $(PYTEST_PARALELO); codigo=$$?; \
	  if [ $$codigo -eq 5 ]; then echo "pytest no ejecutó ninguna prueba" >&2; fi; exit $$codigo

test: lint typecheck pytest

# Pruebas rápidas, para el día a día: solo SQLite, sin Chromium, sin OCR, sin LibreOffice, sin
# Dovecot, OpenLDAP ni nginx, sin `make run` ni otros procesos completos (ni paquetes del sistema ni PostgreSQL).
# No reemplaza a `make test`.
rapido: instalar
	$(BIN)/pytest $(PYTEST_PARALELO) -m "$(SIN_COMPONENTES)"; codigo=$$?; \
	  if [ $$codigo -eq 5 ]; then echo "pytest no ejecutó ninguna prueba" >&2; fi; exit $$codigo

bench: instalar sistema
	$(BIN)/python benchmarks/importacion.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/ingesta.py
	$(BIN)/python benchmarks/ingesta.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/despacho.py
	$(BIN)/python benchmarks/despacho.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/avisos.py
	$(BIN)/python benchmarks/avisos.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/bandejas.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/tareas.py
	$(BIN)/python benchmarks/respaldo.py
	$(BIN)/python benchmarks/tareas.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/archivo.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/pagos.py --postgres $(RECUPERA_TEST_POSTGRES_URL)
	$(BIN)/python benchmarks/reportes.py --postgres $(RECUPERA_TEST_POSTGRES_URL)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
