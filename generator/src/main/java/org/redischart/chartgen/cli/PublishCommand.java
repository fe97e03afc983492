package org.redischart.chartgen.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.redischart.chartgen.publish.ChartPackager;
import org.redischart.chartgen.publish.PublishException;
import org.redischart.chartgen.publish.PublishRequest;
import org.redischart.chartgen.publish.PublishResult;
import org.redischart.chartgen.publish.Publisher;
import org.redischart.chartgen.publish.SigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chartgen publish}: packages the chart and writes the chart repository with a merged index.yaml. */
@Command(name = "publish", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Package the chart and write a Helm chart repository (packages + index.yaml).")
public final class PublishCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--chart", required = true, description = "Chart directory, e.g. charts/redis.")
    private Path chart;

    @Option(names = "--published", required = true, description = "The published repository, e.g. docs/repo.")
    private Path published;

    @Option(names = "--out", required = true, description = "Directory receiving the repository, e.g. target/chart-repo.")
    private Path out;

    @Option(names = "--url", description = "Public base URL of the repository; index URLs are relative without it.")
    private URI url;

    @Option(names = "--sign", description = "Sign the package (writes a .prov file).")
    private boolean sign;

    @Option(names = "--key", description = "Name of the signing key in the keyring.")
    private String key;

    @Option(names = "--keyring", description = "Legacy GnuPG secret keyring (secring.gpg).")
    private Path keyring;

    @Option(names = "--passphrase-file", description = "File holding the key's passphrase.")
    private Path passphraseFile;

    @Override
    public Integer call() {
        PublishRequest request = new PublishRequest(chart, published, out, Optional.ofNullable(url), signingKey());
        try {
            PublishResult result = new Publisher(new ChartPackager(), Clock.systemUTC()).publish(request);
            String what = result.chartName() + "-" + result.version();
            spec.commandLine().getOut().println(result.added()
                    // The command writes a directory; deploying it (the release workflow) is what publishes.
                    ? "Added " + what + " to the chart repository in " + out.normalize() + " (versions: "
                            + String.join(", ", result.versions()) + "); it is published when that directory is deployed"
                    : what + " is already published unchanged; " + out.normalize() + " holds the published repository");
            return ExitCodes.OK;
        } catch (PublishException e) {
            spec.commandLine().getErr().println("chartgen publish: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
    }

    private Optional<SigningKey> signingKey() {
        if (!sign) {
            return Optional.empty();
        }
        if (key == null || keyring == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sign needs --key and --keyring");
        }
        return Optional.of(new SigningKey(key, keyring, Optional.ofNullable(passphraseFile)));
    }
}
