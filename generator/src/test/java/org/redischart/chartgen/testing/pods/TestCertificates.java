package org.redischart.chartgen.testing.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway CA and the certificates it signs, made with the openssl command line in a
 * directory of the test's: what an operator (or cert-manager) would put into the TLS Secret.
 */
public final class TestCertificates {
    private final Path dir;

    /** Creates a CA (ca.crt, ca.key) in {@code dir}. */
    public TestCertificates(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.crt").toString(),
                "-days", "2", "-subj", "/CN=redis-chart-test-ca");
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    /**
     * A certificate signed by the CA with serial {@code serial} and the given DNS names (and
     * 127.0.0.1), for server and client use: {@code <name>.crt} and {@code <name>.key}.
     */
    public Path[] issue(String name, long serial, List<String> dnsNames) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        Path ext = dir.resolve(name + ".ext");
        List<String> sans = new ArrayList<>();
        dnsNames.forEach(n -> sans.add("DNS:" + n));
        sans.add("IP:127.0.0.1");
        try {
            Files.writeString(ext, "subjectAltName=" + String.join(",", sans) + "\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca().toString(), "-CAkey", dir.resolve("ca.key").toString(),
                "-set_serial", Long.toString(serial), "-days", "1", "-extfile", ext.toString(), "-out", crt.toString());
        return new Path[] {crt, key};
    }

    /**
     * Puts a certificate, its key and the CA into {@code secretDir} under the chart's default
     * key names (tls.crt, tls.key, ca.crt), each replaced atomically as the kubelet swaps a
     * Secret volume, readable by group {@code gid} only (the Secret volume's mode 0440 with fsGroup).
     */
    public void install(Path[] certificate, Path secretDir, long gid) {
        copy(certificate[0], secretDir.resolve("tls.crt"), gid);
        copy(certificate[1], secretDir.resolve("tls.key"), gid);
        copy(ca(), secretDir.resolve("ca.crt"), gid);
    }

    private static void copy(Path from, Path to, long gid) {
        try {
            Path next = to.resolveSibling("." + to.getFileName() + ".next");
            Files.copy(from, next, StandardCopyOption.REPLACE_EXISTING);
            Shell.run(Duration.ofSeconds(5), "chown", "0:" + gid, next.toString());
            Shell.run(Duration.ofSeconds(5), "chmod", "0440", next.toString());
            Files.move(next, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TLS client socket factory for a Java client: {@code certificate} (from {@link #issue}) as
     * its own, and the CA as the only one it trusts.
     */
    public javax.net.ssl.SSLSocketFactory clientSocketFactory(Path[] certificate) {
        Path p12 = certificate[0].resolveSibling(certificate[0].getFileName() + ".p12");
        char[] password = "test".toCharArray();
        openssl("pkcs12", "-export", "-in", certificate[0].toString(), "-inkey", certificate[1].toString(),
                "-out", p12.toString(), "-passout", "pass:test");
        try (var in = Files.newInputStream(p12); var ca = Files.newInputStream(ca())) {
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(ca));
            javax.net.ssl.TrustManagerFactory trustManagers = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS client of " + certificate[0], e);
        }
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Shell.run(Duration.ofSeconds(20), command.toArray(String[]::new));
    }
}
