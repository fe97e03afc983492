package org.redischart.chartgen.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.input.YamlReader;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.HelmRenderer;
import org.redischart.chartgen.testing.KubeApiServer;
import org.redischart.chartgen.testing.RepoLayout;

/**
 * The rules of schema/rules.yaml, differentially: each rule's example is refused by chartgen
 * validate (which evaluates the rules the chart carries) and by Helm (which runs the compiled
 * checks) with the rule's own message, and by nothing else.
 */
class DeclaredRulesTest {
    @RegisterExtension
    static final KubeApiServer api = new KubeApiServer();

    @TempDir
    static Path work;

    static RuleBook source() {
        Path file = RepoLayout.root().resolve("schema/rules.yaml");
        return new RuleBook(file.toString(), new YamlReader().read(file));
    }

    @Test
    void theChartCarriesTheRulesOfTheSource() throws IOException {
        String validateTpl = Files.readString(RepoLayout.chart().resolve("templates/_validate.tpl"), StandardCharsets.UTF_8);

        RuleBook carried = RuleBook.fromChart("_validate.tpl", validateTpl);

        RuleBook sourceWithDirectives = source().withDirectives(Directives.annotatedIn(
                new YamlReader().read(RepoLayout.schema().resolve("values.schema.yaml"))))
                .withDefaults(new YamlReader().read(RepoLayout.chart().resolve("values.yaml")));
        assertThat(carried.embedded()).isEqualTo(sourceWithDirectives.embedded());
        assertThat(carried.directives().redis()).containsEntry("maxmemory-policy", "redis.maxmemoryPolicy");
        assertThat(carried.embedded()).as("the chart's sentinel defaults, for {changed: .sentinel}")
                .contains("\"defaults\":{\".sentinel\":{");
        assertThat(carried.rules()).hasSameSizeAs(source().rules()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(carried.check(new YamlReader().readTree("v", "auth:\n  enabled: false\n  password: x\n".getBytes(StandardCharsets.UTF_8))))
                .contains(new Violation(".auth.password", "is set but auth.enabled is false; set auth.enabled=true or remove auth.password"));
    }

    @TestFactory
    Stream<DynamicTest> eachRuleExampleIsRefusedByValidateAndHelmInTheRuleWords() {
        List<DeclaredRule> rules = source().rules();
        return rules.stream().map(rule -> DynamicTest.dynamicTest(rule.blame() + " " + rules.indexOf(rule), () -> {
            assertThat(rule.example()).as("example of %s", rule.blame()).isNotBlank();
            Path file = Files.writeString(work.resolve("rule" + rules.indexOf(rule) + ".yaml"), rule.example());

            Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.err().lines()).as("the example breaks this rule and no other").singleElement().asString()
                    .matches(Pattern.quote(file.toString()) + ":\\d+:\\d+: " + Pattern.quote(rule.blame()) + ": .*");
            String message = result.err().strip().substring(result.err().indexOf(" " + rule.blame() + ": ") + 1);
            String heading = "guarantee".equals(rule.kind()) ? "redis: values that undo the chart's guarantees:\n"
                    : "redis: contradictory values:\n";
            assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("rule", file))
                    .hasMessageContaining(heading + message);
        }));
    }

    @Test
    void anIntegerRuleOverTwoPathsWithAConditionIsOneEntry() {
        RuleBook book = new RuleBook("rules.yaml", new YamlReader().readTree("rules.yaml", ("""
                rules:
                  - blame: .redis.minReplicasMaxLag
                    when:
                      all:
                        - eq: [.architecture, sentinel]
                        - gt: [.redis.minReplicasToWrite, 0]
                        - gt: [{mul: [{add: [.redis.minReplicasMaxLag, 2]}, 1000]}, .sentinel.downAfterMilliseconds]
                    message: "{.redis.minReplicasMaxLag} s + 2 s exceeds {.sentinel.downAfterMilliseconds} ms"
                """).getBytes(StandardCharsets.UTF_8)));
        YamlReader yaml = new YamlReader();

        assertThat(book.check(yaml.readTree("v", """
                architecture: sentinel
                redis: {minReplicasToWrite: 1, minReplicasMaxLag: 4}
                sentinel: {downAfterMilliseconds: 5000}
                """.getBytes(StandardCharsets.UTF_8)))).containsExactly(new Violation(".redis.minReplicasMaxLag",
                "4 s + 2 s exceeds 5000 ms"));
        assertThat(book.check(yaml.readTree("v", """
                architecture: sentinel
                redis: {minReplicasToWrite: 1, minReplicasMaxLag: 3}
                sentinel: {downAfterMilliseconds: 5000}
                """.getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(book.check(yaml.readTree("v", """
                architecture: replication
                redis: {minReplicasToWrite: 1, minReplicasMaxLag: 10}
                sentinel: {downAfterMilliseconds: 5000}
                """.getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void lenCountsListItemsAndTextBytesAndChangedComparesWithTheCarriedDefault() {
        YamlReader yaml = new YamlReader();
        RuleBook book = new RuleBook("rules.yaml", yaml.readTree("rules.yaml", ("""
                rules:
                  - blame: .families
                    when: {gt: [{len: .families}, 1]}
                    message: has more than one item
                  - blame: .name
                    when: {gt: [{len: .name}, 3]}
                    message: is longer than 3 bytes
                  - blame: .sentinel
                    when: {changed: .sentinel}
                    message: differs from the default
                """).getBytes(StandardCharsets.UTF_8))).withDefaults(yaml.readTree("defaults", """
                sentinel: {quorum: 2, port: 26379}
                """.getBytes(StandardCharsets.UTF_8)));

        assertThat(book.check(yaml.readTree("v", """
                families: [IPv4, IPv6]
                name: "é12"
                sentinel: {port: 26379, quorum: 2.0}
                """.getBytes(StandardCharsets.UTF_8)))).containsExactly(
                new Violation(".families", "has more than one item"),
                new Violation(".name", "is longer than 3 bytes"));
        assertThat(book.check(yaml.readTree("v", """
                families: [IPv4]
                name: abc
                sentinel: {quorum: 3, port: 26379}
                """.getBytes(StandardCharsets.UTF_8)))).containsExactly(new Violation(".sentinel", "differs from the default"));
        assertThat(book.check(yaml.readTree("v", "families: null\n".getBytes(StandardCharsets.UTF_8))))
                .containsExactly(new Violation(".sentinel", "differs from the default"));
    }

    @Test
    void eachWithTwoNamesTakesTheirItemsInStep() {
        RuleBook book = new RuleBook("rules.yaml", new YamlReader().readTree("rules.yaml", ("""
                rules:
                  - each: {svc: [replica.service, service], open: ["replica: {service: ", "service: "], close: ["}", ""]}
                    blame: .{svc}.nodePort
                    when: ".{svc}.nodePort"
                    message: set in {svc}
                    example: "{open}{nodePort: 30001}{close}"
                """).getBytes(StandardCharsets.UTF_8)));

        assertThat(book.rules()).extracting(DeclaredRule::blame, DeclaredRule::example).containsExactly(
                org.assertj.core.groups.Tuple.tuple(".replica.service.nodePort", "replica: {service: {nodePort: 30001}}"),
                org.assertj.core.groups.Tuple.tuple(".service.nodePort", "service: {nodePort: 30001}"));
        assertThatThrownBy(() -> new RuleBook("rules.yaml", new YamlReader().readTree("rules.yaml",
                "rules:\n  - {each: {a: [x, y], b: [z]}, blame: .a, when: .a, message: m}\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("rules.yaml: rules[0].each.b: expected a list of 2 items, found [\"z\"]");
    }

    @Test
    void firstAndDuplicateNameTheItemThatBreaksTheRule() {
        YamlReader yaml = new YamlReader();
        RuleBook book = new RuleBook("rules.yaml", yaml.readTree("rules.yaml", ("""
                let:
                  twice: {duplicate: .users, key: name}
                  both: {first: .users, where: {all: ["@.password", {ne: ["@.kind", bot]}]}, key: name}
                rules:
                  - blame: .users
                    when: $twice
                    message: name {$twice} twice
                  - blame: .users
                    when: $both
                    message: user {$both} has a password
                """).getBytes(StandardCharsets.UTF_8)));

        assertThat(book.check(yaml.readTree("v", """
                users:
                  - {name: a}
                  - {name: b, password: x, kind: bot}
                  - {name: c, password: x}
                  - {name: c}
                  - {name: a, password: x}
                """.getBytes(StandardCharsets.UTF_8)))).containsExactly(
                new Violation(".users", "name c twice"), new Violation(".users", "user c has a password"));
        assertThat(book.check(yaml.readTree("v", "users: [{name: a, password: \"\"}, {name: b}]\n"
                .getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(book.check(yaml.readTree("v", "other: 1\n".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void validateAndHelmNameTheSameAclUsers() throws IOException {
        Path file = Files.writeString(work.resolve("acl-users.yaml"), """
                acl:
                  users:
                    - {name: ops, rules: "+@all ~*", password: s3cret}
                    - {name: app, rules: "+@read ~*", password: s3cret, existingSecret: app-auth}
                    - {name: ops, rules: "+@read ~*"}
                    - {name: app, rules: "+@read ~*"}
                    - {name: web, rules: "+@read ~*", password: s3cret, existingSecret: web-auth}
                """);
        List<String> texts = List.of(".acl.users: name ops appears more than once; give each user one entry",
                ".acl.users: user app sets password together with existingSecret, whose password wins; remove one of them");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        assertThat(result.err().lines()).containsExactly(file + ":2:3: " + texts.get(0), file + ":2:3: " + texts.get(1));
        assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("acl", file))
                .hasMessageContaining("redis: contradictory values:\n" + String.join("\n", texts));
    }

    @Test
    void everyContradictionIsReportedNotJustTheFirst() throws IOException {
        Path file = Files.writeString(work.resolve("many.yaml"),
                "auth:\n  enabled: false\n  password: s3cret\n  existingSecret: platform-auth\nservice:\n  nodePort: 30001\n");

        Cli.Result result = Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString());

        List<String> texts = List.of(
                ".auth.password: is set but auth.enabled is false; set auth.enabled=true or remove auth.password",
                ".auth.existingSecret: is set but auth.enabled is false; set auth.enabled=true or remove auth.existingSecret",
                ".service.nodePort: is set but service.type is ClusterIP; set service.type=NodePort or LoadBalancer, "
                        + "or remove service.nodePort");
        List<String> at = List.of(":3:3: ", ":4:3: ", ":6:3: ");
        assertThat(result.err().lines()).containsExactly(file + at.get(0) + texts.get(0), file + at.get(1) + texts.get(1),
                file + at.get(2) + texts.get(2));
        assertThatThrownBy(() -> new HelmRenderer(RepoLayout.chart()).render("contradiction", file))
                .hasMessageContaining("redis: contradictory values:\n" + String.join("\n", texts));
    }

    @Test
    void consistentValuesPassBoth() throws IOException {
        Path file = Files.writeString(work.resolve("fine.yaml"), """
                auth:
                  existingSecret: platform-auth
                  existingSecretPasswordKey: password
                service:
                  type: NodePort
                  nodePort: 30001
                acl:
                  users:
                    - {name: app, rules: "+@read ~*", password: s3cret}
                    - {name: ops, rules: "+@all ~*", existingSecret: ops-auth}
                """);

        assertThat(Cli.run("validate", "-f", file.toString(), "--chart", RepoLayout.chart().toString()).exitCode()).isZero();
        assertThat(new HelmRenderer(RepoLayout.chart()).render("fine", file)).contains("kind: ConfigMap");
    }

    @Test
    void insideWhereOnlyTheItemsFieldsCanBeNamed() {
        assertThatThrownBy(() -> new RuleBook("rules.yaml", new YamlReader().readTree("rules.yaml", """
                rules:
                  - blame: .users
                    when: {eq: [{first: .users, where: {all: ["@.password", .auth.enabled]}, key: name}, x]}
                    message: m
                """.getBytes(StandardCharsets.UTF_8))))
                .hasMessage("rules.yaml: rules[0].when.eq[0].where.all[1]: expected an item path such as @.name, found \".auth.enabled\"");
        assertThatThrownBy(() -> new RuleBook("rules.yaml", new YamlReader().readTree("rules.yaml",
                "rules:\n  - {blame: .users, when: {eq: [{duplicate: .users}, x]}, message: m}\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("rules.yaml: rules[0].when.eq[0]: expected {first: .list, where: condition, key: field} or "
                        + "{duplicate: .list, key: field}, found {\"duplicate\":\".users\"}");
    }

    @Test
    void aRuleThatCannotBeReadNamesItsPlace() {
        assertThatThrownBy(() -> new RuleBook("rules.yaml", new YamlReader().readTree("rules.yaml",
                "rules:\n  - blame: .a\n    when: {all: [.a, {between: [.a, 1]}]}\n    message: m\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("rules.yaml: rules[0].when.all[1]: expected a value path or one of not, all, any, is, changed, eq, ne, gt, ge, "
                        + "lt, le, found {\"between\":[\".a\",1]}");
    }
}
