package org.redischart.chartgen.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.redischart.chartgen.input.StrictMappers;

/**
 * A packaged chart (.tgz) as Helm wrote it: its files keyed by path inside the chart directory,
 * its parsed Chart.yaml and the sha256 digest of the archive bytes.
 */
public record ChartArchive(Path file, String digest, ObjectNode chartYaml, SortedMap<String, byte[]> files) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ChartArchive read(Path tgz) {
        try {
            byte[] bytes = Files.readAllBytes(tgz);
            SortedMap<String, byte[]> files = new TreeMap<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
                // Helm puts every file under "<chart name>/"; the comparison is about what is inside.
                TarReader.readFiles(in).forEach((path, body) -> files.put(path.substring(path.indexOf('/') + 1), body));
            }
            byte[] chartYaml = files.get("Chart.yaml");
            if (chartYaml == null) {
                throw new PublishException(tgz + ": not a Helm chart package: expected Chart.yaml, found "
                        + String.join(", ", files.keySet()));
            }
            JsonNode metadata = StrictMappers.readYaml(tgz + ": Chart.yaml", chartYaml);
            if (!(metadata instanceof ObjectNode object)) {
                throw new PublishException(tgz + ": Chart.yaml: expected a mapping, found " + metadata.getNodeType());
            }
            return new ChartArchive(tgz, sha256(bytes), object, files);
        } catch (IOException e) {
            throw new PublishException("cannot read chart package " + tgz + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return chartYaml.path("name").asText();
    }

    public String version() {
        return chartYaml.path("version").asText();
    }

    /** Paths whose content differs from {@code other}, including files only one of the two holds. */
    public List<String> differingFiles(ChartArchive other) {
        TreeSet<String> paths = new TreeSet<>(files.keySet());
        paths.addAll(other.files.keySet());
        List<String> differing = new ArrayList<>();
        for (String path : paths) {
            if (!Arrays.equals(files.get(path), other.files.get(path))) {
                differing.add(path);
            }
        }
        return differing;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
