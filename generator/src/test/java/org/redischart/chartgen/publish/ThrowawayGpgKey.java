package org.redischart.chartgen.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A passphrase-protected RSA signing key made by GnuPG in a private GNUPGHOME, exported as the
 * legacy secring.gpg Helm reads. A missing {@code gpg} fails the test naming the apt package.
 */
final class ThrowawayGpgKey implements AutoCloseable {

    static final String NAME = "Redis Chart Test Signer";
    private static final String PASSPHRASE = "throwaway-passphrase";

    private final Path home;
    private final Path keyring;
    private final Path passphraseFile;

    ThrowawayGpgKey(Path dir) throws IOException, InterruptedException {
        home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path parameters = Files.writeString(dir.resolve("key-parameters"), """
                Key-Type: RSA
                Key-Length: 2048
                Key-Usage: sign
                Name-Real: %s
                Name-Email: signer@redischart.invalid
                Expire-Date: 0
                Passphrase: %s
                %%commit
                """.formatted(NAME, PASSPHRASE));
        gpg(null, "--gen-key", parameters.toString());
        keyring = dir.resolve("secring.gpg");
        gpg(keyring, "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--export-secret-keys", NAME);
        passphraseFile = Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n");
    }

    SigningKey signingKey() {
        return new SigningKey(NAME, keyring, Optional.of(passphraseFile));
    }

    Path keyring() {
        return keyring;
    }

    Path passphraseFile() {
        return passphraseFile;
    }

    /** {@code gpg --verify} on a clear-signed file: true when the signature is good. */
    boolean verifies(Path clearSigned) throws IOException, InterruptedException {
        return run(null, "--verify", clearSigned.toString()) == 0;
    }

    private void gpg(Path output, String... args) throws IOException, InterruptedException {
        int exit = run(output, args);
        if (exit != 0) {
            throw new IllegalStateException("gpg " + String.join(" ", args) + " exited with " + exit);
        }
    }

    private int run(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--quiet"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(output == null);
        builder.environment().putAll(Map.of("GNUPGHOME", home.toString()));
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("gpg not found on PATH: install it with 'apt-get install gnupg'", e);
        }
        if (output == null) {
            process.getInputStream().readAllBytes();
        }
        return process.waitFor();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ProcessBuilder kill = new ProcessBuilder("gpgconf", "--kill", "gpg-agent").redirectErrorStream(true);
        kill.environment().put("GNUPGHOME", home.toString());
        Process process = kill.start();
        process.getInputStream().readAllBytes();
        process.waitFor();
    }

}
