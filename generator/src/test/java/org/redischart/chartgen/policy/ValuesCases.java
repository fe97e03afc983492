package org.redischart.chartgen.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.redischart.chartgen.testing.UmbrellaBatches;

/**
 * Derives values files from values.schema.json: a few random valid values, then one mutation of
 * a named kind. Every value is kept as the literal YAML a user would type ({@link Raw}), so
 * spellings (YAML 1.1 booleans, hex, special floats) reach both readers unchanged.
 */
final class ValuesCases {
    /** What a case does; the class says which issue owns a disagreement it finds. */
    enum Kind {
        VALID("12"), NULL("12"), WRONG_TYPE("12"), OUT_OF_RANGE("12"), UNKNOWN_KEY("12"), ODD_QUANTITY("12"),
        CROSS_FIELD("12"), HEADROOM("12"), YAML_1_1_SPELLING("19.2"), SPECIAL_FLOAT("19.3"),
        INTEGER_EXTREMES("19.1"), OWNED_LABEL_KEYS("19.4"), NAME_LENGTH_LIMITS("19.5"), GUARANTEE_SETTINGS("19.6");

        final String issueClass;

        Kind(String issueClass) {
            this.issueClass = issueClass;
        }
    }

    /** A literal YAML spelling of one value. */
    record Raw(String yaml) {
        @Override
        public String toString() {
            return yaml;
        }
    }

    /** One generated values file. */
    record Case(int id, Kind kind, String what, Map<String, Object> values) implements UmbrellaBatches.Case {
        @Override
        public String yaml() {
            StringBuilder out = new StringBuilder();
            write(out, values, "");
            return out.length() == 0 ? "{}\n" : out.toString();
        }

        @SuppressWarnings("unchecked")
        private static void write(StringBuilder out, Map<String, Object> map, String indent) {
            for (Map.Entry<String, Object> e : map.entrySet()) {
                out.append(indent).append(e.getKey()).append(':');
                if (e.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
                    out.append('\n');
                    write(out, (Map<String, Object>) nested, indent + "  ");
                } else {
                    out.append(' ').append(e.getValue() instanceof Map<?, ?> ? "{}" : e.getValue()).append('\n');
                }
            }
        }

        /** Lines of the file, for shrinking: fewer set values make a smaller counterexample. */
        int size() {
            return (int) yaml().lines().count();
        }
    }

    /** A value path of the schema and its (resolved) schema. */
    record Leaf(List<String> path, JsonNode schema) {
        String dotted() {
            return "." + String.join(".", path);
        }
    }

    private static final List<String> MEMORY = List.of("256Mi", "1Gi", "512M", "1.5Gi", "64Mi", "2Gi", "300Mi");
    private static final List<String> CPU = List.of("250m", "0.5", "1", "100m", "2", "1500m");
    private static final List<String> ODD_MEMORY = List.of("1.5GB", "0", "-1", "1e3Mi", "5Ti", "4Ti", "4097Gi",
            "1e-10", "0.0000000001", "1025", "268435456", "1e9", "+1Gi", "\" 1Gi\"", "1Mi", ".5Gi", "1.Gi", "256mi",
            "\"\"", "1_024Mi", "0x100000", "1Ki", "3.999999999Ti", "12XB", "2.68435456e+08", "1Pi");
    private static final List<String> ODD_CPU = List.of("0", "-1", "1e-10", "0.0001", "1025", "1024", "2cores",
            "100 m", "1e3", "1e-03", "\"0.5\"", "1.5.5", ".5", "0x10", "1k", "0.000000001", "1000001m");

    private final Random random;
    private final JsonNode root;
    private final List<Leaf> leaves = new ArrayList<>();
    private final List<List<String>> objects = new ArrayList<>();

    ValuesCases(JsonNode schema, Random random) {
        this.root = schema;
        this.random = random;
        collect(schema, new ArrayList<>());
    }

    List<Leaf> leaves() {
        return leaves;
    }

