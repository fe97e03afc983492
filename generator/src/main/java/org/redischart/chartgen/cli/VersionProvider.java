package org.redischart.chartgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads chartgen's version from the properties Maven writes at build time. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/chartgen.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"chartgen " + properties.getProperty("version", "unknown")};
    }
}
