# Manabi — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.manabi-installed

.PHONY: install run test messages lint clean

install: $(STAMP)

$(STAMP): pyproject.toml scripts/install-system-packages.sh
	bash scripts/install-system-packages.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules -v0

run: install messages
	bash scripts/run.sh

test: install messages
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

clean:
	rm -rf var/*.sqlite3* var/celery var/log
