package org.redischart.chartgen.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps each key path of a YAML document (".properties.auth.type") to the line it starts on,
 * so that errors found on the parsed tree can still point at a line of the file. The document
 * is indexed when a line is first asked for: only errors need lines, and a good document
 * (the schema on every generate) is never indexed.
 */
public final class YamlLineIndex {
    private final String yaml;
    private Map<String, Integer> lines;

    private YamlLineIndex(String yaml) {
        this.yaml = yaml;
    }

    public static YamlLineIndex of(String yaml) {
        return new YamlLineIndex(yaml);
    }

    private static Map<String, Integer> index(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<Integer> indexes = new ArrayDeque<>();
            JsonToken token;
            String pendingField = null;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.FIELD_NAME) {
                    pendingField = "." + parser.currentName();
                    lines.putIfAbsent(join(path) + pendingField, line);
                    continue;
                }
                String segment = pendingField != null ? pendingField : nextIndex(indexes);
                pendingField = null;
                if (token.isStructStart()) {
                    path.addLast(segment);
                    indexes.push(token == JsonToken.START_ARRAY ? 0 : -1);
                } else if (token.isStructEnd()) {
                    path.pollLast();
                    indexes.pop();
                } else if (segment != null) {
                    lines.putIfAbsent(join(path) + segment, line);
                }
            }
        } catch (IOException e) {
            // A document that does not parse has no lines to offer; the reader reports it.
        }
        return lines;
    }

    /** The line of the path, or of its nearest ancestor that has one; 0 when unknown. */
    public synchronized int lineOf(String path) {
        if (lines == null) {
            lines = index(yaml);
        }
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }

    private static String nextIndex(Deque<Integer> indexes) {
        if (indexes.isEmpty() || indexes.peek() < 0) {
            return indexes.isEmpty() ? "" : null;
        }
        int index = indexes.pop();
        indexes.push(index + 1);
        return "[" + index + "]";
    }

    private static String join(Deque<String> path) {
        return String.join("", path);
    }
}
