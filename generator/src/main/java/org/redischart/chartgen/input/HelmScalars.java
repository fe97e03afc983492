package org.redischart.chartgen.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves plain (unquoted, untagged) YAML scalars exactly as Helm does: Helm reads values
 * through sigs.k8s.io/yaml, which applies go-yaml v2's YAML 1.1 rules ({@code y}, {@code on},
 * {@code off} are booleans; {@code 0o17}, {@code 0x1F}, {@code 0b101}, {@code 1_000} are
 * integers; {@code 1:30} and timestamps stay strings: a timestamp is never a number, and go-yaml
 * hands untyped timestamps back as their text) and then turns every number into a JSON
 * float64. Infinite and NaN floats have no JSON form, so Helm refuses the file; so does this.
 */
final class HelmScalars {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, JsonNode> WORDS = words();
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** A scalar Helm cannot turn into JSON ({@code .inf}, {@code .nan}). */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private HelmScalars() {
    }

    /**
     * The value Helm's templates and schema see for a plain scalar.
     *
     * @throws Unreadable for an infinite or NaN float
     */
    static JsonNode resolve(String in) {
        JsonNode word = WORDS.get(in);
        if (word != null) {
            if (word.isDouble() && !Double.isFinite(word.doubleValue())) {
                throw new Unreadable("\"" + in + "\" is YAML for " + (word.doubleValue() > 0 ? "+infinity"
                        : word.doubleValue() < 0 ? "-infinity" : "not-a-number")
                        + ", which Helm cannot read (it has no JSON form); quote it to mean a string");
            }
            return word;
        }
        if (in.isEmpty()) {
            return JSON.nullNode();
        }
        char first = in.charAt(0);
        if (first == '.') {
            return YAML_FLOAT.matcher(in).matches() ? finiteFloat(in).orElse(JSON.textNode(in)) : JSON.textNode(in);
        }
        if (first != '+' && first != '-' && (first < '0' || first > '9')) {
            return JSON.textNode(in);
        }
        String plain = in.replace("_", "");
        Optional<BigInteger> integer = goParseInt(plain);
        if (integer.isPresent() && integer.get().compareTo(INT64_MIN) >= 0 && integer.get().compareTo(UINT64_MAX) <= 0
                && (integer.get().compareTo(INT64_MAX) <= 0 || !plain.startsWith("+"))) {
            return number(new BigDecimal(integer.get()).doubleValue());
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            Optional<JsonNode> f = finiteFloat(plain);
            if (f.isPresent()) {
                return f.get();
            }
        }
        return JSON.textNode(in);
    }

    /**
     * The key string sigs.k8s.io/yaml makes of a resolved key: booleans and numbers in Go's
     * spelling; a null key has none.
     */
    static String keyText(String in) {
        Optional<BigInteger> integer = goParseInt(in.replace("_", ""));
        if (integer.isPresent() && integer.get().compareTo(INT64_MAX) > 0 && integer.get().compareTo(UINT64_MAX) <= 0
                && !in.startsWith("+")) {
            throw new Unreadable("the key " + in + " is an unsigned 64-bit integer, which Helm cannot use as a key;"
                    + " quote it to mean a string");
        }
        JsonNode word = WORDS.get(in);
        if (word != null && word.isDouble()) {
            double d = word.doubleValue();
            return Double.isNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
        }
        JsonNode key = resolve(in);
        if (key.isNull()) {
            throw new Unreadable("a null key (\"" + in + "\") cannot be read by Helm; quote it to mean a string");
        }
        if (key.isTextual()) {
            return key.asText();
        }
        if (key.isBoolean()) {
            return key.asText();
        }
        return goFormat(key.doubleValue());
    }

    /** Go's strconv.FormatFloat(f, 'g', -1, 64), which is also how JSON numbers print. */
    static String goFormat(double d) {
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 21) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return shortest.toPlainString();
    }

    /** Go's strconv.ParseInt(s, 0, 64) syntax, without its range: sign, then 0x, 0o, 0b, 0 (octal) or decimal. */
    private static Optional<BigInteger> goParseInt(String s) {
        String body = s;
        boolean negative = false;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.startsWith("-");
            body = body.substring(1);
        }
        int radix = 10;
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            body = body.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            body = body.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            body = body.substring(2);
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty() || body.startsWith("+") || body.startsWith("-")) {
            return Optional.empty();
        }
        try {
            BigInteger value = new BigInteger(body, radix);
            return Optional.of(negative ? value.negate() : value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Go's ParseFloat: out of range is an error (the scalar then stays a string). */
    private static Optional<JsonNode> finiteFloat(String s) {
        double d;
        try {
            d = new BigDecimal(s.startsWith("+") ? s.substring(1) : s).doubleValue();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!Double.isFinite(d)) {
            return Optional.empty();
        }
        return Optional.of(number(d));
    }

    /**
     * A JSON float64 as the schema sees it: integral values as integers (so {@code 1.0} is an
     * integer for JSON Schema, as in Helm), others as doubles.
     */
    static JsonNode number(double d) {
        if (d == Math.rint(d) && Double.isFinite(d)) {
            if (Math.abs(d) < 0x1p63) {
                return JSON.numberNode((long) d);
            }
            return JSON.numberNode(new BigDecimal(d).toBigInteger());
        }
        return JSON.numberNode(d);
    }

    private static Map<String, JsonNode> words() {
        Map<String, JsonNode> m = new java.util.HashMap<>();
        for (String t : new String[] {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"}) {
            m.put(t, JSON.booleanNode(true));
        }
        for (String f : new String[] {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"}) {
            m.put(f, JSON.booleanNode(false));
        }
        for (String n : new String[] {"~", "null", "Null", "NULL"}) {
            m.put(n, JSON.nullNode());
        }
        for (String inf : new String[] {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
            m.put(inf, JSON.numberNode(Double.POSITIVE_INFINITY));
        }
        for (String inf : new String[] {"-.inf", "-.Inf", "-.INF"}) {
            m.put(inf, JSON.numberNode(Double.NEGATIVE_INFINITY));
        }
        for (String nan : new String[] {".nan", ".NaN", ".NAN"}) {
            m.put(nan, JSON.numberNode(Double.NaN));
        }
        return Map.copyOf(m);
    }
}
