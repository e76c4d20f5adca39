# pveplan: `make run` serves the app, `make test` runs the whole suite. Both set up what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# The first Python >= 3.12 on PATH (Django 6 needs it; pyenv reads .python-version).
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VENDOR := pveplan/static/vendor
LANGS := ar fr es ru zh_Hans

.PHONY: setup run test lint audit fmt messages compilemessages check-messages bench check clean

setup: $(VENV)/.installed $(VENDOR)/.built compilemessages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "pveplan needs Python 3.12 or newer on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=25.1"
	$(PY) -m pip install -q --group dev
	touch $@

$(VENDOR)/.built: package.json package-lock.json scripts/build_vendor.mjs
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	touch $@

compilemessages: $(VENV)/.installed
	$(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules

run: setup
	@echo ""
	@echo "pveplan is starting on http://127.0.0.1:$(PORT)/"
	@echo "Demo accounts (illustrative data, demo only; password for all: pveplan-demo-2026):"
	@echo "  admin, unoct.officer, jordan.focal, jordan.editor, jordan.viewer, lebanon.editor,"
	@echo "  mali.editor, asean.editor, undp.staff, norway.donor   (roles in README.md)"
	@echo "Two-factor for admin, unoct.officer, jordan.focal: code from python manage.py totp_code USERNAME"
	@echo ""
	@$(PY) manage.py recover_tasks
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy pveplan config
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory audit
	$(MAKE) --no-print-directory check-messages

# Supply chain and static security checks (SECURITY.md): bandit fails on any high-severity
# finding; pip-audit fails on any known-vulnerable package in the environment built from the
# pins. Where its vulnerability service cannot be reached, pip-audit audits nothing: that is
# reported as a warning, and is an error with AUDIT_STRICT=1 (make lint AUDIT_STRICT=1).
audit: $(VENV)/.installed
	$(VENV)/bin/bandit -c pyproject.toml -r pveplan config -q -lll
	@out=$$($(VENV)/bin/pip-audit --local --skip-editable --progress-spinner off 2>&1); status=$$?; \
	skipped=$$(printf '%s\n' "$$out" | grep -c "could not be audited"); \
	if printf '%s\n' "$$out" | grep -Eq "Found [0-9]+ known vulnerabilit"; then \
		printf '%s\n' "$$out"; exit 1; \
	elif [ $$status -ne 0 ] || [ $$skipped -gt 0 ]; then \
		printf '%s\n' "$$out" | grep -Ev "could not be audited|^Name +Skip|^-+ |No known vulnerabilities" | tail -n 5; \
		echo "pip-audit: WARNING: NOT AUDITED: the vulnerability service (PyPI JSON API or OSV) is unreachable from here ($$skipped packages skipped, exit $$status)"; \
		test -z "$(AUDIT_STRICT)"; \
	else echo "pip-audit: no known vulnerabilities"; fi

fmt: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract every translatable string into locale/*/LC_MESSAGES/django.po.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --no-location --no-obsolete $(addprefix -l ,$(LANGS)) \
		--ignore=.venv --ignore=node_modules --ignore=var --ignore=e2e

# Fails when a string in the code is missing from a catalogue, or a catalogue has untranslated
# or fuzzy entries.
check-messages: messages
	@git diff --quiet -I '^"POT-Creation-Date' -- locale || { \
		echo "locale/ is out of date with the code: run 'make messages', translate, commit"; \
		git --no-pager diff --stat -- locale; exit 1; }
	@for po in locale/*/LC_MESSAGES/django.po; do \
		out=$$(msgfmt --check --statistics -o /dev/null $$po 2>&1); \
		case "$$out" in *untranslated*|*fuzzy*) echo "$$po: $$out"; exit 1;; esac; \
	done; echo "translations complete"

# Time and peak memory of exports, document reading and the classifier, on a throwaway
# database under var/bench (figures printed, never asserted; see pveplan/core/management/commands/bench.py).
bench: $(VENV)/.installed compilemessages
	$(PY) manage.py bench

check: lint test

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
