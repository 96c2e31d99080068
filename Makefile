# keda-http: the targets of the upstream developing guide, plus demo, lint, cluster and setup.
# Every target installs what it needs on a fresh machine that has only Node.js and npm.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

IMAGE_REGISTRY ?= ghcr.io
IMAGE_REPO ?= keda-http
VERSION ?= main
BUILD_PLATFORMS ?= linux/amd64,linux/arm64

IMAGE_OPERATOR := $(IMAGE_REGISTRY)/$(IMAGE_REPO)/operator:$(VERSION)
IMAGE_INTERCEPTOR := $(IMAGE_REGISTRY)/$(IMAGE_REPO)/interceptor:$(VERSION)
IMAGE_SCALER := $(IMAGE_REGISTRY)/$(IMAGE_REPO)/scaler:$(VERSION)

PNPM_VERSION := 12.4.2
PNPM := .tools/pnpm/node_modules/.bin/pnpm
TOOLS_BIN := $(CURDIR)/.tools/bin
export PATH := $(TOOLS_BIN):$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup build test unit-test e2e-test lint typecheck format manifests demo cluster \
	docker-build docker-publish publish-multiarch deploy undeploy pre-commit clean

# ---- set-up -------------------------------------------------------------------------------------
$(PNPM):
	npm install --prefix .tools/pnpm --no-audit --no-fund --loglevel=error pnpm@$(PNPM_VERSION)

node_modules/.modules.yaml: $(PNPM) pnpm-lock.yaml package.json $(wildcard packages/*/package.json) e2e/package.json bench/package.json
	$(PNPM) install --frozen-lockfile
	@touch $@

$(TOOLS_BIN)/kubectl $(TOOLS_BIN)/helm:
	node scripts/setup-tools.mjs

## setup: install pnpm, the workspace's dependencies, and the pinned kubectl and helm
setup: node_modules/.modules.yaml $(TOOLS_BIN)/kubectl $(TOOLS_BIN)/helm

# ---- build and test -----------------------------------------------------------------------------
## build: compile every package to packages/*/dist
build: setup
	tsc -b tsconfig.build.json

## test: every test (unit, integration, e2e), with the coverage report
test: build
	vitest run --coverage

unit-test: build
	vitest run --project unit

## e2e-test: the end-to-end scenarios on devcluster
e2e-test: build
	vitest run --project e2e

typecheck: setup
	tsc -p tsconfig.json --noEmit

## lint: ESLint (with the dependency-direction rules), Prettier check and the type check
lint: setup typecheck
	eslint .
	prettier --check .

format: setup
	prettier --write .

## manifests: generate the CRDs from the zod schemas in packages/api
manifests: build
	node packages/api/dist/generate-crds.js config/crd/bases

# ---- running it ---------------------------------------------------------------------------------
## demo: run the whole system on the embedded dev cluster
demo: build
	@echo "make demo: not yet available (arrives with the end-to-end issue)" >&2; exit 1

## cluster: run devcluster in the foreground, writing .devcluster/kubeconfig
cluster: build
	node packages/devcluster/dist/cli.js up --kubeconfig .devcluster/kubeconfig

# ---- images and deployment ----------------------------------------------------------------------
define need_docker
	@command -v docker >/dev/null 2>&1 || { echo "$@: needs the docker CLI, which is not installed" >&2; exit 1; }
	@docker info >/dev/null 2>&1 || { echo "$@: needs a running Docker engine; 'docker info' cannot reach one" >&2; exit 1; }
endef

docker-build:
	$(need_docker)
	@echo "docker-build: not yet available (arrives with the deployment-artefacts issue)" >&2; exit 1

docker-publish:
	$(need_docker)
	@echo "docker-publish: not yet available (arrives with the deployment-artefacts issue)" >&2; exit 1

publish-multiarch:
	$(need_docker)
	@echo "publish-multiarch: not yet available (arrives with the deployment-artefacts issue)" >&2; exit 1

deploy: setup
	@kubectl version --request-timeout=5s >/dev/null 2>&1 || { echo "deploy: needs a reachable Kubernetes cluster in the current kubeconfig context" >&2; exit 1; }
	@echo "deploy: not yet available (arrives with the deployment-artefacts issue)" >&2; exit 1

undeploy: setup
	@kubectl version --request-timeout=5s >/dev/null 2>&1 || { echo "undeploy: needs a reachable Kubernetes cluster in the current kubeconfig context" >&2; exit 1; }
	@echo "undeploy: not yet available (arrives with the deployment-artefacts issue)" >&2; exit 1

## pre-commit: the static checks in .pre-commit-config.yaml (needs Debian's pre-commit, shellcheck, yamllint)
pre-commit: setup
	@command -v pre-commit >/dev/null 2>&1 || { echo "pre-commit: needs the pre-commit tool (apt-get install pre-commit shellcheck yamllint)" >&2; exit 1; }
	pre-commit run --all-files

clean:
	rm -rf packages/*/dist .test-results
