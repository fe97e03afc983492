package org.redischart.chartgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.RepoLayout;
import org.redischart.chartgen.testing.TreeCopy;

class GenerateCommandTest {
    @TempDir
    Path work;
    Path schema;
    Path templates;
    Path out;

    @BeforeEach
    void copyInputs() {
        schema = TreeCopy.copy(RepoLayout.schema(), work.resolve("schema"));
        templates = TreeCopy.copy(RepoLayout.templates(), work.resolve("templates"));
        out = work.resolve("charts/redis");
    }

    private Cli.Result generate() {
        return Cli.run("generate", "--schema", schema.toString(), "--templates", templates.toString(),
                "--out", out.toString(), "--chart-version", "1.2.3");
    }

    @Test
    void generatingTwiceWritesTheSameBytes() {
        assertThat(generate().exitCode()).isZero();
        Map<String, String> first = TreeCopy.read(out);
        assertThat(generate().exitCode()).isZero();

        assertThat(TreeCopy.read(out)).isEqualTo(first);
        assertThat(first).containsKeys("Chart.yaml", "values.yaml", "values.schema.json", ".helmignore",
                "README.md", "templates/_helpers.tpl", "templates/NOTES.txt");
        assertThat(first.get("Chart.yaml")).contains("version: 1.2.3").contains("appVersion: \"8.2.7\"");
        assertThat(first.get("values.schema.json")).as("the directive annotations stay the generator's").doesNotContain("x-redis-directive");
        assertThat(first.values()).noneMatch(text -> text.contains("\r"));
    }

    @Test
    void generatingAgainSaysNothingChangedAndKeepsTheFilesTimes() throws IOException {
        Cli.Result first = generate();
        int files = TreeCopy.read(out).size();
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(out.resolve("values.yaml"), longAgo);

        Cli.Result again = generate();

        assertThat(first.out()).isEqualTo("wrote " + files + " files to " + out + "\n");
        assertThat(again.out()).isEqualTo("wrote 0 of " + files + " files to " + out + " (" + files + " unchanged, left as they were)\n");
        assertThat(Files.getLastModifiedTime(out.resolve("values.yaml"))).isEqualTo(longAgo);
    }

    @Test
    void brokenTemplateFailsWithFileAndLineAndLeavesTheChartUntouched() throws IOException {
        assertThat(generate().exitCode()).isZero();
        Map<String, String> before = TreeCopy.read(out);
        Path template = templates.resolve("chart/templates/redis-service.yaml.peb");
        Files.writeString(template, Files.readString(template) + "\n[% if %]\n");

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains(template.toString() + ":").doesNotContain("\tat ");
        assertThat(result.err().lines().findFirst().orElseThrow()).matches(".*redis-service\\.yaml\\.peb:\\d+: .*");
        assertThat(TreeCopy.read(out)).isEqualTo(before);
    }

    @Test
    void undefinedTemplateVariableIsAnError() throws IOException {
        Path template = templates.resolve("chart/Chart.yaml.peb");
        Files.writeString(template, Files.readString(template) + "\nextra: [[ chart.noSuchThing ]]\n");

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("Chart.yaml.peb:");
        assertThat(out).doesNotExist();
    }

