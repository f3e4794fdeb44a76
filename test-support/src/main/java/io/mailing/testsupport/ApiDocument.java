package io.mailing.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of a served OpenAPI document that hold for every service's. */
public final class ApiDocument {

    private ApiDocument() {}

    /**
     * Every {@code $ref} in the document that points at nothing in it, with where it is: Swagger UI shows a
     * resolver error on every operation that holds one.
     */
    public static List<String> danglingReferences(JsonNode document) {
        List<String> dangling = new ArrayList<>();
        collectDangling(document, document, "#", dangling);
        return dangling;
    }

    private static void collectDangling(JsonNode document, JsonNode node, String at, List<String> dangling) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDangling(document, node.get(i), at + "/" + i, dangling);
            }
            return;
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String target = member.getValue().asText();
            if (member.getKey().equals("$ref")
                    && (!target.startsWith("#/")
                            || document.at(target.substring(1)).isMissingNode())) {
                dangling.add(at + " -> " + target);
            }
            collectDangling(document, member.getValue(), at + "/" + member.getKey(), dangling);
        }
    }
}
