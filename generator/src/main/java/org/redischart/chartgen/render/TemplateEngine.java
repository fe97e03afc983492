package org.redischart.chartgen.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.lexer.Syntax;
import io.pebbletemplates.pebble.loader.FileLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.redischart.chartgen.input.InvalidInputException;

/**
 * Pebble configured so Helm's Go templates pass through untouched: Pebble prints with
 * {@code [[ ]]}, runs tags in {@code [% %]} and comments with {@code [# #]}; {@code {{ }}}
 * means nothing to it. No auto-escaping, strict variables, no locale, no cache, and no
 * implicit newline trimming: templates control whitespace with {@code [%-} as Jinja does.
 */
final class TemplateEngine {
    private final PebbleEngine engine;
    private final Path root;

    TemplateEngine(Path root) {
        this.root = root;
        FileLoader loader = new FileLoader();
        loader.setPrefix(root.toAbsolutePath().toString());
        loader.setCharset("UTF-8");
        Syntax syntax = new Syntax.Builder()
                .setPrintOpenDelimiter("[[")
                .setPrintCloseDelimiter("]]")
                .setExecuteOpenDelimiter("[%")
                .setExecuteCloseDelimiter("%]")
                .setCommentOpenDelimiter("[#")
                .setCommentCloseDelimiter("#]")
                .setEnableNewLineTrimming(false)
                .build();
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .syntax(syntax)
                .autoEscaping(false)
                .strictVariables(true)
                .cacheActive(false)
                .defaultLocale(Locale.ROOT)
                .build();
    }

    /** Renders one template, given by its path relative to the templates root. */
    String render(String relativePath, Map<String, Object> context) {
        try {
            StringWriter out = new StringWriter();
            engine.getTemplate(relativePath).evaluate(out, context, Locale.ROOT);
            return out.toString().replace("\r\n", "\n");
        } catch (PebbleException e) {
            Integer line = e.getLineNumber();
            throw new InvalidInputException(root.resolve(relativePath) + (line != null ? ":" + line : "")
                    + ": " + e.getPebbleMessage());
        } catch (IOException e) {
            throw new InvalidInputException("cannot render " + root.resolve(relativePath) + ": " + e.getMessage());
        }
    }
}