    @Test
    void schemaThatBreaksTheMetaSchemaFailsWithFileAndLine() throws IOException {
        Path file = schema.resolve("values.schema.yaml");
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("type: boolean", "type: bool"));
        int line = lineOf(text, "type: boolean");

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains(file + ":" + line + ": ").contains(".type");
        assertThat(out).doesNotExist();
    }

    @Test
    void defaultThatBreaksItsOwnSchemaIsReportedWithItsValuePath() throws IOException {
        Path file = schema.resolve("values.schema.yaml");
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("default: 6379\n        minimum: 1024", "default: 80\n        minimum: 1024"));

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("default of .redis.port: expected a number >= 1024, found 80");
    }

    @Test
    void valueWithoutDescriptionOrObjectWithoutAdditionalPropertiesIsRefused() throws IOException {
        Path file = schema.resolve("values.schema.yaml");
        String text = Files.readString(file);
        Files.writeString(file, text
                .replace("        description: Require a password from every client (`requirepass`).\n", "")
                .replaceFirst("  auth:\n    type: object\n    additionalProperties: false\n", "  auth:\n    type: object\n"));

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err())
                .contains(".auth.enabled: expected a description, found none")
                .contains(".auth: expected additionalProperties (false, or a schema), found none");
    }

    @Test
    void directiveAnnotationNamingNoTemplateLineIsRefusedWithItsValue() throws IOException {
        Path file = schema.resolve("values.schema.yaml");
        Files.writeString(file, Files.readString(file).replace("x-redis-directive: tcp-keepalive", "x-redis-directive: tcp-keepalives"));

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains(file + ": .redis.tcpKeepalive: x-redis-directive names tcp-keepalives, but no "
                + "template writes a redis.conf line tcp-keepalives; correct the name or add the line");
        assertThat(out).doesNotExist();
    }

    @Test
    void directiveAnnotationThatIsNoNameOrNamedTwiceIsRefused() throws IOException {
        Path file = schema.resolve("values.schema.yaml");
        Files.writeString(file, Files.readString(file)
                .replace("x-redis-directive: tcp-keepalive", "x-redis-directive: TCP_KEEPALIVE")
                .replace("x-redis-directive: timeout", "x-redis-directive: databases"));

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err())
                .contains(".redis.tcpKeepalive: x-redis-directive: expected a directive name in lower case (maxmemory-policy), "
                        + "found \"TCP_KEEPALIVE\"")
                .contains(".redis.timeout: x-redis-directive: databases is named by .redis.databases already; one value "
                        + "sets a directive");
    }

    @Test
    void remoteReferenceIsRefusedBecauseItBreaksAirGappedInstalls() throws IOException {
        Path file = schema.resolve("values.schema.yaml");
        Files.writeString(file, Files.readString(file)
                .replaceFirst("\\$ref: \"#/\\$defs/probe\"", "\\$ref: \"https://example.com/probe.json\""));

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("expected a local $ref (#/$defs/...), found \"https://example.com/probe.json\"");
    }

    @Test
    void yamlSyntaxErrorInTheSchemaNamesTheLine() throws IOException {
        Path file = schema.resolve("values.schema.yaml");
        Files.writeString(file, "type: object\nproperties:\n  a: [unclosed\n");

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).startsWith(file + ":").contains("invalid YAML");
    }

    @Test
    void invalidChartVersionIsRefused() {
        Cli.Result result = Cli.run("generate", "--schema", schema.toString(), "--templates", templates.toString(),
                "--out", out.toString(), "--chart-version", "one");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("--chart-version: expected a semantic version such as 1.2.3, found \"one\"");
    }

    @Test
    void missingOptionIsAUsageError() {
        Cli.Result result = Cli.run("generate", "--schema", schema.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--chart-version");
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        for (String command : new String[] {"generate", "validate", "size", "publish"}) {
            Cli.Result help = Cli.run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: chartgen " + command);
            Cli.Result version = Cli.run(command, "--version");
            assertThat(version.exitCode()).isZero();
            assertThat(version.out()).startsWith("chartgen ");
        }
        assertThat(Cli.run("--version").out()).startsWith("chartgen ");
        assertThat(Cli.run().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"presets.yaml", "chart.yaml", "values.schema.yaml"})
    void missingSchemaFileIsInvalidInputNamingTheFile(String file) throws IOException {
        Files.delete(schema.resolve(file));

        Cli.Result result = generate();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains(schema.resolve(file) + ": no such file").doesNotContain("internal error");
    }

    @Test
    void missingChangelogIsInvalidInputNamingTheFile() {
        Path changelog = work.resolve("CHANGELOG.md");
        Cli.Result result = Cli.run("generate", "--schema", schema.toString(), "--templates", templates.toString(),
                "--changelog", changelog.toString(), "--out", out.toString(), "--chart-version", "1.2.3");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains(changelog + ": no such file");
    }

    private static int lineOf(String text, String needle) {
        return (int) text.substring(0, text.indexOf(needle)).chars().filter(c -> c == '\n').count() + 1;
    }
}
