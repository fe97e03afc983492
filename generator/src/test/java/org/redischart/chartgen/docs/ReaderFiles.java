package org.redischart.chartgen.docs;

/** Files the documents' commands expect the reader to have, taken from the documents' own examples. */
final class ReaderFiles {
    private ReaderFiles() {
    }

    /** The YAML block under the first prose line that introduces {@code my-values.yaml} with a colon. */
    static String myValues() {
        for (MarkdownDoc doc : DocFiles.all()) {
            int introduced = doc.prose().stream()
                    .filter(line -> line.text().contains("`my-values.yaml`") && line.text().trim().endsWith(":"))
                    .mapToInt(MarkdownDoc.ProseLine::number).findFirst().orElse(-1);
            if (introduced > 0) {
                return doc.codeBlocks().stream()
                        .filter(block -> block.language().equals("yaml") && block.line() > introduced)
                        .findFirst().orElseThrow().text();
            }
        }
        throw new AssertionError("no document shows what my-values.yaml holds (a line with `my-values.yaml` ending in ':')");
    }
}
