package org.redischart.chartgen.publish;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The key Helm signs a package with: a user id or key name found in a legacy GnuPG secret
 * keyring (secring.gpg), and an optional file holding its passphrase.
 */
public record SigningKey(String name, Path keyring, Optional<Path> passphraseFile) {
}
