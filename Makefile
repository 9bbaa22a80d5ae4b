# dome-infra. `make plan` and `make test` work on a fresh clone with no
# credentials; preview/up/refresh/drift need the pulumi CLI and a token.
# `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
STACK ?= dev
GO ?= go
BIN := $(CURDIR)/bin
PROVIDER := $(BIN)/pulumi-resource-dome-cloudflare
# A pulumi already on PATH wins; else the one `make tools` builds, pinned by
# go.mod's tool directive to the SDK's version.
PULUMI ?= $(shell command -v pulumi 2>/dev/null || echo $(BIN)/pulumi)
PULUMI_VERSION := $(shell $(GO) list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)

.PHONY: help setup build tools sdk test check lint plan preview up refresh check-cli guard

help: ## list the targets with what each does
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

setup: ## download modules
	$(GO) mod download

build: ## the program and the companion provider's plugin binary
	$(GO) build ./...
	$(GO) build -o $(PROVIDER) ./cmd/pulumi-resource-dome-cloudflare

# The companion's Go SDK is generated from the provider's schema; scripts/gensdk's
# test (in check and test) fails while the checked-in sdk/ is not what this writes.
sdk: ## regenerate sdk/go/domecloudflare, the companion provider's Go SDK, from its schema (commit the result)
	$(GO) generate ./internal/provider

tools: ## the pulumi CLI at the SDK's version, into bin/
	$(GO) build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$(PULUMI_VERSION)" \
		-o $(BIN)/pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# bin/pulumi is built when it is missing or older than go.mod (a new pin);
# Go's build cache makes a rebuild of an unchanged CLI a link step.
$(BIN)/pulumi: go.mod go.sum
	@$(MAKE) --no-print-directory tools

test: $(BIN)/pulumi ## every suite: vet, unit, mock, provider, emulator, golden plans, then e2e and wrangler conformance (builds the pinned CLI when missing)
	$(GO) vet ./...
	PATH="$(BIN):$$PATH" $(GO) test ./...
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory conformance

check: ## the fast loop: vet and every test but the end-to-end suite (no CLI needed)
	$(GO) vet ./...
	$(GO) test ./...

