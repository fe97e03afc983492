# The two commands a new user needs: `make chart` (generate charts/redis) and `make test`.
MVN ?= mvn -B -ntp

.PHONY: deps chart test golden e2e bench fuzz clean

## deps: install the Debian packages the tests need (.ci/packages) when missing; says what it
## installs; without root or apt-get it names them and stops
deps:
	@bash .ci/deps

## chart: regenerate charts/redis from schema/ + templates/ and build generator/target/chartgen.jar
## (and chartgen.jsa beside it: the AppCDS archive bin/chartgen starts with).
## A chartgen failure (e.g. the published-version guard) ends with chartgen's own message:
## Maven's trace after "Command execution failed" is cut. Needs Java 17 and Maven only: the
## Debian packages of make deps are for the tests.
chart:
	@mkdir -p target
	@$(MVN) -q package -DskipTests >target/make-chart.log 2>&1; rc=$$?; \
	  sed '/^\[ERROR\] Command execution failed/,$$d' target/make-chart.log; exit $$rc

## test: every test (golden files, real Helm, real Redis); the command CI runs
test: deps
	$(MVN) verify

## golden: rewrite the golden files from the current chart; review the diff before committing
golden: deps chart
	$(MVN) -q -pl generator test -Dgolden.update=true

## e2e: install, helm test, upgrade, roll back and uninstall the packaged chart on k3s
## (needs Docker; without it the suite is skipped with one line)
e2e: chart
	$(MVN) -pl generator test -DexcludedGroups= -Dgroups=e2e

## bench: the performance figures (generator, chart render, Redis throughput) as one table; run make chart first
bench: deps
	$(MVN) -q -pl generator -Pbench test-compile exec:exec@bench

## fuzz: the differential values run at full size: 5,000 generated values files through
## chartgen validate and real Helm (make test runs 1,500); SEED=N reproduces a printed seed
fuzz: deps
	$(MVN) -q -pl generator test -Dtest=ValuesContractTest -Dcontract.cases=5000 $(if $(SEED),-Dcontract.seed=$(SEED))

## clean: remove build output (the committed chart stays)
clean:
	$(MVN) -q clean
