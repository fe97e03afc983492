package org.redischart.chartgen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.Manifests;
import org.redischart.chartgen.testing.Scenarios;

/** Every object of every golden scenario (hook objects included) is valid for the Kubernetes API. */
class KubernetesApiSchemaTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();
    private static List<Scenarios.Rendered> rendered;
    private final KubernetesApiSchema schema = new KubernetesApiSchema();

    @BeforeAll
    static void renderScenarios(@TempDir Path work) {
        rendered = Scenarios.renderAll(Scenarios.chartWithHooksKept(work));
    }

    @TestFactory
    Stream<DynamicTest> everyRenderedObjectMatchesTheApiSchemaOfItsKind() {
        return rendered.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            assertThat(scenario.manifests().objects()).isNotEmpty();
            List<String> problems = scenario.manifests().objects().stream()
                    .flatMap(object -> schema.problems(object).stream()).toList();
            assertThat(problems).as("Kubernetes API schema violations in %s", scenario.name()).isEmpty();
        }));
    }

    @Test
    void theHelmTestPodIsRenderedAndSoValidated() {
        Scenarios.Rendered defaults = rendered.stream().filter(s -> s.name().equals("defaults")).findFirst().orElseThrow();

        assertThat(defaults.manifests().ofKind("Pod")).singleElement()
                .satisfies(pod -> assertThat(pod.path("metadata").path("annotations").has(Scenarios.RENAMED_HOOK)).isTrue());
    }

    @Test
    void aMisspelledContainerFieldIsRefusedWithItsPath() {
        ObjectNode statefulSet = statefulSet();
        ObjectNode container = (ObjectNode) statefulSet.at("/spec/template/spec/containers/0");
        container.set("imagePullPolcy", container.remove("imagePullPolicy"));

        assertThat(schema.problems(statefulSet)).singleElement().asString()
                .startsWith("StatefulSet/policy-redis: .spec.template.spec.containers[0].imagePullPolcy: ")
                .contains("The field `imagePullPolcy` in the JSON string is not defined in the `V1Container` properties");
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        ObjectNode statefulSet = statefulSet();
        ((ObjectNode) statefulSet.at("/spec/template/spec/containers/0")).remove("name");

        assertThat(schema.problems(statefulSet)).singleElement().asString()
                .contains("The required field `name` is not found");
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        ObjectNode statefulSet = statefulSet();
        ((ObjectNode) statefulSet.at("/spec/template/spec/securityContext")).put("runAsNonRoot", "yes");
        ((ObjectNode) statefulSet.at("/spec/template/spec/containers/0")).put("imagePullPolicy", 3);

        assertThat(schema.problems(statefulSet)).containsExactlyInAnyOrder(
                "StatefulSet/policy-redis: .spec.template.spec.securityContext.runAsNonRoot: expected boolean, found \"yes\"",
                "StatefulSet/policy-redis: .spec.template.spec.containers[0].imagePullPolicy: expected string, found 3");
    }

    @Test
    void aNonIntegerReplicaCountIsRefused() {
        ObjectNode statefulSet = statefulSet();
        ((ObjectNode) statefulSet.get("spec")).put("replicas", "two");

        assertThat(schema.problems(statefulSet)).singleElement().asString()
                .startsWith("StatefulSet/policy-redis: wrong type: ");
    }

    @Test
    void anUnregisteredKindIsRefused() {
        ObjectNode ingress = statefulSet().objectNode();
        ingress.put("apiVersion", "networking.k8s.io/v1").put("kind", "Ingress").putObject("metadata").put("name", "web");

        assertThat(schema.problems(ingress)).singleElement().asString()
                .startsWith("Ingress/web: expected a registered kind (")
                .endsWith("found networking.k8s.io/v1/Ingress; register its model in KubernetesApiSchema");
    }

    @Test
    void anOldApiVersionOfAKnownKindIsRefused() {
        ObjectNode statefulSet = statefulSet();
        statefulSet.put("apiVersion", "apps/v1beta2");

        assertThat(schema.problems(statefulSet)).singleElement().asString().contains("found apps/v1beta2/StatefulSet");
    }

    @Test
    void equalQuantitiesWrittenDifferentlyAreAccepted() {
        ObjectNode statefulSet = statefulSet();
        ((ObjectNode) statefulSet.at("/spec/template/spec/containers/0/resources/requests")).put("cpu", "0.125");

        assertThat(schema.problems(statefulSet)).isEmpty();
    }

    private static ObjectNode statefulSet() {
        Manifests defaults = rendered.stream().filter(s -> s.name().equals("defaults")).findFirst().orElseThrow().manifests();
        JsonNode original = defaults.get("StatefulSet", "policy-redis");
        return original.deepCopy();
    }
}
