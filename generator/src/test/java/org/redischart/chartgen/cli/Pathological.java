package org.redischart.chartgen.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Values files too big or too odd to commit, written at test time, with what chartgen's
 * message must say about each.
 */
record Pathological(String name, String message, Writer writer) {
    /** Writes the file. */
    interface Writer {
        void write(Path file) throws IOException;
    }

    static final List<Pathological> ALL = List.of(
            new Pathological("fifty-megabytes", ": file is 52428800 bytes, expected at most 4194304 bytes", Pathological::fiftyMegabytes),
            new Pathological("billion-laughs", ": document uses more than 50 aliases (limit 50)", Pathological::billionLaughs),
            new Pathological("doubling-aliases", "values once aliases are expanded (limit 100000)", Pathological::doublingAliases),
            new Pathological("recursive-alias", "once aliases are expanded (limit 64)", file -> Files.writeString(file, "auth: &a\n  x: *a\n")),
            new Pathological("deep-flow-nesting", ": document nests deeper than 64 levels (limit 64)",
                    file -> Files.writeString(file, "redis: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n")),
            new Pathological("deep-block-nesting", ": document nests deeper than 64 levels (limit 64)", Pathological::deepBlocks),
            new Pathological("two-megabyte-line", ":2: line is 2097166 characters, expected at most 65536 (limit 65536",
                    file -> Files.writeString(file, "auth:\n  password: \"" + "p".repeat(2 * 1024 * 1024) + "\"\n")),
            new Pathological("two-megabyte-block-string", ":2:13: a string is 2097151 characters, expected at most 1048576 (limit 1048576)",
                    Pathological::twoMegabyteBlock),
            new Pathological("latin-1-bytes", ": expected UTF-8 text (or UTF-16 with a byte order mark), found invalid bytes",
                    file -> Files.write(file, "auth:\n  password: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))),
            new Pathological("utf-16-with-bad-value", ": .auth.enabled: expected boolean, found \"yes\"",
                    file -> Files.write(file, "auth: {enabled: \"yes\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_16))),
            new Pathological("nul-bytes", "invalid YAML", file -> Files.write(file, new byte[] {'a', ':', ' ', 0, 0, '\n'})),
            new Pathological("many-keys", "values once aliases are expanded (limit 100000)", Pathological::manyKeys));

    private static void fiftyMegabytes(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("bogus: 1\n");
            String line = "# " + "x".repeat(1022) + "\n";
            long size = "bogus: 1\n".length();
            while (size + line.length() <= 50L * 1024 * 1024) {
                out.write(line);
                size += line.length();
            }
            out.write("#".repeat((int) (50L * 1024 * 1024 - size - 1)) + "\n");
        }
    }

    /** Nine levels of nine aliases each: 9^9 values once expanded. */
    private static void billionLaughs(Path file) throws IOException {
        StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        Files.writeString(file, yaml);
    }

    /** A block scalar may be long, but not longer than the string limit. */
    private static void twoMegabyteBlock(Path file) throws IOException {
        String line = "  " + "p".repeat(1023) + "\n";
        Files.writeString(file, "auth:\n  password: |-\n" + line.repeat(2048).replace("\n  ", "\n    ").replaceFirst("^  ", "    "));
    }

    /** 48 aliases, under the alias limit, that double 24 times: 2^25 values once expanded. */
    private static void doublingAliases(Path file) throws IOException {
        StringBuilder yaml = new StringBuilder("d0: &d0 [x, x]\n");
        for (int i = 1; i <= 24; i++) {
            yaml.append("d").append(i).append(": &d").append(i).append(" [*d").append(i - 1).append(", *d").append(i - 1).append("]\n");
        }
        Files.writeString(file, yaml);
    }

    private static void deepBlocks(Path file) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        Files.writeString(file, yaml.append("  ".repeat(200)).append("v\n"));
    }

    /** 100,000 top-level keys: more values than any chart needs. */
    private static void manyKeys(Path file) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            yaml.append("k").append(i).append(": ").append(i).append('\n');
        }
        Files.writeString(file, yaml);
    }
}
