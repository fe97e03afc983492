package org.redischart.chartgen.testing.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Something traffic comes from or goes to, as a NetworkPolicy sees it: a pod (its namespace,
 * that namespace's labels, its own labels, its containers for named ports) or, with a null
 * namespace, an address outside the cluster that only an ipBlock can name.
 */
public record PolicyEndpoint(String name, String namespace, JsonNode namespaceLabels, JsonNode labels,
        JsonNode containers, String ip) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pod in {@code namespace}, whose namespace carries only the label Kubernetes sets on every namespace. */
    public static PolicyEndpoint pod(String name, String namespace, Map<String, String> labels) {
        return new PolicyEndpoint(name, namespace, namespaceLabels(namespace, Map.of()), JSON.valueToTree(labels),
                JSON.createArrayNode(), null);
    }

    /** An address outside the cluster (the internet, a node, a cloud service). */
    public static PolicyEndpoint outside(String name) {
        return new PolicyEndpoint(name, null, JSON.createObjectNode(), JSON.createObjectNode(), JSON.createArrayNode(), null);
    }

    /** The labels of {@code namespace}: kubernetes.io/metadata.name, which the API server sets, and {@code extra}. */
    public static JsonNode namespaceLabels(String namespace, Map<String, String> extra) {
        ObjectNode labels = JSON.valueToTree(extra);
        labels.put("kubernetes.io/metadata.name", namespace);
        return labels;
    }

    /** The same endpoint at {@code address}. */
    public PolicyEndpoint at(String address) {
        return new PolicyEndpoint(name, namespace, namespaceLabels, labels, containers, address);
    }

    /** The same pod with {@code containers} (their ports give named ports their numbers). */
    public PolicyEndpoint withContainers(JsonNode list) {
        return new PolicyEndpoint(name, namespace, namespaceLabels, labels, list, ip);
    }

    /** The same pod in a namespace that also carries {@code extra} labels. */
    public PolicyEndpoint inNamespaceLabelled(Map<String, String> extra) {
        return new PolicyEndpoint(name, namespace, namespaceLabels(namespace, extra), labels, containers, ip);
    }

    /** The same endpoint under another name (for messages). */
    public PolicyEndpoint named(String other) {
        return new PolicyEndpoint(other, namespace, namespaceLabels, labels, containers, ip);
    }

    public boolean inCluster() {
        return namespace != null;
    }

    @Override
    public String toString() {
        return name;
    }
}
