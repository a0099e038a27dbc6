# The two commands a newcomer needs: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-deps mutation bench install install-dev migrate demo lint format messages clean e2e-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install-dev: $(STAMP)

migrate: install-dev
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_data

# Set up and serve the demo site on http://$(HOST):$(PORT) (SQLite, dev settings).
# The background worker and the scheduler (feeds, mail, clean-ups) run beside the server.
run: demo
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/) — Ctrl+C to stop"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py run_worker --interval 2 >/dev/null 2>&1 & \
	$(BIN)/python manage.py run_scheduler >/dev/null 2>&1 & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# What the suite needs besides the venv: Debian's Chromium and nginx for the browser and deployment-kit
# tests (never a downloaded browser), axe-core for the accessibility tests, the compiled catalogues.
# Each step is a no-op when already done, so two `make test` runs can share a checkout (.ci/run).
test-deps: install-dev node_modules/.installed
	@command -v chromium >/dev/null && command -v nginx >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq chromium nginx-light >/dev/null)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

# A failed npm ci stops here (the accessibility tests would fail anyway).
node_modules/.installed: package-lock.json
	npm ci --silent --prefer-offline --no-audit --no-fund
	touch $@

# Set up and run the whole suite. DATABASE_URL=postgres://... runs it on PostgreSQL.
test: test-deps
	DJANGO_SETTINGS_MODULE=campaign_site.settings.test $(BIN)/pytest $(PYTEST_ARGS)

# Mutation testing of the core pure modules (slow; not part of `make test`): killed/survived per
# module, fails below 90% of the non-equivalent mutants (tests/mutation_equivalents.md).
mutation: install-dev
	$(BIN)/python scripts/mutation.py $(MUTATION_ARGS)

bench: install-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the Vietnamese catalogues from the code (then translate the new msgids).
messages: install-dev
	for dir in $$(dirname */apps.py); do \
	  (cd $$dir && ../$(BIN)/python ../manage.py makemessages -l vi --no-obsolete -v 0); done

clean:
	rm -rf $(VENV) .pytest_cache static_collected
