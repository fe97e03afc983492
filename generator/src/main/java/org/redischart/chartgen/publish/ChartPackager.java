package org.redischart.chartgen.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.PackageCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.redischart.chartgen.input.YamlReader;

/** Packages a chart directory with the Helm engine, optionally signing it (.prov beside the .tgz). */
public final class ChartPackager {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Returns the package Helm wrote into {@code destination} as {@code <name>-<version>.tgz}. */
    public ChartArchive packageChart(Path chartDir, Path destination, Optional<SigningKey> key) {
        Path packageFile = destination.resolve(packageName(chartDir));
        try {
            Files.createDirectories(destination);
            PackageCommand command = new Helm(chartDir).packageIt().withDestination(destination);
            key.ifPresent(k -> {
                command.sign().withKey(k.name()).withKeyring(k.keyring());
                k.passphraseFile().ifPresent(command::withPassphraseFile);
            });
            command.call();
        } catch (IOException | IllegalStateException e) {
            throw new PublishException("cannot package " + chartDir + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(packageFile)) {
            throw new PublishException("cannot package " + chartDir + ": expected Helm to write " + packageFile
                    + ", found no such file");
        }
        return ChartArchive.read(packageFile);
    }

    private static String packageName(Path chartDir) {
        Path chartYaml = chartDir.resolve("Chart.yaml");
        if (!Files.isRegularFile(chartYaml)) {
            throw new PublishException(chartDir + ": not a chart directory: expected Chart.yaml, found none");
        }
        {
            JsonNode metadata = new YamlReader().read(chartYaml);
            String name = metadata.path("name").asText("");
            String version = metadata.path("version").asText("");
            if (name.isEmpty() || version.isEmpty()) {
                throw new PublishException(chartYaml + ": .name and .version: expected both, found name '"
                        + name + "', version '" + version + "'");
            }
            return name + "-" + version + ".tgz";
        }
    }
}
