package org.redischart.chartgen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.redischart.chartgen.model.AlertCatalog;

/**
 * The Grafana dashboard built from the alert set's panels: one time series per panel, two per
 * row, filtered by a data source, a namespace and a pod variable. The same metric names as
 * the alerts, since both come from schema/alerts.yaml.
 */
final class DashboardJson {
    static final String SELECTOR = "namespace=\"$namespace\",pod=~\"$pod\"";
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String write(List<AlertCatalog.Panel> panels) {
        ObjectNode root = json.createObjectNode();
        root.put("title", "Redis (redischart)");
        root.put("description", ChartRenderer.GENERATED + " (schema/alerts.yaml)");
        root.put("uid", "redischart-redis");
        root.put("schemaVersion", 39);
        root.put("editable", true);
        root.putArray("tags").add("redis");
        root.put("refresh", "30s");
        root.putObject("time").put("from", "now-1h").put("to", "now");
        ArrayNode variables = root.putObject("templating").putArray("list");
        variables.addObject().put("name", "datasource").put("type", "datasource").put("query", "prometheus")
                .put("label", "Data source");
        variable(variables, "namespace", "label_values(redis_up, namespace)", false);
        variable(variables, "pod", "label_values(redis_up{namespace=\"$namespace\"}, pod)", true);
        ArrayNode out = root.putArray("panels");
        for (int i = 0; i < panels.size(); i++) {
            AlertCatalog.Panel panel = panels.get(i);
            ObjectNode p = out.addObject();
            p.put("id", i + 1);
            p.put("type", "timeseries");
            p.put("title", panel.title());
            p.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
            p.putObject("gridPos").put("h", 8).put("w", 12).put("x", (i % 2) * 12).put("y", (i / 2) * 8);
            p.putObject("fieldConfig").putObject("defaults").put("unit", panel.unit());
            ObjectNode target = p.putArray("targets").addObject();
            target.put("refId", "A");
            target.put("expr", panel.expr().replace("$selector", SELECTOR));
            target.put("legendFormat", "{{pod}}");
        }
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard JSON", e);
        }
    }

    private static void variable(ArrayNode variables, String name, String query, boolean multi) {
        ObjectNode v = variables.addObject();
        v.put("name", name);
        v.put("type", "query");
        v.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
        v.put("query", query);
        v.put("refresh", 2);
        v.put("multi", multi);
        v.put("includeAll", multi);
        if (multi) {
            v.put("allValue", ".*");
        }
    }
}
