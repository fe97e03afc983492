package org.redischart.chartgen.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.redischart.chartgen.cli.ChartgenCommand;
import org.redischart.chartgen.testing.Cli;
import org.redischart.chartgen.testing.RepoLayout;
import picocli.CommandLine;

/**
 * Every chartgen command line the documents show is run as written (files the reader brings,
 * such as my-values.yaml, come from the documents' own examples; outputs go to a temporary
 * directory) and does what the text around it says: it succeeds, prints what the document
 * prints under it, and `generate` rebuilds exactly the committed chart. Synopsis lines name
 * only subcommands and options that exist.
 */
class DocumentedCommandsTest {
    /** Options whose value is a file or directory chartgen reads, relative to the repository. */
    private static final Set<String> INPUTS = Set.of("--schema", "--templates", "--changelog", "--chart", "--published", "-f");

    static Stream<DocumentedCommand> commands() {
        return DocFiles.all().stream().flatMap(doc -> DocumentedCommand.in(doc).stream());
    }

    static Stream<DocumentedCommand> runnable() {
        return commands().filter(c -> !c.synopsis());
    }

    @Test
    void theDocumentsShowEveryCommand() {
        assertThat(runnable().map(DocumentedCommand::subcommand))
                .contains("--help", "generate", "validate", "size", "migrate", "publish");
        assertThat(runnable().filter(c -> c.expectedOutput() != null)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnable")
    void eachDocumentedCommandDoesWhatItsTextSays(DocumentedCommand command, @TempDir Path dir) throws IOException {
        List<String> args = runnableArgs(command, dir);
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(command + "\n" + result.err()).isZero();
        if (command.expectedOutput() != null) {
            assertThat(result.out()).as(command + ": the output printed under it").isEqualTo(command.expectedOutput());
        }
        switch (command.subcommand()) {
            case "generate" -> assertThat(files(dir.resolve(Path.of(command.option("--out")).getFileName())))
                    .as(command + " rebuilds the committed " + command.option("--out"))
                    .isEqualTo(files(RepoLayout.root().resolve(command.option("--out"))));
            case "migrate" -> assertThat(Cli.run("validate", "-f", dir.resolve(command.option("-o")).toString()).exitCode())
                    .as(command + " writes values chartgen validate accepts").isZero();
            case "publish" -> assertThat(result.out()).as(command.toString())
                    .contains("redis-" + RepoLayout.chartVersion());
            default -> { }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void eachDocumentedOptionExists(DocumentedCommand command) {
        CommandLine root = ChartgenCommand.commandLine();
        if (command.subcommand().startsWith("-")) {
            return;
        }
        CommandLine sub = root.getSubcommands().get(command.subcommand());
        assertThat(sub).as(command + ": no such subcommand").isNotNull();
        for (String arg : command.args()) {
            String option = arg.replaceAll("^[\\[(]+", "").replaceAll("[\\])]+$", "").replaceFirst("=.*", "");
            if (option.startsWith("-") && !option.equals("-")) {
                assertThat(sub.getCommandSpec().findOption(option)).as(command + ": no option " + option).isNotNull();
            }
        }
    }

    @Test
    void aDocumentedOutputThatIsNoLongerTrueFails(@TempDir Path dir) throws IOException {
        Path doc = Files.writeString(dir.resolve("doc.md"), """
                ```console
                $ chartgen size --memory 1Gi
                maxmemory: 1024mb
                ```
                """);
        DocumentedCommand stale = DocumentedCommand.in(MarkdownDoc.read(doc)).get(0);
        assertThat(stale.expectedOutput()).isEqualTo("maxmemory: 1024mb\n");
        assertThat(Cli.run(stale.args().toArray(String[]::new)).out()).isNotEqualTo(stale.expectedOutput());
    }

    /** The arguments with the repository's paths made absolute, the reader's files supplied and outputs in {@code dir}. */
    private static List<String> runnableArgs(DocumentedCommand command, Path dir) throws IOException {
        List<String> args = new ArrayList<>(command.args());
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i - 1);
            String value = args.get(i);
            if (option.equals("-f") && value.equals("my-values.yaml")) {
                args.set(i, Files.writeString(dir.resolve(value), ReaderFiles.myValues()).toString());
            } else if (option.equals("-f") && value.equals("bitnami-values.yaml")) {
                args.set(i, RepoLayout.testResources().resolve("migrate/bitnami/sentinel-quorum.yaml").toString());
            } else if (INPUTS.contains(option)) {
                args.set(i, RepoLayout.root().resolve(value).toString());
            } else if (option.equals("--out") || (option.equals("-o") && command.subcommand().equals("migrate"))) {
                args.set(i, dir.resolve(Path.of(value).getFileName()).toString());
            }
        }
        return args;
    }

    private static Map<String, String> files(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
