package io.mailing.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.testsupport.ApiDocument;
import io.mailing.testsupport.WithPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every command endpoint is documented: a summary, an example of its body that stays valid, and the problems it can
 * answer; every reference in the document resolves.
 */
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
                assertThat(operation.path("operationId").asText())
                        .as(name + " operationId")
                        .matches("[a-z][A-Za-z]+");
                if (operation.has("requestBody")) {
                    assertThat(hasExample(api, operation.path("requestBody")))
                            .as(name + " example body")
                            .isTrue();
                    assertThat(responses.has("400")).as(name + " 400").isTrue();
                    assertThat(responses.has("413")).as(name + " 413").isTrue();
                    assertThat(responses.has("415")).as(name + " 415").isTrue();
                }
                if (path.getKey().contains("{id}")) {
                    assertThat(responses.has("404")).as(name + " 404").isTrue();
                    assertThat(responses.has("400"))
                            .as(name + " 400 for an id that is no UUID")
                            .isTrue();
                }
                if (!method.getKey().equals("get") && path.getKey().contains("{id}")) {
                    assertThat(responses.has("409")).as(name + " 409").isTrue();
                }
                responses.properties().stream()
                        .filter(response -> response.getKey().matches("[45].."))
                        .forEach(response -> assertThat(response.getValue()
                                        .at("/content/application~1problem+json/schema/$ref")
                                        .asText())
                                .as(name + " " + response.getKey() + " is a problem document")
                                .isEqualTo("#/components/schemas/Problem"));
            }
        }

        assertThat(operations)
                .contains(
                        "POST /api/v1/customers",
                        "PUT /api/v1/customers/{id}",
                        "DELETE /api/v1/customers/{id}",
                        "POST /api/v1/customers/import",
                        "POST /api/v1/customers/import/stream",
                        "POST /api/v1/mailouts",
                        "PUT /api/v1/mailouts/{id}",
                        "DELETE /api/v1/mailouts/{id}",
                        "POST /api/v1/mailouts/{id}/start",
                        "POST /api/v1/mailouts/{id}/pause",
                        "POST /api/v1/mailouts/{id}/resume",
                        "POST /api/v1/mailouts/{id}/follow-ups");
    }

    @Test
    void resolvesEveryReference() throws Exception {
        JsonNode api = json.readTree(http.getForObject("/v3/api-docs", String.class));

        assertThat(ApiDocument.danglingReferences(api)).isEmpty();
        assertThat(api.at("/components/schemas/Problem/properties").properties())
                .extracting(Map.Entry::getKey)
                .contains(
                        "type",
                        "title",
                        "status",
                        "detail",
                        "instance",
                        "errors",
                        "currentStatus",
                        "existingId",
                        "followUpId");
    }

    @Test
    void documentsCreationAs201WithLocation() throws Exception {
        JsonNode api = json.readTree(http.getForObject("/v3/api-docs", String.class));

        for (String path : List.of("/api/v1/customers", "/api/v1/mailouts")) {
            JsonNode responses = api.path("paths").path(path).path("post").path("responses");
            assertThat(responses.has("200")).as(path + " 200").isFalse();
            assertThat(responses.at("/201/headers/Location").isObject())
                    .as(path + " 201 + Location")
                    .isTrue();
            assertThat(responses
                            .at("/201/content/application~1json/schema/$ref")
                            .asText())
                    .as(path + " 201 body")
                    .isNotBlank();
        }
        assertThat(api.at("/paths/~1api~1v1~1customers/post/responses").has("409"))
                .as("a duplicate phone")
                .isTrue();
    }

    @Test
    void exampleMailoutTimesStayInTheFuture() throws Exception {
        JsonNode example = json.readTree(http.getForObject("/v3/api-docs", String.class))
                .at("/components/schemas/MailoutRequest/example");

        for (String field : List.of("startAt", "endAt")) {
            Instant value = OffsetDateTime.parse(example.path(field).asText()).toInstant();
            assertThat(value)
                    .as(field + " of the example: valid input for years, and before the end of 2100")
                    .isAfter(Instant.now().plus(Duration.ofDays(3650)))
                    .isBefore(Instant.parse("2101-01-01T00:00:00Z"));
        }
    }

    @Test
    void servesSwaggerUiAtDocs() {
        ResponseEntity<String> docs = http.getForEntity("/docs", String.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("swagger-ui");
    }

    /** Every media type the body may have comes with an example (in itself or in its schema). */
    private static boolean hasExample(JsonNode api, JsonNode requestBody) {
        return !requestBody.path("content").isEmpty()
                && requestBody.path("content").properties().stream()
                        .allMatch(media -> mediaHasExample(api, media.getValue()));
    }

    private static boolean mediaHasExample(JsonNode api, JsonNode media) {
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
