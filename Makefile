# Every Go module in this repository: the core at the root, then the modules beside it.
MODULES := $(patsubst %/go.mod,%,$(shell git ls-files '*go.mod' 2>/dev/null || find . -name go.mod))
MODULES := $(patsubst go.mod,.,$(MODULES))

GO ?= go
TEST_FLAGS ?= -race -count=1 -timeout 20m

# staticcheck at a pinned release that knows Go 1.26. go run fetches it through the
# module proxy into the module cache the first time, so there is nothing to install.
STATICCHECK_VERSION ?= v0.8.2
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

.PHONY: test test-deps lint bench bench-all demo fuzz stress soak

## test: install what the tests need if it is missing, then run every module's tests
test: test-deps lint
	@set -e; for m in $(MODULES); do \
		echo "==> go test $$m"; \
		(cd $$m && $(GO) test $(TEST_FLAGS) ./...); \
	done

## test-deps: install redis-server and Chromium from Debian's packages when missing
test-deps:
	@./scripts/test-deps.sh

## lint: README_CN.md's code blocks against README.md's (scripts/readme-code.sh), then
## gofmt, and go vet and staticcheck on every module
lint:
	@./scripts/readme-code.sh
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@set -e; for m in $(MODULES); do \
		echo "==> vet and staticcheck $$m"; \
		(cd $$m && $(GO) vet ./... && $(STATICCHECK) ./...); \
	done

## bench: this package against its peers in one run; prints the Markdown report and
## writes bench/out/report.md and bench/out/chart.svg, then RESULTS.md and chart.svg
## (about 10 minutes on 2 cores)
bench:
	cd bench && $(GO) run .

## bench-all: every go test benchmark of every module
bench-all:
	@set -e; for m in $(MODULES); do \
		echo "==> go test -bench $$m"; \
		(cd $$m && $(GO) test -run '^$$' -bench . -benchmem ./...); \
	done

## stress: the stress tests at length, under -race: a million subscriptions cancelled
## at random moments on both transports, a proxy chain under client churn, and the
## hub's exactly-once test under random cuts, many times over (about 20 minutes on 2 cores)
STRESS_CYCLES ?= 1000000
stress:
	SSE_STRESS_CYCLES=$(STRESS_CYCLES) $(GO) test -race -count=1 -timeout 4h -v \
		-run 'TestCancelAtAnyMomentNeverFaults|TestProxyChainSurvivesClientChurn' .
	$(GO) test -race -count=200 -timeout 2h -run 'TestHubExactlyOnceUnderChaos' .

## soak: every module's tests, as make test runs them, SOAK_RUNS times in a row
## (30 by default); it stops at the first failure and says which run it was
SOAK_RUNS ?= 30
soak:
	@set -e; for i in $$(seq $(SOAK_RUNS)); do \
		for m in $(MODULES); do \
			(cd $$m && $(GO) test $(TEST_FLAGS) ./... >/tmp/sse-soak.log 2>&1) || \
				{ cat /tmp/sse-soak.log; echo "soak: run $$i of $(SOAK_RUNS) failed in $$m"; exit 1; }; \
		done; \
		echo "soak: run $$i of $(SOAK_RUNS) passed"; \
	done

## fuzz: a short run of every fuzz target
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzEventRoundTrip -fuzztime 30s .
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 30s ./internal/parser

## demo: run the chat demo (in-memory hub, nothing to install) and print its URL
demo:
	cd examples && $(GO) run ./chat -follow
