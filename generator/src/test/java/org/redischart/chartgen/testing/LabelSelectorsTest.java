package org.redischart.chartgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label selectors as Kubernetes evaluates them. */
class LabelSelectorsTest {
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "{}                                                              | {app: web}          | true",
        "{}                                                              | {}                  | true",
        "null                                                            | {app: web}          | false",
        "{matchLabels: {app: web}}                                       | {app: web, x: y}    | true",
        "{matchLabels: {app: web}}                                       | {app: db}           | false",
        "{matchExpressions: [{key: app, operator: NotIn, values: [db]}]} | {}                  | true",
        "{matchExpressions: [{key: app, operator: In, values: [db]}]}    | {}                  | false",
        "{matchExpressions: [{key: app, operator: Exists}]}              | {app: ''}           | true",
        "{matchExpressions: [{key: app, operator: DoesNotExist}]}        | {app: web}          | false",
    })
    void matchesAsKubernetesDoes(String selector, String labels, boolean expected) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode parsed = "null".equals(selector) ? yaml.readTree("s: null").path("s") : yaml.readTree(selector);

        assertThat(LabelSelectors.matches(parsed, yaml.readTree(labels))).isEqualTo(expected);
    }
}