lint: ## formatting, vet, and actionlint on the workflows
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) -C tools/actionlint tool actionlint -color=false $(wildcard $(CURDIR)/.github/workflows/*.yml)

plan: ## offline plan of STACK under Pulumi mocks (no credentials, no network)
	$(GO) run ./scripts/plan -stack $(STACK)

# Local credentials: a git-ignored .env (see .env.example), read the dotenv
# way by scripts/dotenv.sh — KEY=value lines exported to the commands of
# preview, up, refresh and drift only; a variable already set in the
# environment wins. No recipe echoes a value: those commands start with @.
DOTENV := . $(CURDIR)/scripts/dotenv.sh &&

check-cli:
	@if [ ! -x "$(PULUMI)" ] && ! command -v "$(PULUMI)" >/dev/null 2>&1; then \
		echo "the pulumi CLI is missing: install it, or run 'make tools' to build bin/pulumi"; exit 1; fi
	@$(DOTENV) if [ -z "$$CLOUDFLARE_API_TOKEN" ] && ! "$(PULUMI)" config get cloudflare:apiToken --stack $(STACK) >/dev/null 2>&1; then \
		echo "no Cloudflare token: set CLOUDFLARE_API_TOKEN in .env (see .env.example) or the environment, or 'pulumi config set --secret cloudflare:apiToken' (see README)"; exit 1; fi; \
	if [ -n "$$CLOUDFLARE_ACCOUNT_ID" ]; then \
		stack_account=$$("$(PULUMI)" config get dome-infra:accountId --stack $(STACK) 2>/dev/null); \
		if [ -n "$$stack_account" ] && [ "$$stack_account" != "$$CLOUDFLARE_ACCOUNT_ID" ]; then \
			echo "CLOUDFLARE_ACCOUNT_ID (.env or the environment) is not stack $(STACK)'s dome-infra:accountId: the token's account is not the stack's; fix one of them"; exit 1; fi; fi

# The guard (scripts/guard, internal/guard) judges every preview before an
# up: any destructive step in staging or prod fails it unless ALLOW_DESTROY
# names that resource's URN (comma-separated, one per resource). In CI it
# also writes its verdict into the job summary ($GITHUB_STEP_SUMMARY).
ALLOW_DESTROY ?=
# GUARD_SUMMARY: a file the guard appends its Markdown verdict to.
GUARD_SUMMARY ?= $(GITHUB_STEP_SUMMARY)
# REPLACE: URNs (comma-separated) that preview and up replace on purpose
# (`--replace`), as recovering a D1 database or R2 bucket deleted outside
# Pulumi does (docs/runbooks.md); a replace is destructive, so the guard
# still refuses it in staging and prod unless ALLOW_DESTROY names it too.
REPLACE ?=
# Passed to the shell through the environment, never spliced into a command.
export ALLOW_DESTROY GUARD_SUMMARY REPLACE
# REPLACE_FLAGS: a bash array of `--replace <urn>`, one per URN of REPLACE.
REPLACE_FLAGS := replace=(); IFS=, read -ra urns <<<"$$REPLACE"; for u in "$${urns[@]}"; do replace+=(--replace "$$u"); done;
PREVIEW_EVENTS := $(CURDIR)/build/preview-$(STACK).events.jsonl
PREVIEW_TEXT := $(CURDIR)/build/preview-$(STACK).txt

guard: ## build the guard (bin/guard); `bin/guard -h` for its flags
	$(GO) build -o $(BIN)/guard ./scripts/guard

preview: check-cli build guard ## pulumi preview of STACK, then the guard's verdict (ALLOW_DESTROY=<urn>,<urn> allows named destruction; REPLACE=<urn>,<urn> replaces on purpose)
	@mkdir -p build && rm -f "$(PREVIEW_EVENTS)" "$(PREVIEW_TEXT)"
	@$(DOTENV) $(REPLACE_FLAGS) set -o pipefail && PATH="$(BIN):$$PATH" "$(PULUMI)" preview --stack $(STACK) --diff \
		--event-log "$(PREVIEW_EVENTS)" "$${replace[@]}" | tee "$(PREVIEW_TEXT)"
	@$(BIN)/guard -stack $(STACK) -preview "$(PREVIEW_EVENTS)" \
		$(if $(ALLOW_DESTROY),-allow-destroy="$$ALLOW_DESTROY") $(if $(GUARD_SUMMARY),-summary "$$GUARD_SUMMARY")

# up runs preview (and so the guard) first: a refusal stops make before the
# up. YES=1 (CI) skips the CLI's own second preview and its prompt.
up: preview ## preview → guard → pulumi up of STACK; refuses when the guard does (ALLOW_DESTROY=..., YES=1 in CI)
	@$(DOTENV) $(REPLACE_FLAGS) PATH="$(BIN):$$PATH" "$(PULUMI)" up --stack $(STACK)$(if $(YES), --yes --skip-preview) "$${replace[@]}"

refresh: check-cli build ## pulumi refresh of STACK
	@$(DOTENV) PATH="$(BIN):$$PATH" "$(PULUMI)" refresh --stack $(STACK)

# Offline tools derived from the estate model; none needs credentials.
.PHONY: validate diagram wrangler-config
# OUTPUTS: a file of `pulumi stack output --json --stack $(STACK)`, for the D1 IDs
# only a deployment knows.
OUTPUTS ?=

validate: ## check every stack's config and the estate against the policy rules
	$(GO) run ./scripts/validate

diagram: ## regenerate docs/architecture.md, the Mermaid diagram of the estate
	$(GO) run ./scripts/diagram -out docs/architecture.md

wrangler-config: ## wrangler.json of every worker of STACK into build/wrangler/STACK (OUTPUTS=outputs.json for real D1 IDs)
	$(GO) run ./scripts/wrangler -stack $(STACK)$(if $(OUTPUTS), -outputs $(OUTPUTS))

# Import of the hand-made estate: read-only (GET requests only); needs
# CLOUDFLARE_API_TOKEN with the Read permission of each group (README).
.PHONY: import

import: ## import.json for `pulumi import --file` of STACK's existing resources (read-only; ONLY=d1,r2 limits the groups)
	$(GO) run ./scripts/import -stack $(STACK) -out import.json$(if $(ONLY), -only $(ONLY))

# End-to-end tests (the real engine, program and plugins against the
# emulator; nothing reaches Cloudflare or Pulumi Cloud) and drift detection.
.PHONY: e2e drift
E2E_REPORT ?= $(CURDIR)/build/e2e-report.md

e2e: ## end-to-end tests against the emulator (needs `make tools`); prints the measured report
	@if [ ! -x "$(BIN)/pulumi" ]; then \
		echo "e2e: $(BIN)/pulumi is missing: run 'make tools' first (the end-to-end tests need the pulumi CLI at go.mod's SDK version)"; exit 1; fi
	$(GO) vet -tags e2e ./e2e/...
	@rm -f "$(E2E_REPORT)"; \
		E2E_REPORT="$(E2E_REPORT)" $(GO) test -tags e2e -count=1 -timeout 15m ./e2e/...; status=$$?; \
		if [ -f "$(E2E_REPORT)" ]; then echo; cat "$(E2E_REPORT)"; fi; exit $$status

drift: check-cli build ## refresh preview of STACK expecting no changes: names what drifted, exits non-zero on drift
	$(GO) build -o $(BIN)/drift ./scripts/drift
	@$(DOTENV) PATH="$(BIN):$$PATH" $(BIN)/drift -stack $(STACK) -pulumi "$(PULUMI)"

# Benchmarks (issue 14): deploy time with the emulator's latency against
# the API's critical path, the request floor, growth with synthetic estates,
# build cost. Only `make bench` runs them (BENCH=1; `make e2e` skips
# TestBench), so `make test` stays fast. BENCH_LATENCY is the emulator's
# latency per request (a Cloudflare round trip from CI is about 150ms);
# BENCH_SIZES the synthetic estates' worker counts.
.PHONY: bench
BENCH_REPORT ?= $(CURDIR)/build/bench-report.md
BENCH_LATENCY ?= 150ms
BENCH_SIZES ?= 6,30,120

bench: $(BIN)/pulumi ## latency-bound deploy times, request floors and growth against the emulator; prints one table (rows `bench:`)
	@rm -f "$(BENCH_REPORT)"; \
		BENCH=1 BENCH_LATENCY="$(BENCH_LATENCY)" BENCH_SIZES="$(BENCH_SIZES)" BENCH_REPORT="$(BENCH_REPORT)" \
		$(GO) test -tags e2e -count=1 -timeout 30m -run '^TestBench$$' ./e2e/; status=$$?; \
		if [ -f "$(BENCH_REPORT)" ]; then \
			deps=$$($(GO) list -deps ./scripts/plan | wc -l); \
			start=$$(date +%s.%N); $(GO) build -o /dev/null ./scripts/plan; end=$$(date +%s.%N); \
			echo "| bench: packages in the build of make plan (go list -deps) | $$deps | — | — |" >> "$(BENCH_REPORT)"; \
			awk -v s="$$start" -v e="$$end" 'BEGIN { printf "| bench: build of make plan, warm Go cache | %.1f s | — | — |\n", e - s }' >> "$(BENCH_REPORT)"; \
			echo; cat "$(BENCH_REPORT)"; fi; exit $$status

# Conformance: wrangler, Cloudflare's own CLI, against the emulator. Installs
# a pinned node (wrangler 4 needs node >= 22.12) and wrangler from the npm
# registry into build/conformance (cached), then runs conformance/ (build tag
# `conformance`): every command must succeed and the emulator must store what
# wrangler sent. Nothing but loopback and the npm registry is reached.
.PHONY: conformance
CONFORMANCE_DIR := $(CURDIR)/build/conformance
CONFORMANCE_NODE ?= 22.23.3
CONFORMANCE_WRANGLER ?= 4.164.0
CONFORMANCE_BIN := $(CONFORMANCE_DIR)/node_modules/.bin
CONFORMANCE_STAMP := $(CONFORMANCE_DIR)/.installed-node$(CONFORMANCE_NODE)-wrangler$(CONFORMANCE_WRANGLER)
CONFORMANCE_REPORT ?= $(CURDIR)/build/conformance-report.md

$(CONFORMANCE_STAMP):
	@command -v npm >/dev/null || { echo "conformance: npm is missing (any node/npm installs the pinned node $(CONFORMANCE_NODE))"; exit 1; }
	mkdir -p $(CONFORMANCE_DIR)
	rm -f $(CONFORMANCE_DIR)/.installed-*
	npm install --prefix $(CONFORMANCE_DIR) --no-audit --no-fund --no-save --loglevel=error \
		node@$(CONFORMANCE_NODE) wrangler@$(CONFORMANCE_WRANGLER)
	@"$(CONFORMANCE_BIN)/node" --version | grep -qx "v$(CONFORMANCE_NODE)" || { echo "conformance: npm's node@$(CONFORMANCE_NODE) did not install a node binary"; exit 1; }
	touch $@

conformance: $(CONFORMANCE_STAMP) $(BIN)/pulumi ## wrangler (pinned, from npm) against the emulator; prints wrangler's requests by route beside pulumi up's
	$(GO) vet -tags conformance ./conformance/...
	@rm -f "$(CONFORMANCE_REPORT)"; \
		CONFORMANCE_BIN="$(CONFORMANCE_BIN)" CONFORMANCE_PULUMI="$(BIN)/pulumi" CONFORMANCE_REPORT="$(CONFORMANCE_REPORT)" \
		$(GO) test -tags conformance -count=1 -timeout 15m ./conformance/...; status=$$?; \
		if [ -f "$(CONFORMANCE_REPORT)" ]; then echo; cat "$(CONFORMANCE_REPORT)"; fi; exit $$status
