# Manabi — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.manabi-installed

EDITOR_BUNDLE := grading/static/grading/dist/editor.js

.PHONY: install kernel-env run test messages lint clean

install: $(STAMP) kernel-env $(EDITOR_BUNDLE)

# The grading kernels' own environment (readable by the sandbox's unprivileged user). The script
# finds where it belongs and returns at once while its requirements are unchanged.
kernel-env: $(STAMP)
	bash scripts/install_kernel_env.sh

# The browser notebook editor, bundled from npm at build time.
$(EDITOR_BUNDLE): package.json package-lock.json $(wildcard grading/static/grading/src/*.js)
	bash scripts/build_frontend.sh

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
