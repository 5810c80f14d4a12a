# Loupe: `make demo` runs the built-in demo, `make test` runs the tests. Both install what they need.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build links against (idempotent: only missing ones are installed).
APT_PACKAGES := libopenblas-dev pkg-config libturbojpeg0-dev libpng-dev libsqlite3-dev zlib1g-dev wordnet-base
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
export LOUPE_CACHE ?= $(HOME)/.cache/loupe

.PHONY: help setup test demo bench
help:
	@echo "make demo   - build Loupe and run the built-in demo (installs what it needs)"
	@echo "make test   - run the test suite (installs what it needs)"
	@echo "make bench  - release build and performance tables"
	@echo "make setup  - install system packages and cached files only"
	@echo "make e2e    - browser check of loupe serve with headless Chromium (installs it)"

setup:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "setup: system packages present"; fi
	@bash Tools/setup/fetch_clip_vocab.sh
	@bash Tools/setup/fetch_sentence_encoder.sh

# Tests write their scratch files under one fresh TMPDIR, removed when the run ends (pass or fail).
test: setup
	$(SWIFT) build --build-tests
	scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/loupe-tests.XXXXXX") && trap 'rm -rf "$$scratch"' EXIT && TMPDIR="$$scratch" $(SWIFT) test

demo: setup
	$(SWIFT) build -c release --product loupe
	.build/release/loupe demo

bench: setup
	$(SWIFT) build -c release --product loupe-bench
	$(SWIFT) build -c release --product library-bench
	.build/release/loupe-bench
	.build/release/library-bench

# Opt-in, not in CI: full-size random-init ViT-B/32 models (~1.2 GB) checked against the
# reference libraries. Needs a Python with torch, transformers and open_clip_torch
# (see Tools/fixtures/make_clip_fixtures.py for the install line); PYTHON overrides it.
PYTHON ?= python3
PARITY_DIR ?= $(LOUPE_CACHE)/parity-full
.PHONY: parity-full
parity-full: setup
	$(PYTHON) Tools/fixtures/make_parity_full.py $(PARITY_DIR)
	$(SWIFT) build --build-tests
	LOUPE_PARITY_FULL=$(PARITY_DIR) $(SWIFT) test --filter FullParityTests

# Optional: measure PyTorch's training step on this machine so `make bench` prints ratios.
.PHONY: bench-torch
bench-torch:
	$(PYTHON) Tools/bench/torch_train_step.py
	$(PYTHON) Tools/bench/torch_sentence_encoder.py

# Browser check of `loupe serve`: headless Chromium (Debian `chromium`) opens a deep-linked search
# on a small library and the page must show the expected results; screenshots in out/e2e/.
# Reuses the debug build `make test` made. Only loopback traffic.
E2E_APT_PACKAGES := chromium curl
.PHONY: e2e
e2e: setup
	@missing=""; for p in $(E2E_APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "e2e: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "e2e: chromium present"; fi
	$(SWIFT) build --product loupe
	bash Tools/e2e/run.sh .build/debug/loupe
