# Two commands set everything up on a fresh machine:
#   make site   – create .venv, install pinned dependencies, build the default campaign into site/
#   make test   – install test tools (Debian's Chromium, ProperDocs venv) and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PD_VENV := .venv-properdocs
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test install install-test chromium ssh-keygen properdocs node-tools libzim8 serve check clean bundle zim messages bench-tools editor-assets edit

$(BIN)/campaign-site: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

install: $(BIN)/campaign-site

site: install
	$(BIN)/campaign-site build

serve: install
	$(BIN)/campaign-site serve

bundle: install
	$(BIN)/campaign-site bundle

zim: install
	$(BIN)/campaign-site zim

# Chromium, Noto Sans (the font's source) and the local fonts the site's
# metric-matched fallback faces name (Roboto, Liberation Sans = Arial's metrics):
# the layout-shift tests draw the page with them while the web font is held back.
TEST_FONTS := /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf \
  /usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf \
  /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
chromium:
	@command -v chromium >/dev/null 2>&1 && ( for f in $(TEST_FONTS); do [ -f $$f ] || exit 1; done ) || { \
	  echo "Installing Debian's chromium and fonts…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core \
	    fonts-roboto-unhinted fonts-liberation >/dev/null; }

# OpenSSH's ssh-keygen: the tests check that it accepts our USB-copy signatures.
ssh-keygen:
	@command -v ssh-keygen >/dev/null 2>&1 || { \
	  echo "Installing Debian's openssh-client (ssh-keygen)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-client >/dev/null; }

# ProperDocs (the MkDocs 1.x fork, our escape hatch) in a venv of its own: it
# redirects `mkdocs` imports to itself.
$(PD_VENV)/bin/properdocs: constraints-properdocs.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/pip install -q -c constraints-properdocs.txt properdocs mkdocs-material mkdocs-static-i18n
	$(PD_VENV)/bin/pip install -q -c constraints.txt -e .
	touch $@

properdocs: $(PD_VENV)/bin/properdocs

# axe-core and other browser-side test tools, pinned in package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

node-tools: node_modules/.package-lock.json

# The previous libzim generation (python-libzim 2.1 = libzim 8, the oldest with
# a wheel for our Python), to check that older Kiwix readers open our ZIM files.
LIBZIM8_VENV := .venv-libzim8
$(LIBZIM8_VENV)/bin/python:
	$(PYTHON) -m venv $(LIBZIM8_VENV)
	$(LIBZIM8_VENV)/bin/pip install -q libzim==2.1.0
	touch $@

libzim8: $(LIBZIM8_VENV)/bin/python

# The benchmarks' own tools (not needed by the tests): Debian's Hugo, the
# fastest generator in the field, as bench/build_bench.py's third baseline.
bench-tools: install
	@command -v hugo >/dev/null 2>&1 || { \
	  echo "Installing Debian's hugo…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }

# The browser editor (campaign-site edit) runs Decap CMS: the pinned release is fetched from npm
# with npm's own client (never from a CDN), checked against its sha512 and unpacked (only its
# ready-made browser files) into .editor-assets/; nothing of it is ever part of the site.
DECAP_VERSION := 3.16.3
DECAP_INTEGRITY := sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==
EDITOR_ASSETS := .editor-assets/decap-cms

$(EDITOR_ASSETS)/decap-cms.js: Makefile
	rm -rf .editor-assets/download && mkdir -p .editor-assets/download $(EDITOR_ASSETS)
	cd .editor-assets/download && npm pack --silent decap-cms@$(DECAP_VERSION) >/dev/null
	test "$$($(PYTHON) -c 'import base64, hashlib, sys; print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' .editor-assets/download/decap-cms-$(DECAP_VERSION).tgz)" = "$(DECAP_INTEGRITY)"
	tar -xzf .editor-assets/download/decap-cms-$(DECAP_VERSION).tgz -C $(EDITOR_ASSETS) --strip-components=2 \
	  --wildcards 'package/dist/*decap-cms.js' 'package/dist/decap-cms.js.LICENSE.txt' 'package/dist/*.wasm'
	rm -rf .editor-assets/download
	touch $@

editor-assets: $(EDITOR_ASSETS)/decap-cms.js

# The browser editor on http://127.0.0.1:8010/ (forms, media, preview).
edit: install editor-assets
	$(BIN)/campaign-site edit

install-test: install chromium ssh-keygen properdocs node-tools libzim8 editor-assets

# The suite runs in TEST_WORKERS processes (pytest-xdist; the machine's two cores), each test
# file whole in one of them (--dist loadfile: a module's fixtures are built once); the
# session's shared sites are built once for all of them (tests/conftest.py built_once).
TEST_WORKERS ?= 2
test: install-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

clean:
	rm -rf site dist .pytest_cache

# Refresh the message catalog after changing problem messages in the code.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k problem:4 -k problem_at:2 -k fail:1 -k _problem:4 -k N_ \
	  --no-location --omit-header --sort-output --no-wrap -o scripts/campaign_site/locale/campaign.pot .
	$(BIN)/pybabel update --no-wrap -D campaign -i scripts/campaign_site/locale/campaign.pot \
	  -d scripts/campaign_site/locale -l vi
