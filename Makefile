# Front Door: two commands on a fresh machine.
#   make run    build everything that is missing, then start Rasa, the action server, the web app
#               and the background worker (python -m outbound.worker: alerts, queued jobs, SMS retries)
#   make test   build what the tests need, then run every test
#   make sms    text the running service from a made-up phone (SMS, or WhatsApp with ARGS=--whatsapp)
# Everything else here is a step of those two.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PY_APP ?= $(shell scripts/find_python 3.11)
PY_BOT ?= $(shell scripts/find_python 3.10)
APP := .venv/app
BOT := .venv/bot
MODEL := models/frontdoor.tar.gz
TRIAGE_MODEL := models/triage-reader.json.gz
# The second reading of triage depends on the corpora it is fitted on and on the rule table it reads beside.
TRIAGE_SOURCES := $(wildcard data/dev*/triage.jsonl) frontdoor/learned.py frontdoor/corpus.py frontdoor/triage.py \
	$(wildcard frontdoor/extraction/*.py) frontdoor/datafiles.py frontdoor/data/lexicon.yaml frontdoor/taxonomy.py
ENVFILE := var/frontdoor.env
BOT_SOURCES := bot/config.yml $(wildcard bot/domain/*.yml bot/data/*/*.yml data/nlu/*.yml)
PYTEST_ARGS ?=

.PHONY: help run setup test app app-test app-dev bot model triage-model env db system-deps bench nlu-cv clean

help:
	@echo "make run    set up (environments, model, database, demo data) and start everything"
	@echo "make test   set up what the tests need and run every test"
	@echo "make bench  run the benchmarks in bench/ and print their figures"
	@echo "make nlu-cv cross-validate the NLU training data (report in reports/nlu-cross-validation/)"

# RASA_INSTANCES (env file, 1 by default) Rasa instances, each with its own action server: scripts/procfile
# writes var/Procfile from Procfile, and var/procfile.env with what several instances share (read after the
# env file); with more than one, a local PostgreSQL and Redis start too unless RASA_TRACKER_HOST/RASA_REDIS_HOST say where.
run: setup
	@scripts/banner $(ENVFILE)
	@umask 077 && set -a && . ./$(ENVFILE) && $(APP)/bin/python scripts/procfile Procfile var/Procfile var/procfile.env && \
	  . ./var/procfile.env && set +a && exec $(APP)/bin/honcho start -f var/Procfile

setup: app-dev bot model triage-model env db

app: $(APP)/.installed
app-test: $(APP)/.test-installed
app-dev: $(APP)/.dev-installed
bot: $(BOT)/.installed
model: $(MODEL)
triage-model: $(TRIAGE_MODEL)
env: $(ENVFILE)
	@scripts/make_env $(ENVFILE)

# Environments install from the hashed locks in constraints/ (rewritten by scripts/lock), so every
# machine gets the same files; each step reruns only when its lock or pyproject.toml changes, and an
# environment is rebuilt from empty then, so nothing a lock dropped stays installed.
# The app environment is the runtime; make test adds the test extra, make run the dev extra.
$(APP)/.installed: pyproject.toml constraints/pip.lock constraints/app.lock
	$(PY_APP) -m venv --clear $(APP)
	$(APP)/bin/pip install --quiet --require-hashes -r constraints/pip.lock
	$(APP)/bin/pip install --quiet --require-hashes -r constraints/app.lock
	$(APP)/bin/pip install --quiet --no-deps -e .
	touch $@

$(APP)/.test-installed: $(APP)/.installed constraints/app-test.lock
	$(APP)/bin/pip install --quiet --require-hashes -r constraints/app-test.lock
	touch $@

$(APP)/.dev-installed: $(APP)/.installed constraints/app-dev.lock
	$(APP)/bin/pip install --quiet --require-hashes -r constraints/app-dev.lock
	touch $@

$(BOT)/.installed: bot/requirements.txt constraints/pip.lock constraints/bot.lock
	$(PY_BOT) -m venv --clear $(BOT)
	$(BOT)/bin/pip install --quiet --require-hashes -r constraints/pip.lock
	$(BOT)/bin/pip install --quiet --require-hashes -r constraints/bot.lock
	touch $@

# Retrained only when the bot's configuration, domain, stories, rules or NLU data change.
$(MODEL): $(BOT)/.installed $(BOT_SOURCES)
	@mkdir -p models
	@start=$$(date +%s); \
	$(BOT)/bin/rasa train --config bot/config.yml --domain bot/domain --data bot/data data/nlu \
	  --out models --fixed-model-name frontdoor --quiet && \
	echo "rasa train took $$(( $$(date +%s) - start )) s" | tee models/train-time.txt

# Refitted only when a development corpus or the rule table changes (under a minute).
$(TRIAGE_MODEL): $(APP)/.installed $(TRIAGE_SOURCES)
	@mkdir -p models
	@start=$$(date +%s); \
	FRONTDOOR_TRIAGE_MODEL=$@ $(APP)/bin/frontdoor triage-model fit && \
	echo "triage model fit took $$(( $$(date +%s) - start )) s"

$(ENVFILE):
	@scripts/make_env $(ENVFILE)

db: app env
	@umask 077 && set -a && . ./$(ENVFILE) && set +a && $(APP)/bin/frontdoor db upgrade && $(APP)/bin/frontdoor demo load

# Text the running service from a made-up phone, as Twilio would post it (development only);
# make sms ARGS="--whatsapp" for WhatsApp, ARGS='-m "text"' for one message.
.PHONY: sms
sms: env
	@set -a && . ./$(ENVFILE) && set +a && $(APP)/bin/frontdoor sms simulate $(ARGS)

system-deps:
	@scripts/system_deps

test: system-deps app-test bot model triage-model
	$(APP)/bin/python -m pytest $(PYTEST_ARGS)

bench: app bot model triage-model
	$(APP)/bin/python -m bench.chat_turn
	$(APP)/bin/python -m bench.understanding
	$(APP)/bin/python -m bench.triage_quality

nlu-cv: app bot
	$(APP)/bin/python -m bench.nlu_cross_validation

clean:
	rm -rf .venv models/*.tar.gz models/*.json.gz var .rasa results reports
