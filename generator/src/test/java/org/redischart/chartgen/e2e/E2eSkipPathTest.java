package org.redischart.chartgen.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Part of make test (not tagged e2e): proves the e2e suite compiles and that, on a machine
 * without Docker, it is skipped as a whole with the one loud line, running no cluster step.
 */
class E2eSkipPathTest {

    @Test
    void conditionSkipsTheSuiteWithTheLoudLineWhenThereIsNoDockerEngine() {
        ConditionEvaluationResult result = new DockerEngineCondition(() -> false, false).decide();

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).contains(
                "e2e: SKIPPED — no Docker engine (DockerClientFactory): run `make e2e` on a machine with Docker");
    }

    @Test
    void conditionRunsTheSuiteWhenThereIsADockerEngine() {
        assertThat(new DockerEngineCondition(() -> true, false).decide().isDisabled()).isFalse();
    }

    @Test
    void ciThatRequiresDockerRunsTheSuiteSoAMissingEngineFailsInsteadOfSkipping() {
        assertThat(new DockerEngineCondition(() -> false, true).decide().isDisabled()).isFalse();
    }

    @Test
    void e2eSuiteIsSkippedHereExactlyWhenThereIsNoDockerEngine() {
        boolean runs = DockerEngineCondition.dockerEngineAvailable()
                || Boolean.parseBoolean(System.getenv(DockerEngineCondition.REQUIRE_DOCKER));
        if (runs) {
            // make e2e runs the suite here; make test must not start a cluster, only agree it would run.
            assertThat(new DockerEngineCondition().decide().isDisabled()).as("e2e suite disabled").isFalse();
            return;
        }
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ChartLifecycleE2eTest.class)).execute();

        results.containerEvents().assertThatEvents().haveExactly(1,
                event(container(ChartLifecycleE2eTest.class), skippedWithReason(DockerEngineCondition.SKIP_LINE)));
        results.testEvents().assertStatistics(stats -> stats.started(0).skipped(0));
    }
}
