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

## manifests: generate everything derived: the CRDs from the zod schemas in packages/api (for kustomize and
## the Helm chart), the scaler's copy of the KEDA proto and its TypeScript types, and docs/configuration.md
## from the deployables' config schemas
manifests: build
	node packages/scaler/scripts/generate-proto.mjs
	node packages/api/dist/generate-crds.js config/crd/bases
	node packages/api/dist/generate-crds.js $(CHART_DIR)/crds
	node packages/runtime/dist/render-config-docs.js docs/configuration.md \
		packages/operator/dist/config.js packages/interceptor/dist/config.js packages/scaler/dist/config.js

# ---- running it ---------------------------------------------------------------------------------
## demo: run the whole system on devcluster, scale a sample app from zero and back, print the timeline and
## how to reach each component, then keep running until Ctrl-C (DEMO_EXIT_AFTER_TIMELINE=1: stop after it)
demo: build
	@node --import tsx e2e/demo/main.ts

## cluster: run devcluster in the foreground (with the image map that runs our built deployables as pods), writing .devcluster/kubeconfig
cluster: build
	node packages/devcluster/dist/cli.js up --kubeconfig .devcluster/kubeconfig --images config/devcluster/images.yaml

# ---- images and deployment ----------------------------------------------------------------------
DEPLOY_NAMESPACE := keda
CHART_DIR := charts/keda-add-ons-http
CRD_NAMES := crd/httpscaledobjects.http.keda.sh crd/interceptorroutes.http.keda.sh
GIT_REVISION = $(shell git rev-parse HEAD 2>/dev/null || echo unknown)

# $(call docker_build,<component>,<image>): one image from Dockerfile.<component>, with its OCI labels.
docker_build = docker build --file Dockerfile.$(1) --tag $(2) \
	--build-arg VERSION=$(VERSION) --build-arg REVISION=$(GIT_REVISION) .
docker_buildx = docker buildx build --platform $(BUILD_PLATFORMS) --push --file Dockerfile.$(1) --tag $(2) \
	--build-arg VERSION=$(VERSION) --build-arg REVISION=$(GIT_REVISION) .

define refuse_latest
	@[ "$(VERSION)" != latest ] || { echo "$@: VERSION=latest is refused: tag the images with a version" >&2; exit 1; }
endef

define need_cluster
	@kubectl version --request-timeout=5s >/dev/null 2>&1 || { echo "$@: needs a reachable Kubernetes cluster in the current kubeconfig context" >&2; exit 1; }
endef

# config/default with the images set from IMAGE_REGISTRY, IMAGE_REPO and VERSION, written to stdout. The
# committed files stay untouched: kustomize renders config/default into a temporary overlay that sets the
# images, and the overlay is removed afterwards.
render_default = overlay="$$(mktemp -d)"; trap 'rm -rf "$$overlay"' EXIT; \
	kubectl kustomize config/default > "$$overlay/default.yaml"; \
	{ echo 'resources: [default.yaml]'; echo 'images:'; \
	  for c in operator interceptor scaler; do \
	    echo "  - {name: ghcr.io/keda-http/$$c, newName: $(IMAGE_REGISTRY)/$(IMAGE_REPO)/$$c, newTag: \"$(VERSION)\"}"; \
	  done; } > "$$overlay/kustomization.yaml"; \
	kubectl kustomize "$$overlay"

define need_docker
	@command -v docker >/dev/null 2>&1 || { echo "$@: needs the docker CLI, which is not installed" >&2; exit 1; }
	@docker info >/dev/null 2>&1 || { echo "$@: needs a running Docker engine; 'docker info' cannot reach one" >&2; exit 1; }
endef

## docker-build: build the three images ($(IMAGE_OPERATOR) and the others) with the local Docker engine
docker-build:
	$(need_docker)
	$(refuse_latest)
	$(call docker_build,operator,$(IMAGE_OPERATOR))
	$(call docker_build,interceptor,$(IMAGE_INTERCEPTOR))
	$(call docker_build,scaler,$(IMAGE_SCALER))

## docker-publish: build the three images for this machine's platform and push them
docker-publish:
	$(need_docker)
	$(refuse_latest)
	$(call docker_build,operator,$(IMAGE_OPERATOR))
	$(call docker_build,interceptor,$(IMAGE_INTERCEPTOR))
	$(call docker_build,scaler,$(IMAGE_SCALER))
	docker push $(IMAGE_OPERATOR)
	docker push $(IMAGE_INTERCEPTOR)
	docker push $(IMAGE_SCALER)

## publish-multiarch: build the three images for every platform in BUILD_PLATFORMS with buildx and push them
publish-multiarch:
	$(need_docker)
	$(refuse_latest)
	@docker buildx version >/dev/null 2>&1 || { echo "$@: needs the docker buildx plugin ('docker buildx version' fails)" >&2; exit 1; }
	$(call docker_buildx,operator,$(IMAGE_OPERATOR))
	$(call docker_buildx,interceptor,$(IMAGE_INTERCEPTOR))
	$(call docker_buildx,scaler,$(IMAGE_SCALER))

## deploy: install the CRDs, then config/default with the images above, into the current kubeconfig context
deploy: setup
	$(need_cluster)
	@kubectl get namespace $(DEPLOY_NAMESPACE) >/dev/null 2>&1 || kubectl create namespace $(DEPLOY_NAMESPACE)
	kubectl apply -k config/crd
	kubectl wait --for condition=established --timeout=60s $(CRD_NAMES)
	@$(render_default) | kubectl apply -f -

## undeploy: remove what deploy installed: the CRDs first (the operator, still running, releases every
## HTTPScaledObject's finalizer), then the rest; the namespace stays
undeploy: setup
	$(need_cluster)
	kubectl delete --ignore-not-found --timeout=120s $(CRD_NAMES)
	@$(render_default) | kubectl delete --ignore-not-found -f -

## pre-commit: the static checks in .pre-commit-config.yaml (needs Debian's pre-commit, shellcheck, yamllint)
pre-commit: setup
	@command -v pre-commit >/dev/null 2>&1 || { echo "pre-commit: needs the pre-commit tool (apt-get install pre-commit shellcheck yamllint)" >&2; exit 1; }
	pre-commit run --all-files

clean:
	rm -rf packages/*/dist .test-results
