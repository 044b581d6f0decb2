# Taicang co-governance assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY_VERSION  := $(shell cat .python-version)
PYTHON_BASE ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PY_VERSION)/bin/python /usr/local/bin/python3.10 /usr/bin/python3.10))
VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
MODEL       := models/taicang.tar.gz
RASA_PORT   ?= 5005
ACTION_PORT ?= 5055
WEB_PORT    ?= 8080
TEST_ACTION_PORT ?= 5155

export DATABASE_URL ?= sqlite:///$(CURDIR)/var/catalog.db
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false

TRAINING_INPUTS := config.yml domain.yml components/*.py $(shell find data -name '*.yml' -not -path 'data/nlu/generated/*' 2>/dev/null)
PLACE_INPUTS := $(wildcard bot/places/*.py bot/lexicon/*.py bot/data/*.yml bot/vocab/categories.py bot/vocab/classifier.py bot/vocab/urgency.py data/categories/*.yml data/urgency/*.yml data/nlu/*.yml)

.PHONY: help install build train db run run-prod shell test test-unit test-conversations test-e2e validate bench bench-profile lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-20s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml .python-version
	@test -x "$(PYTHON_BASE)" || { echo "Python $(PY_VERSION) not found (pyenv install $(PY_VERSION))"; exit 1; }
	test -x $(PY) || $(PYTHON_BASE) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create .venv with Python 3.10 and install the project

build/.stamp: $(VENV)/.installed $(PLACE_INPUTS)
	$(PY) -m bot build-nlp
	touch $@

build/web/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p build/web
	cp node_modules/weui/dist/style/weui.min.css node_modules/echarts/dist/echarts.min.js build/web/
	gzip -kf9 build/web/weui.min.css build/web/echarts.min.js  # served as is to browsers that accept gzip
	touch $@

build: build/.stamp build/web/.stamp ## Build the place dictionary, spaCy pipeline, synonyms, and the web assets from npm

$(MODEL): build/.stamp $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name taicang --out models --force
	touch $@

train: $(MODEL) ## Train the model when the training data changed

db: $(VENV)/.installed ## Create or migrate the catalog (Alembic), with the 160 communities
	$(PY) -m bot init-db

run: train db build/web/.stamp ## Start the Rasa server, the action server and the web gateway, and print how to chat
	$(PY) -m bot serve --model $(MODEL) --rasa-port $(RASA_PORT) --action-port $(ACTION_PORT) --web-port $(WEB_PORT)

run-prod: train build/web/.stamp ## Production profile: PostgreSQL, Redis, two Rasa servers, the action server and the gateway, each restarted when it exits (data in var/prod)
	RASA_PORT=$(RASA_PORT) ACTION_PORT=$(ACTION_PORT) WEB_PORT=$(WEB_PORT) $(PY) -m bot prod

shell: train db ## Chat with the assistant in the terminal
	@mkdir -p var/log; SANIC_HOST=127.0.0.1 $(PY) -m rasa_sdk --actions actions --port $(ACTION_PORT) --quiet > var/log/actions-shell.log 2>&1 & \
	  trap "kill $$! 2>/dev/null" EXIT; sleep 8; \
	  $(RASA) shell --model $(MODEL) --endpoints endpoints.yml

validate: build/.stamp ## Check the training data and domain
	$(RASA) data validate --fail-on-warnings

test-unit: build/.stamp ## Unit and integration tests (no servers)
	$(PY) -m pytest tests/unit tests/integration -q

test-conversations: train ## Conversation tests with `rasa test` against a test catalog
	rm -rf var/test && mkdir -p var/test var/log
	DATABASE_URL=sqlite:///$(CURDIR)/var/test/conversations.db $(PY) -m bot init-db
	DATABASE_URL=sqlite:///$(CURDIR)/var/test/conversations.db ROSTER_FILE=$(CURDIR)/var/test/roster.yml \
	  OUTBOX_PATH=$(CURDIR)/var/test/outbox.db SANIC_HOST=127.0.0.1 $(PY) -m rasa_sdk --actions actions \
	  --port $(TEST_ACTION_PORT) > var/log/actions-conversations.log 2>&1 & pid=$$!; \
	  trap "kill $$pid 2>/dev/null" EXIT; \
	  for i in $$(seq 60); do curl -sf http://127.0.0.1:$(TEST_ACTION_PORT)/health >/dev/null && break; sleep 1; done; \
	  ACTION_ENDPOINT_URL=http://127.0.0.1:$(TEST_ACTION_PORT)/webhook \
	  $(RASA) test core --model $(MODEL) --stories tests/conversations --endpoints endpoints.yml \
	    --fail-on-prediction-errors --out var/test/results

test-e2e: train build/web/.stamp ## End-to-end tests through the real servers, on SQLite, then on the production profile
	FUZZ_EXAMPLES=40 $(PY) -m pytest tests/e2e -q
	E2E_PROFILE=prod $(PY) -m pytest tests/e2e -q --tb=short

test: install build validate test-unit test-conversations test-e2e ## Set up, then run every test

bench: train db ## Benchmarks: NLU, latency, memory, training, matching, cadre questions at 1M needs (writes bench/results)
	$(PY) bench/run.py

bench-profile: train db ## Where one message's time goes: the parts of whole need reports (not part of the table)
	$(PY) bench/profile_message.py

lint: $(VENV)/.installed ## Lint with ruff
	$(VENV)/bin/ruff check bot actions channels components tests bench

clean: ## Remove the build, models and local catalog
	rm -rf build models/*.tar.gz var data/nlu/generated
