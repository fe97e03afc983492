package org.redischart.chartgen.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS settings that cannot work together: no certificate source, two of them, a cert-manager
 * Certificate without an issuer, a plain port on a port already taken. The chart refuses the
 * same ones, word for word, in {@code redis.validateTls} of {@code _tls.tpl}.
 */
public final class TlsRules implements ValuesRule {
    static final String NO_SOURCE = "tls.enabled needs a certificate: set tls.existingSecret to a Secret holding the "
            + "certificate, key and CA, or tls.certManager.enabled=true with tls.certManager.issuerRef.name";
    static final String TWO_SOURCES = "tls.existingSecret and tls.certManager.enabled both name the certificate's Secret; "
            + "set only one";
    static final String NO_ISSUER = "tls.certManager.enabled needs tls.certManager.issuerRef.name (the Issuer or "
            + "ClusterIssuer that signs the certificate)";

    @Override
    public List<Violation> check(JsonNode v) {
        List<Violation> violations = new ArrayList<>();
        if (!v.at("/tls/enabled").asBoolean(false)) {
            return violations;
        }
        boolean secret = !v.at("/tls/existingSecret").asText("").isEmpty();
        boolean certManager = v.at("/tls/certManager/enabled").asBoolean(false);
        if (!secret && !certManager) {
            violations.add(new Violation(".tls.enabled", NO_SOURCE));
        }
        if (secret && certManager) {
            violations.add(new Violation(".tls.existingSecret", TWO_SOURCES));
        }
        if (certManager && v.at("/tls/certManager/issuerRef/name").asText("").isEmpty()) {
            violations.add(new Violation(".tls.certManager.issuerRef.name", NO_ISSUER));
        }
        JsonNode plain = v.at("/tls/plainPort");
        if (plain.isNumber()) {
            int port = plain.asInt();
            String arch = v.at("/architecture").asText();
            if (port == v.at("/redis/port").asInt() || ("sentinel".equals(arch) && port == v.at("/sentinel/port").asInt())) {
                violations.add(new Violation(".tls.plainPort", "tls.plainPort=" + port + " is already redis.port or "
                        + "sentinel.port; choose another port (or null for TLS only)"));
            } else if ("cluster".equals(arch) && port == v.at("/redis/port").asInt() + 10000) {
                violations.add(new Violation(".tls.plainPort", "tls.plainPort=" + port + " is the cluster bus port "
                        + "(redis.port + 10000); choose another port"));
            }
        }
        return violations;
    }
}
