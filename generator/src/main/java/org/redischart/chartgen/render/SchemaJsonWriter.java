package org.redischart.chartgen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.redischart.chartgen.schema.Directives;

/**
 * Writes values.schema.json, which Helm uses to validate every install and upgrade.
 * Key order is the schema's own (it is meaningful: it is the order users read).
 *
 * <p>The source schema is JSON Schema 2020-12; the file Helm reads declares draft-07, the
 * dialect Helm's validator compiles fastest (its 2020-12 meta-schema, with dynamic references,
 * made compiling the schema about a third of a default render). The document means the same
 * under both: it only uses keywords draft-07 has, {@code $defs} is written as draft-07's
 * {@code definitions} (every {@code $ref} points there by JSON pointer), and no {@code $ref}
 * keeps a validation keyword beside it (draft-07 ignores
 * those): a {@code required} the defaults put next to every reference of a {@code $defs}
 * entry moves into the entry, any other one goes under {@code allOf}. Descriptions, titles and
 * defaults (what IDEs and Artifact Hub show) stay where they are.
 */
final class SchemaJsonWriter {
    /** The dialect values.schema.json declares (see the class comment). */
    static final String DIALECT = "http://json-schema.org/draft-07/schema#";
    private static final String DEFS = "$defs";
    private static final String DEFINITIONS = "definitions";
    /** Keywords that only annotate: draft-07 tools still read them next to a {@code $ref}. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "examples", "$comment",
            "deprecated", "readOnly", "writeOnly");

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param schema the values schema (not modified)
     * @param defaults the chart's default values: every key they give a non-null value is
     *        written as {@code required}, because Helm deletes a key a user sets to null and the
     *        templates need it (so {@code image.tag: null} is refused instead of rendering {@code <nil>});
     *        values whose type allows null keep it, as null has a documented meaning for them
     */
    String write(JsonNode schema, JsonNode defaults, String comment) {
        schema = schema.deepCopy();
        removeDirectiveAnnotations(schema);
        requireDefaults((ObjectNode) schema, (ObjectNode) schema, defaults);
        hoistRequiredIntoDefs((ObjectNode) schema);
        wrapRefsWithSiblings(schema);
        toDraft07Dependencies(schema);
        toDraft07Definitions(schema);
        ObjectNode document = mapper.createObjectNode();
        document.put("$schema", DIALECT);
        document.put("$comment", comment);
        ((ObjectNode) schema).properties().forEach(e -> {
            if (!"$schema".equals(e.getKey())) {
                document.set(e.getKey(), e.getValue());
            }
        });
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return mapper.writer(printer).writeValueAsString(document).replace(" : ", ": ") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write values.schema.json", e);
        }
    }

    /**
     * The directive annotations are the generator's facts (the chart carries them in its rules
     * line): Helm's validator would only skip them, on every render.
     */
    private static void removeDirectiveAnnotations(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of(Directives.REDIS, Directives.SENTINEL));
        }
        if (node.isContainerNode()) {
            node.forEach(SchemaJsonWriter::removeDirectiveAnnotations);
        }
    }

    /**
     * A {@code $defs} entry whose every reference carries the same {@code required} list (the
     * defaults give every alert the same keys) takes the list itself, so the references stay
     * bare {@code $ref}s.
     */
    private static void hoistRequiredIntoDefs(ObjectNode root) {
        JsonNode defs = root.path("$defs");
        Map<String, List<ObjectNode>> references = new HashMap<>();
        collectRefs(root, references);
        references.forEach((ref, nodes) -> {
            if (!ref.startsWith("#/$defs/") || ref.indexOf('/', "#/$defs/".length()) >= 0) {
                return;
            }
            JsonNode def = defs.get(ref.substring("#/$defs/".length()));
            JsonNode first = nodes.get(0).get("required");
            boolean same = first != null && nodes.stream().allMatch(n -> first.equals(n.get("required")));
            if (same && def instanceof ObjectNode entry && !entry.has("required")
                    && entry.path("properties").isObject()) {
                entry.set("required", first.deepCopy());
                nodes.forEach(n -> n.remove("required"));
            }
        });
    }

    private static void collectRefs(JsonNode node, Map<String, List<ObjectNode>> into) {
        if (node instanceof ObjectNode object && object.has("$ref")) {
            into.computeIfAbsent(object.get("$ref").asText(), k -> new ArrayList<>()).add(object);
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    /** {@code {$ref, minimum, …}} becomes {@code {allOf: [{$ref}], minimum, …}}; annotations stay beside. */
    private static void wrapRefsWithSiblings(JsonNode node) {
        if (node instanceof ObjectNode object && object.has("$ref")) {
            boolean validationBeside = false;
            for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
                String name = names.next();
                validationBeside |= !name.equals("$ref") && !ANNOTATIONS.contains(name);
            }
            if (validationBeside) {
                JsonNode ref = object.remove("$ref");
                ArrayNode allOf = object.withArray("allOf");
                allOf.add(JsonNodeFactory.instance.objectNode().set("$ref", ref));
            }
        }
        if (node.isContainerNode()) {
            node.forEach(SchemaJsonWriter::wrapRefsWithSiblings);
        }
    }

    /**
     * 2020-12's {@code dependentRequired} and {@code dependentSchemas} are draft-07's
     * {@code dependencies} (a list, or a schema, per property); draft-07 would ignore them. The
     * 2020-12 keywords draft-07 has no form for are refused, so the two files never disagree.
     */
    private static void toDraft07Dependencies(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String keyword : List.of("dependentRequired", "dependentSchemas")) {
                JsonNode value = object.remove(keyword);
                if (value != null) {
                    object.withObject("/dependencies").setAll((ObjectNode) value);
                }
            }
            for (String keyword : List.of("prefixItems", "unevaluatedProperties", "unevaluatedItems", "minContains",
                    "maxContains", "$dynamicRef", "$dynamicAnchor")) {
                if (object.has(keyword)) {
                    throw new IllegalStateException("schema keyword " + keyword + " has no draft-07 form: values.schema.json "
                            + "(draft-07, see SchemaJsonWriter) could not enforce it; express the rule without it");
                }
            }
        }
        if (node.isContainerNode()) {
            node.forEach(SchemaJsonWriter::toDraft07Dependencies);
        }
    }

    /**
     * 2020-12's {@code $defs} is draft-07's {@code definitions}. Pointers into either resolve the
     * same, but Helm's validator only knows a draft's own keyword as a place that holds schemas:
     * under draft-07, each first {@code $ref} into {@code $defs} made it copy its whole index of
     * the document's subschemas (about a tenth of a default render).
     */
    private static void toDraft07Definitions(JsonNode schema) {
        if (!(schema instanceof ObjectNode root) || !root.has(DEFS)) {
            return;
        }
        ObjectNode renamed = JsonNodeFactory.instance.objectNode();
        root.properties().forEach(e -> renamed.set(DEFS.equals(e.getKey()) ? DEFINITIONS : e.getKey(), e.getValue()));
        root.removeAll().setAll(renamed);
        repointRefs(root);
    }

    private static void repointRefs(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("$ref").asText().startsWith("#/" + DEFS + "/")) {
            object.put("$ref", "#/" + DEFINITIONS + "/" + object.get("$ref").asText().substring(DEFS.length() + 3));
        }
        if (node.isContainerNode()) {
            node.forEach(SchemaJsonWriter::repointRefs);
        }
    }

    private static void requireDefaults(ObjectNode root, ObjectNode node, JsonNode defaults) {
        JsonNode properties = resolve(root, node).get("properties");
        if (properties == null || defaults == null || !defaults.isObject()) {
            return;
        }
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        properties.fields().forEachRemaining(p -> {
            JsonNode value = defaults.get(p.getKey());
            if (value != null && !value.isNull() && !allowsNull(resolve(root, p.getValue()))) {
                required.add(p.getKey());
                requireDefaults(root, (ObjectNode) p.getValue(), value);
            }
        });
        if (!required.isEmpty()) {
            node.set("required", required);
        }
    }

    /** A value whose type includes null has a documented meaning for null (e.g. "null means alpha"). */
    private static boolean allowsNull(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if ("null".equals(t.asText())) {
                    return true;
                }
            }
        }
        return "null".equals(type.asText());
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : root.at(ref.asText().substring(1));
    }
}
