package org.redischart.chartgen.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * Every default is checked against its own subschema alone (one combined validation), each
 * problem named by the schema line and the value path, in schema order.
 */
class DefaultsCheckerTest {
    private static final String SCHEMA = """
            $schema: https://json-schema.org/draft/2020-12/schema
            type: object
            additionalProperties: false
            $defs:
              port:
                type: integer
                minimum: 1
                maximum: 65535
                default: 0
            properties:
              port:
                description: A port.
                $ref: "#/$defs/port"
                default: 70000
              name:
                description: A name.
                type: string
                enum: [a, b]
                default: c
              auth:
                description: Auth.
                type: object
                additionalProperties: false
                default: {enabled: "yes", passwrd: x}
                properties:
                  enabled:
                    description: On.
                    type: boolean
                    default: true
                  password:
                    description: The password.
                    type: string
                    minLength: 4
                    default: abc
              hosts:
                description: Hosts.
                type: array
                items:
                  type: string
                  pattern: "^[a-z]+$"
                  default: UPPER
                default: [ok, "1bad", 2]
              d0:
                description: A key named like the combined schema's own keys.
                type: integer
                default: 1
            """;

    @TempDir
    Path work;

    @Test
    void eachBadDefaultIsReportedAsIfCheckedAlone() throws IOException {
        Path file = Files.writeString(work.resolve("values.schema.yaml"), SCHEMA);

        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, () -> new SchemaLoader().load(file));

        assertThat(refused).isNotNull();
        assertThat(refused.problems()).containsExactly(
                file + ":14: default of .port: expected a number <= 65535, found 70000",
                file + ":19: default of .name: expected one of a, b, found \"c\"",
                file + ":24: default of .auth.enabled: expected boolean, found \"yes\"",
                file + ":24: default of .auth.passwrd: unknown key; did you mean password?",
                file + ":34: default of .auth.password: expected at least 4 characters, found \"abc\"",
                file + ":42: default of .hosts[1]: expected a string matching ^[a-z]+$, found \"1bad\"",
                file + ":42: default of .hosts[2]: expected string, found 2",
                file + ":41: default of .hosts[]: expected a string matching ^[a-z]+$, found \"UPPER\"",
                file + ":9: default of #/$defs/port: expected a number >= 1, found 0");
    }

    @Test
    void theChartsSchemaHasNoBadDefault() {
        assertThat(new SchemaLoader().load(RepoLayout.schema().resolve("values.schema.yaml")).root().path("properties").size())
                .isPositive();
    }
}
