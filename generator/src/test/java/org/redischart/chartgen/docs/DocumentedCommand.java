package org.redischart.chartgen.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chartgen command line as a document shows it in a console block: where, its arguments, and
 * the output the document prints under it (lines after a {@code $ }-prefixed command, up to the
 * next command or the end of the block). A line with {@code [ ] | … <} is a synopsis, not a
 * command to run.
 */
record DocumentedCommand(String doc, int line, List<String> args, boolean synopsis, String expectedOutput) {
    private static final Pattern COMMAND = Pattern.compile(
            "^(\\$ )?(?:bin/chartgen|chartgen|java -jar \\S*chartgen\\.jar) (.*?)(\\s+#.*)?$");

    static List<DocumentedCommand> in(MarkdownDoc doc) {
        List<DocumentedCommand> commands = new ArrayList<>();
        for (MarkdownDoc.CodeBlock block : doc.codeBlocks()) {
            if (!block.language().equals("console")) {
                continue;
            }
            String[] lines = block.text().split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher command = COMMAND.matcher(lines[i]);
                if (!command.matches()) {
                    continue;
                }
                StringBuilder output = new StringBuilder();
                if (command.group(1) != null) {
                    for (int j = i + 1; j < lines.length && !lines[j].startsWith("$ "); j++) {
                        output.append(lines[j]).append('\n');
                    }
                }
                String args = command.group(2).trim();
                commands.add(new DocumentedCommand(DocFiles.relative(doc), block.line() + i,
                        Arrays.asList(args.split("\\s+")), args.matches(".*[\\[\\]|…<>].*"),
                        command.group(1) == null ? null : output.toString()));
            }
        }
        return commands;
    }

    String subcommand() {
        return args.get(0);
    }

    /** The value after an option, e.g. {@code --out}'s. */
    String option(String name) {
        int at = args.indexOf(name);
        return at < 0 || at + 1 >= args.size() ? null : args.get(at + 1);
    }

    @Override
    public String toString() {
        return doc + ":" + line + ": chartgen " + String.join(" ", args);
    }
}
