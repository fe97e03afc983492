package org.redischart.chartgen.e2e;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables the e2e suite where Testcontainers finds no Docker engine, and says so in one
 * line on the console: a skipped cluster test must never look like a passed one.
 */
public final class DockerEngineCondition implements ExecutionCondition {
    static final String SKIP_LINE =
            "e2e: SKIPPED — no Docker engine (DockerClientFactory): run `make e2e` on a machine with Docker";

    private final BooleanSupplier dockerEngine;

    public DockerEngineCondition() {
        this(DockerEngineCondition::dockerEngineAvailable);
    }

    DockerEngineCondition(BooleanSupplier dockerEngine) {
        this.dockerEngine = dockerEngine;
    }

    static boolean dockerEngineAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The decision alone, without the console line. */
    ConditionEvaluationResult decide() {
        return dockerEngine.getAsBoolean()
                ? ConditionEvaluationResult.enabled("e2e: Docker engine found")
                : ConditionEvaluationResult.disabled(SKIP_LINE);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result = decide();
        if (result.isDisabled()) {
            // JUnit is asked once per e2e class (its methods are never evaluated), so this prints once.
            System.out.println(SKIP_LINE);
        }
        return result;
    }
}
