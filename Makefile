# The two commands a new user needs: `make chart` (generate charts/redis) and `make test`.
MVN ?= mvn -B -ntp

.PHONY: chart test golden e2e bench clean

## chart: regenerate charts/redis from schema/ + templates/ and build generator/target/chartgen.jar
chart:
	$(MVN) -q package -DskipTests

## test: every test (golden files, real Helm, real Redis); the command CI runs
test:
	$(MVN) verify

## golden: rewrite the golden files from the current chart; review the diff before committing
golden: chart
	$(MVN) -q -pl generator test -Dgolden.update=true

## e2e: install, helm test, upgrade, roll back and uninstall the packaged chart on k3s
## (needs Docker; without it the suite is skipped with one line)
e2e: chart
	$(MVN) -pl generator test -DexcludedGroups= -Dgroups=e2e

## bench: the performance figures (generator, chart render, Redis throughput) as one table; run make chart first
bench:
	$(MVN) -q -pl generator -Pbench test-compile exec:exec@bench

## clean: remove build output (the committed chart stays)
clean:
	$(MVN) -q clean