    /** {@code count} cases, kinds spread as weighted. */
    List<Case> generate(int count) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            int weight = switch (k) {
                case VALID -> 8;
                case CROSS_FIELD, ODD_QUANTITY, YAML_1_1_SPELLING -> 4;
                case HEADROOM, SPECIAL_FLOAT -> 2;
                default -> 3;
            };
            for (int i = 0; i < weight; i++) {
                kinds.add(k);
            }
        }
        List<Case> cases = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            cases.add(one(id, kinds.get(random.nextInt(kinds.size()))));
        }
        return cases;
    }

    Case one(int id, Kind kind) {
        Map<String, Object> values = new LinkedHashMap<>();
        int base = kind == Kind.VALID ? random.nextInt(6) : random.nextInt(3);
        for (int i = 0; i < base; i++) {
            Leaf leaf = leaves.get(random.nextInt(leaves.size()));
            Raw value = validValue(leaf);
            if (value != null) {
                put(values, leaf.path(), value);
            }
        }
        String what = mutate(kind, values);
        return new Case(id, kind, what, values);
    }

    private String mutate(Kind kind, Map<String, Object> values) {
        Leaf leaf = leaves.get(random.nextInt(leaves.size()));
        switch (kind) {
            case VALID:
                return "valid values";
            case NULL: {
                List<String> path = random.nextInt(4) == 0 ? objects.get(random.nextInt(objects.size())) : leaf.path();
                put(values, path, new Raw(pick("null", "~", "Null", "NULL")));
                return "null at ." + String.join(".", path);
            }
            case WRONG_TYPE:
                put(values, leaf.path(), new Raw(wrongType(leaf.schema())));
                return "wrong type at " + leaf.dotted();
            case OUT_OF_RANGE: {
                Raw out = outOfRange(leaf.schema());
                if (out == null) {
                    return mutate(kind, values);
                }
                put(values, leaf.path(), out);
                return "out of range at " + leaf.dotted();
            }
            case UNKNOWN_KEY: {
                List<String> parent = random.nextInt(3) == 0 ? List.of() : objects.get(random.nextInt(objects.size()));
                List<String> path = new ArrayList<>(parent);
                String near = leaf.path().get(leaf.path().size() - 1);
                path.add(random.nextBoolean() ? "zzUnknown" + random.nextInt(100) : near.substring(1) + near.charAt(0));
                put(values, path, new Raw("1"));
                return "unknown key ." + String.join(".", path);
            }
            case ODD_QUANTITY: {
                boolean memory = random.nextBoolean();
                String figure = pick("required", "requests", "limits");
                String spelled = memory ? ODD_MEMORY.get(random.nextInt(ODD_MEMORY.size())) : ODD_CPU.get(random.nextInt(ODD_CPU.size()));
                put(values, List.of("resources", figure, memory ? "memory" : "cpu"), new Raw(spelled));
                return "odd quantity resources." + figure + (memory ? ".memory " : ".cpu ") + spelled;
            }
            case CROSS_FIELD:
                return crossField(values);
            case HEADROOM: {
                String memory = MEMORY.get(random.nextInt(MEMORY.size()));
                put(values, List.of("resources", "requests", "memory"), new Raw(memory));
                put(values, List.of("resources", "limits", "memory"), new Raw(memory));
                if (random.nextBoolean()) {
                    put(values, List.of("resources", "maxmemoryPercent"), new Raw(pick("10", "90", "50", "80", "9", "91", "75.5")));
                }
                if (random.nextBoolean()) {
                    put(values, List.of("resources", "alpha"), new Raw(pick("0", "0.0", "0.9999")));
                }
                return "requests = limits " + memory;
            }
            case YAML_1_1_SPELLING:
                return yaml11(values, leaf);
            case SPECIAL_FLOAT: {
                String f = pick(".inf", "-.inf", "+.inf", ".Inf", ".nan", ".NaN", ".NAN", "-.INF");
                put(values, leaf.path(), new Raw(f));
                return f + " at " + leaf.dotted();
            }
            case INTEGER_EXTREMES: {
                List<Leaf> ints = leaves.stream().filter(l -> l.schema().has("maximum") && isInteger(l.schema())).toList();
                Leaf i = ints.get(random.nextInt(ints.size()));
                String bound = random.nextBoolean() ? "maximum" : "minimum";
                put(values, i.path(), new Raw(i.schema().path(bound).asText()));
                return bound + " of " + i.dotted();
            }
            case OWNED_LABEL_KEYS: {
                String map = pick("podLabels", "commonLabels");
                String key = pick("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
                        "app.kubernetes.io/managed-by", "helm.sh/chart");
                put(values, List.of(map, key), new Raw("other"));
                return map + " sets " + key;
            }
            case NAME_LENGTH_LIMITS: {
                String field = pick("nameOverride", "fullnameOverride");
                String name = pick("1redis", "a".repeat(63), "a".repeat(52), "a".repeat(53), "r".repeat(40) + "-" + "x".repeat(11), "9");
                put(values, List.of(field), new Raw(name));
                if (random.nextBoolean()) {
                    put(values, List.of("architecture"), new Raw(pick("replication", "sentinel")));
                }
                return field + " " + name.length() + " characters";
            }
            case GUARANTEE_SETTINGS: {
                if (random.nextBoolean()) {
                    String line = pick("maxmemory 1gb", "port 7000", "requirepass x", "bind 0.0.0.0", "protected-mode no");
                    put(values, List.of("redis", "extraConfig"), new Raw("\"" + line + "\""));
                    return "extraConfig " + line;
                }
                put(values, List.of("extraEnv"), new Raw("[{name: REDIS_PASSWORD, value: plain}]"));
                return "extraEnv REDIS_PASSWORD";
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private String crossField(Map<String, Object> values) {
        switch (random.nextInt(11)) {
            case 0: {
                put(values, List.of("resources", "requests", "memory"), new Raw(pick("2Gi", "512Mi", "300Mi")));
                put(values, List.of("resources", "limits", "memory"), new Raw(pick("1Gi", "256Mi", "300Mi")));
                return "requests.memory vs limits.memory";
            }
            case 1: {
                put(values, List.of("resources", "requests", "cpu"), new Raw(pick("2", "500m", "300m")));
                if (random.nextBoolean()) {
                    put(values, List.of("resources", "preset"), new Raw(pick("nano", "micro", "large")));
                } else {
                    put(values, List.of("resources", "limits", "cpu"), new Raw(pick("1", "250m", "300m")));
                }
                return "requests.cpu vs limits.cpu or preset";
            }
            case 2: {
                put(values, List.of("resources", "required", "memory"), new Raw(pick("128Mi", "1Gi")));
                put(values, List.of("resources", "requests", "memory"), new Raw(pick("256Mi", "1Gi", "2Gi")));
                return "requests vs required";
            }
            case 3: {
                put(values, List.of("auth", "enabled"), new Raw(pick("false", "true")));
                put(values, List.of("auth", pick("password", "existingSecret")), new Raw(pick("s3cret", "my-secret")));
                if (random.nextBoolean()) {
                    put(values, List.of("auth", "existingSecretPasswordKey"), new Raw("key"));
                }
                return "auth combination";
            }
            case 4: {
                put(values, List.of("service", "type"), new Raw(pick("ClusterIP", "NodePort", "LoadBalancer")));
                put(values, List.of("service", "nodePort"), new Raw(pick("30001", "null")));
                return "service.type vs nodePort";
            }
            case 5: {
                put(values, List.of("persistence", "enabled"), new Raw(pick("false", "null", "true")));
                put(values, List.of("profile"), new Raw(pick("cache", "session", "stream")));
                put(values, List.of("persistence", "storageClass"), new Raw(pick("fast", "\"\"")));
                return "persistence vs storageClass vs profile";
            }
            case 6: {
                put(values, List.of("architecture"), new Raw(pick("replication", "sentinel")));
                put(values, List.of("profile"), new Raw(pick("cache", "session")));
                if (random.nextBoolean()) {
                    put(values, List.of("persistence", "enabled"), new Raw(pick("false", "true")));
                }
                return "architecture vs persistence";
            }
            case 7: {
                put(values, List.of("architecture"), new Raw("sentinel"));
                put(values, List.of("replica", "replicaCount"), new Raw(pick("1", "2", "3")));
                put(values, List.of("sentinel", "quorum"), new Raw(pick("1", "2", "3", "4", "5")));
                if (random.nextBoolean()) {
                    put(values, List.of("sentinel", "port"), new Raw("6379"));
                }
                return "sentinel quorum vs replicas vs port";
            }
            case 8: {
                put(values, List.of("architecture"), new Raw("sentinel"));
                String resource = pick("cpu", "memory");
                boolean cpu = "cpu".equals(resource);
                put(values, List.of("sentinel", "resources", "requests", resource),
                        new Raw(cpu ? pick("200m", "100m", "\"0\"", "\"1\"") : pick("128Mi", "64Mi", "1Gi", "\"0\"")));
                if (random.nextBoolean()) {
                    put(values, List.of("sentinel", "resources", "limits", resource),
                            new Raw(cpu ? pick("100m", "\"0.5\"", "250m") : pick("32Mi", "1Gi", "\"67108864\"")));
                }
                return "sentinel.resources requests vs limits";
            }
            case 9: {
                List<List<String>> registries = List.of(List.of("image", "registry"), List.of("haproxy", "image", "registry"),
                        List.of("metrics", "image", "registry"), List.of("global", "imageRegistry"));
                List<String> registry = registries.get(random.nextInt(registries.size()));
                put(values, registry, new Raw(pick("https://registry.example.com", "docker.io/", "http://mirror.example.com:5000",
                        "registry.example.com:5000", "mirror.example.com/hub", "quay.io//x", "ghcr.io")));
                if (registry.get(0).equals("haproxy")) {
                    put(values, List.of("architecture"), new Raw("sentinel"));
                } else if (registry.get(0).equals("metrics")) {
                    put(values, List.of("metrics", "enabled"), new Raw("true"));
                }
                return "image registry form";
            }
            default: {
                put(values, List.of("networkPolicy", "allowExternal"), new Raw(pick("true", "false")));
                put(values, List.of("networkPolicy", "extraIngressNamespaceSelectors"),
                        new Raw(pick("[{matchLabels: {team: a}}]", "[]")));
                return "networkPolicy.allowExternal vs selectors";
            }
        }
    }

    private String yaml11(Map<String, Object> values, Leaf leaf) {
        List<Leaf> bools = leaves.stream().filter(l -> "boolean".equals(l.schema().path("type").asText())).toList();
        List<Leaf> ints = leaves.stream().filter(l -> isInteger(l.schema()) && l.schema().has("maximum")
                && l.schema().path("maximum").asLong() >= 100).toList();
        // Name overrides are NAME_LENGTH_LIMITS' (issue 19 class 5): a YAML 1.1 spelling there
        // ("2001-12-14") is a name starting with a digit, which that class is about.
        List<Leaf> strings = leaves.stream().filter(l -> "string".equals(l.schema().path("type").asText())
                && !l.dotted().endsWith("nameOverride")).toList();
        switch (random.nextInt(3)) {
            case 0: {
                Leaf b = bools.get(random.nextInt(bools.size()));
                String s = pick("y", "Y", "yes", "Yes", "on", "ON", "n", "N", "no", "No", "off", "Off", "True", "FALSE", "tRue", "yES");
                put(values, b.path(), new Raw(s));
                return b.dotted() + ": " + s;
            }
            case 1: {
                Leaf i = ints.get(random.nextInt(ints.size()));
                long max = i.schema().path("maximum").asLong();
                long min = i.schema().path("minimum").asLong();
                long v = Math.min(max, Math.max(min, 100 + random.nextInt(900)));
                String s = switch (random.nextInt(7)) {
                    case 0 -> "0o" + Long.toOctalString(v);
                    case 1 -> "0x" + Long.toHexString(v).toUpperCase();
                    case 2 -> "0b" + Long.toBinaryString(v);
                    case 3 -> "0" + Long.toOctalString(v);
                    case 4 -> v / 60 + ":" + String.format("%02d", v % 60);
                    case 5 -> Long.toString(v).charAt(0) + "_" + Long.toString(v).substring(1);
                    default -> v + ".0";
                };
                put(values, i.path(), new Raw(s));
                return i.dotted() + ": " + s;
            }
            default: {
                Leaf s = strings.get(random.nextInt(strings.size()));
                String spelled = pick("no", "on", "y", "~", "0x1F", "1:30", "2001-12-14", "1e3", "0o17", "12");
                put(values, s.path(), new Raw(spelled));
                return s.dotted() + ": " + spelled;
            }
        }
    }

    /** A valid value a user would write that no issue-19 class is about; null when the leaf has none simple. */
    private Raw validValue(Leaf leaf) {
        JsonNode s = leaf.schema();
        String name = leaf.path().get(leaf.path().size() - 1);
        String path = leaf.dotted();
        if (path.startsWith(".affinity") || path.equals(".nameOverride") || path.equals(".fullnameOverride")
                || path.equals(".redis.extraConfig") || path.equals(".global") || path.contains("Probe.enabled")
                || path.equals(".podDisruptionBudget.enabled") || path.equals(".podAntiAffinityPreset")) {
            return null;
        }
        if (s.has("enum")) {
            List<String> options = new ArrayList<>();
            s.get("enum").forEach(e -> options.add(e.isNull() ? "null" : e.asText()));
            return new Raw(options.get(random.nextInt(options.size())));
        }
        if (path.contains("resources.") && (name.equals("memory") || name.equals("cpu"))) {
            if (path.startsWith(".sentinel")) {
                return new Raw(name.equals("memory") ? pick("32Mi", "64Mi") : pick("25m", "50m"));
            }
            return new Raw(name.equals("memory") ? MEMORY.get(random.nextInt(MEMORY.size())) : CPU.get(random.nextInt(CPU.size())));
        }
        if (name.endsWith("Alpha") || name.equals("alpha")) {
            return new Raw(pick("0.25", "0.5", "0", "0.1", "\"0.3333\"", "null"));
        }
        String type = s.path("type").isArray() ? s.path("type").get(0).asText() : s.path("type").asText();
        switch (type) {
            case "boolean":
                return new Raw(random.nextBoolean() ? "true" : "false");
            case "integer": {
                long min = s.path("minimum").asLong(0);
                long max = Math.min(s.path("maximum").asLong(Long.MAX_VALUE), 99_999);
                if (s.has("const")) {
                    return new Raw(s.get("const").asText());
                }
                if (min > max) {
                    return s.has("default") ? new Raw(s.get("default").asText()) : null;
                }
                return new Raw(Long.toString(min + (long) (random.nextDouble() * (max - min + 1))));
            }
            case "string": {
                if (name.equals("size")) {
                    return new Raw(pick("1Gi", "20Gi", "512Mi"));
                }
                List<String> candidates = new ArrayList<>(List.of("abc", "redis-x", "fast-ssd", "x1"));
                if (s.has("default") && !s.get("default").asText().isEmpty()) {
                    candidates.add(0, s.get("default").asText());
                }
                for (String c : candidates) {
                    if ((!s.has("pattern") || Pattern.compile(s.get("pattern").asText()).matcher(c).find())
                            && c.length() >= s.path("minLength").asInt(0) && random.nextInt(3) > 0) {
                        return new Raw("\"" + c + "\"");
                    }
                }
                return s.has("default") ? new Raw("\"" + s.get("default").asText() + "\"") : null;
            }
            case "object":
                return switch (name) {
                    case "commonLabels", "podLabels" -> new Raw("{example.com/team: cache}");
                    case "nodeSelector" -> new Raw("{kubernetes.io/os: linux}");
                    default -> new Raw("{example.com/note: hello}");
                };
            case "array":
                return switch (name) {
                    case "imagePullSecrets" -> new Raw("[{name: regcred}]");
                    case "tolerations" -> new Raw("[{key: dedicated, operator: Equal, value: redis, effect: NoSchedule}]");
                    case "extraEnv" -> new Raw("[{name: TZ, value: UTC}]");
                    case "accessModes" -> new Raw("[ReadWriteOnce]");
                    case "capabilitiesDrop" -> new Raw("[ALL]");
                    default -> new Raw("[]");
                };
            default:
                return null;
        }
    }

    private String wrongType(JsonNode s) {
        String type = s.path("type").isArray() ? s.path("type").get(0).asText() : s.path("type").asText();
        return switch (type) {
            case "boolean" -> pick("\"true\"", "1", "\"maybe\"", "[true]");
            case "integer" -> pick("\"10\"", "true", "1.5", "[1]", "{a: 1}");
            case "object" -> pick("5", "\"x\"", "[a]", "true");
            case "array" -> pick("\"x\"", "{a: 1}", "5");
            default -> pick("12", "true", "[a]", "{a: 1}", "1.5");
        };
    }

    private Raw outOfRange(JsonNode s) {
        if (s.has("enum")) {
            return new Raw("bogus");
        }
        if (s.has("maximum") && isInteger(s)) {
            return new Raw(random.nextBoolean() ? Long.toString(s.get("maximum").asLong() + 1)
                    : Long.toString(s.path("minimum").asLong() - 1));
        }
        if (s.has("maxLength") && "string".equals(s.path("type").asText())) {
            return new Raw("\"" + "a".repeat(s.get("maxLength").asInt() + 1) + "\"");
        }
        if (s.has("minLength")) {
            return new Raw("\"\"");
        }
        return null;
    }

    private static boolean isInteger(JsonNode s) {
        JsonNode type = s.path("type");
        return "integer".equals(type.asText()) || type.isArray() && "integer".equals(type.get(0).asText());
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> values, List<String> path, Object value) {
        Map<String, Object> map = values;
        for (int i = 0; i < path.size() - 1; i++) {
            Object next = map.get(path.get(i));
            if (!(next instanceof Map<?, ?>)) {
                next = new LinkedHashMap<String, Object>();
                map.put(path.get(i), next);
            }
            map = (Map<String, Object>) next;
        }
        map.put(path.get(path.size() - 1), value);
    }

    private void collect(JsonNode node, List<String> path) {
        JsonNode resolved = resolve(node);
        JsonNode properties = resolved.get("properties");
        if (properties == null) {
            if (!path.isEmpty()) {
                leaves.add(new Leaf(List.copyOf(path), merged(node, resolved)));
            }
            return;
        }
        if (!path.isEmpty()) {
            objects.add(List.copyOf(path));
        }
        properties.fields().forEachRemaining(p -> {
            List<String> child = new ArrayList<>(path);
            child.add(p.getKey());
            collect(p.getValue(), child);
        });
    }

    /** Follows a {@code $ref}, also one values.schema.json wraps in {@code allOf} (validation keywords beside it). */
    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.has("$ref") ? node.get("$ref") : node.path("allOf").path(0).get("$ref");
        return ref == null ? node : root.at(ref.asText().substring(1));
    }

    private static JsonNode merged(JsonNode node, JsonNode resolved) {
        if (node == resolved) {
            return node;
        }
        com.fasterxml.jackson.databind.node.ObjectNode m = resolved.deepCopy();
        node.fields().forEachRemaining(e -> {
            if (!"$ref".equals(e.getKey()) && !"allOf".equals(e.getKey())) {
                m.set(e.getKey(), e.getValue());
            }
        });
        return m;
    }
}
