package org.redischart.chartgen.input;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Leaves every plain, untagged scalar unresolved (tag {@link #PLAIN}) so that {@link HelmScalars}
 * resolves it by go-yaml v2's rules instead of SnakeYAML's; only the merge key keeps its meaning.
 */
final class HelmResolver extends Resolver {
    static final Tag PLAIN = new Tag("tag:chartgen,2026:plain");

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind == NodeId.scalar && implicit) {
            return "<<".equals(value) ? Tag.MERGE : PLAIN;
        }
        return super.resolve(kind, value, implicit);
    }
}
