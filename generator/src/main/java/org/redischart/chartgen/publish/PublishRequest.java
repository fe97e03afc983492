package org.redischart.chartgen.publish;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What to publish and where: the chart directory, the repository already published (its
 * index.yaml and packages), the directory receiving the new repository, the public base URL
 * (absent: index URLs are relative to index.yaml) and an optional signing key.
 */
public record PublishRequest(Path chartDir, Path publishedDir, Path outDir, Optional<URI> baseUrl,
                             Optional<SigningKey> signingKey) {
}
