package io.mailing.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.testsupport.WithPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Every command endpoint is documented: a summary, an example of its body, and the problems it can answer. */
@WithPostgres
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentationIT {

    private final TestRestTemplate http;
    private final ObjectMapper json;

    ApiDocumentationIT(TestRestTemplate http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Test
    void documentsEveryCommandEndpointWithSummaryExampleAndProblems() throws Exception {
        JsonNode api = json.readTree(http.getForObject("/v3/api-docs", String.class));
        List<String> operations = new ArrayList<>();

        for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                String name = method.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = method.getValue();
                operations.add(name);
                assertThat(operation.path("summary").asText())
                        .as(name + " summary")
                        .isNotBlank();
                JsonNode responses = operation.path("responses");
                if (operation.has("requestBody")) {
                    assertThat(hasExample(api, operation.path("requestBody")))
                            .as(name + " example body")
                            .isTrue();
                    assertThat(responses.has("400")).as(name + " 400").isTrue();
                }
                if (path.getKey().contains("{id}")) {
                    assertThat(responses.has("404")).as(name + " 404").isTrue();
                    assertThat(responses.has("400"))
                            .as(name + " 400 for an id that is no UUID")
                            .isTrue();
                }
                if (!method.getKey().equals("get") && !path.getKey().equals("/api/v1/auth/token")) {
                    assertThat(responses.has("409")).as(name + " 409").isTrue();
                }
                responses.properties().stream()
                        .filter(response -> response.getKey().startsWith("4"))
                        .forEach(response -> assertThat(
                                        response.getValue().path("content").has("application/problem+json"))
                                .as(name + " " + response.getKey() + " is a problem document")
                                .isTrue());
            }
        }

        assertThat(operations)
                .contains(
                        "POST /api/v1/customers",
                        "PUT /api/v1/customers/{id}",
                        "DELETE /api/v1/customers/{id}",
                        "POST /api/v1/customers/import",
                        "POST /api/v1/mailouts",
                        "PUT /api/v1/mailouts/{id}",
                        "DELETE /api/v1/mailouts/{id}",
                        "POST /api/v1/mailouts/{id}/start",
                        "POST /api/v1/mailouts/{id}/pause",
                        "POST /api/v1/mailouts/{id}/resume");
    }

    @Test
    void servesSwaggerUiAtDocs() {
        ResponseEntity<String> docs = http.getForEntity("/docs", String.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("swagger-ui");
    }

    private static boolean hasExample(JsonNode api, JsonNode requestBody) {
        JsonNode media = requestBody.path("content").path("application/json");
        if (media.has("example") || media.has("examples")) {
            return true;
        }
        JsonNode schema = media.path("schema");
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            schema = api.path("components").path("schemas").path(name);
        }
        return schema.has("example") || schema.path("items").has("example");
    }
}
