package org.redischart.chartgen.chart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.redischart.chartgen.input.InvalidInputException;
import org.redischart.chartgen.model.AlertCatalog;
import org.redischart.chartgen.model.AlertCatalogLoader;
import org.redischart.chartgen.model.AlertSchemaAgreement;
import org.redischart.chartgen.model.Changelog;
import org.redischart.chartgen.model.ChangelogReader;
import org.redischart.chartgen.model.ChartMetadata;
import org.redischart.chartgen.model.ChartMetadataLoader;
import org.redischart.chartgen.model.ChartModel;
import org.redischart.chartgen.model.ChartModelBuilder;
import org.redischart.chartgen.render.ChartRenderer;
import org.redischart.chartgen.input.YamlReader;
import org.redischart.chartgen.schema.Directives;
import org.redischart.chartgen.schema.RuleBook;
import org.redischart.chartgen.schema.SchemaLoader;
import org.redischart.chartgen.schema.ValuesSchema;
import org.redischart.chartgen.sizing.PresetSchemaAgreement;
import org.redischart.chartgen.sizing.PresetTable;

/**
 * The whole generation: load and check the schema, build the model, render the
 * templates, and (only when all of that succeeded) write the chart.
 */
public final class ChartGenerator {
    public static final String SCHEMA_FILE = "values.schema.yaml";
    public static final String METADATA_FILE = "chart.yaml";
    public static final String PRESETS_FILE = "presets.yaml";
    public static final String ALERTS_FILE = "alerts.yaml";
    public static final String RULES_FILE = "rules.yaml";

    /** Renders the chart in memory, without a changelog annotation; nothing is written. */
    public SortedMap<String, String> render(Path schemaDir, Path templatesDir, String version) {
        return render(schemaDir, templatesDir, null, version);
    }

    /**
     * Renders the chart in memory; nothing is written.
     *
     * @param changelog CHANGELOG.md, whose section for {@code version} becomes the Artifact Hub
     *     changes annotation (a missing section is an error); null for none
     */
    public SortedMap<String, String> render(Path schemaDir, Path templatesDir, Path changelog, String version) {
        ValuesSchema schema = new SchemaLoader().load(schemaDir.resolve(SCHEMA_FILE));
        ChartMetadata metadata = new ChartMetadataLoader().load(schemaDir.resolve(METADATA_FILE));
        Changelog changes = changelog == null ? null : new ChangelogReader().read(changelog);
        ChartModel model = new ChartModelBuilder().build(metadata, schema, version, changes);
        PresetTable presets = PresetTable.load(schemaDir.resolve(PRESETS_FILE));
        new PresetSchemaAgreement().check(presets, schema);
        Path alertsFile = schemaDir.resolve(ALERTS_FILE);
        AlertCatalog alerts = new AlertCatalogLoader().load(alertsFile);
        new AlertSchemaAgreement().check(alerts, schema, alertsFile.toString());
        Path rulesFile = schemaDir.resolve(RULES_FILE);
        RuleBook rules = new RuleBook(rulesFile.toString(), new YamlReader().read(rulesFile))
                .withDirectives(Directives.annotatedIn(schema.root())).withDefaults(model.defaults());
        SortedMap<String, String> files = new ChartRenderer().render(model, presets, alerts, rules, templatesDir);
        checkDirectivesWritten(rules.directives(), files, schema);
        return files;
    }

    /**
     * Each x-redis-directive names a line some template writes: a misspelt annotation would
     * otherwise guard, migrate and read back a directive the chart never sets.
     */
    private static void checkDirectivesWritten(Directives directives, SortedMap<String, String> files, ValuesSchema schema) {
        List<String> problems = new ArrayList<>();
        directives.redis().forEach((directive, value) -> {
            Pattern line = Pattern.compile("(?m)^\\s*" + Pattern.quote(directive) + "(\\s|$)");
            if (files.entrySet().stream().noneMatch(f -> f.getKey().startsWith("templates/") && line.matcher(f.getValue()).find())) {
                problems.add(schema.file() + ": ." + value + ": " + Directives.REDIS + " names " + directive
                        + ", but no template writes a redis.conf line " + directive + "; correct the name or add the line");
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /**
     * What a generate did.
     *
     * @param files the files of the chart
     * @param written how many of them were written; the others were in {@code out} already, byte for byte, and were left as they were
     */
    public record Outcome(int files, int written) {
    }

    /** Renders the chart and swaps it into {@code out}; returns the number of files in the chart. */
    public int generate(Path schemaDir, Path templatesDir, Path changelog, Path out, String version) {
        return generateChart(schemaDir, templatesDir, changelog, out, version).files();
    }

    /** Renders the chart and swaps it into {@code out}, rewriting only the files that changed. */
    public Outcome generateChart(Path schemaDir, Path templatesDir, Path changelog, Path out, String version) {
        SortedMap<String, String> files = render(schemaDir, templatesDir, changelog, version);
        return new Outcome(files.size(), new ChartWriter().write(files, out));
    }
}
