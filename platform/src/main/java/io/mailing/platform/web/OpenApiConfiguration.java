package io.mailing.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;

/**
 * The OpenAPI document of whatever services the context hosts: one title, and the problem-details answers that
 * {@link ProblemDetailsAdvice} and the security filters give documented on every operation they apply to, and the
 * {@code Location} header of every 201, so no controller repeats them; a controller documents only what is its own (that
 * it answers 201, a conflict only it has).
 *
 * <p>The {@code Problem} schema is added by the customizer, not by the {@link OpenAPI} bean: springdoc drops the
 * bean's schemas that nothing references before customizers run, and only the customizer references it.
 */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class OpenApiConfiguration {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "Problem";
    private static final String VIOLATION_SCHEMA = "Violation";
    private static final String BEARER = "bearer";
    private static final String TOKEN_PATH = "/api/v1/auth/token";

    @Bean
    @ConditionalOnMissingBean
    OpenAPI mailingOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Mailing platform API")
                        .version("v1")
                        .description("Customers, mailouts, delivery statistics and audit trail. Errors are RFC 9457"
                                + " problem details naming the offending field or state."))
                .servers(List.of(new Server().url("/").description("The host serving this document")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A token from POST /api/v1/auth/token (or from the configured"
                                                + " OAuth2 issuer); reading needs VIEWER or ADMIN, changing needs"
                                                + " ADMIN")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSchemas(PROBLEM_SCHEMA, problemSchema())
                    .addSchemas(VIOLATION_SCHEMA, violationSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) -> addCommonAnswers(path, method, operation)));
        };
    }

    private static void addCommonAnswers(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        ApiResponse created = responses.get("201");
        if (created != null
                && (created.getHeaders() == null || !created.getHeaders().containsKey(HttpHeaders.LOCATION))) {
            created.addHeaderObject(
                    HttpHeaders.LOCATION,
                    new Header()
                            .description("The URL of what was created")
                            .schema(new StringSchema().format("uri-reference")));
        }
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters =
                operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (hasBody || hasParameters) {
            responses.putIfAbsent("400", problem("Invalid input: every offending field is named in `errors`"));
        }
        if (hasBody) {
            responses.putIfAbsent("413", problem("The body is larger than the service accepts"));
            responses.putIfAbsent("415", problem("The body is not `application/json`"));
        }
        if (path.equals(TOKEN_PATH)) {
            responses.putIfAbsent("401", problem("Wrong user name or password"));
            responses.putIfAbsent(
                    "404",
                    problem("This service issues no tokens (it has no JWT secret): use the configured OAuth2 issuer"));
            responses.putIfAbsent(
                    "429",
                    problem("Too many failed logins from this address or for this user name (see Retry-After)")
                            .addHeaderObject(
                                    HttpHeaders.RETRY_AFTER,
                                    new Header()
                                            .description("Seconds until this user name may try again")
                                            .schema(new IntegerSchema().minimum(BigDecimal.ONE))));
        } else if (path.startsWith("/api/")) {
            responses.putIfAbsent(
                    "401",
                    problem("No bearer token, or one that is not valid")
                            .addHeaderObject(
                                    HttpHeaders.WWW_AUTHENTICATE,
                                    new Header().description("`Bearer`").schema(new StringSchema())));
            responses.putIfAbsent("403", problem("The token's roles do not allow this (changes need ADMIN)"));
        }
        if (path.contains("{")) {
            responses.putIfAbsent("404", problem("Nothing with that id or name: `resource` and `id` name it"));
            if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD) {
                responses.putIfAbsent(
                        "409",
                        problem("Conflicts with its current state (`currentStatus`), an existing record"
                                + " (`existingId`, `followUpId`) or a change made at the same time (try again)"));
            }
        }
        responses.putIfAbsent("500", problem("An unexpected error; it is logged, the answer tells nothing more"));
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(problemContent());
            }
        });
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref(ref(PROBLEM_SCHEMA))));
    }

    private static String ref(String schema) {
        return "#/components/schemas/" + schema;
    }

    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put(
                "type",
                new StringSchema()
                        .format("uri")
                        .description("The kind of problem: `urn:mailing:problem:` and invalid-input, not-found,"
                                + " conflict, unauthorized, forbidden, bad-credentials, too-many-failed-logins,"
                                + " …; `about:blank` for errors of the HTTP layer (413, 415, 500)")
                        .example("urn:mailing:problem:invalid-input"));
        properties.put(
                "title",
                new StringSchema()
                        .description("The HTTP status's reason phrase")
                        .example("Bad Request"));
        properties.put(
                "status", new IntegerSchema().description("The HTTP status").example(400));
        properties.put(
                "detail",
                new StringSchema()
                        .description("What went wrong, for a person")
                        .example("phone: must have 11 to 15 digits"));
        properties.put(
                "instance",
                new StringSchema()
                        .format("uri-reference")
                        .description("The request's path")
                        .example("/api/v1/customers"));
        properties.put(
                "errors",
                new ArraySchema()
                        .items(new Schema<>().$ref(ref(VIOLATION_SCHEMA)))
                        .description("400: every offending field and why"));
        properties.put(
                "currentStatus",
                new StringSchema()
                        .description("409 on a state conflict: the mailout's status now")
                        .example("RUNNING"));
        properties.put(
                "followUpId",
                new StringSchema()
                        .format("uuid")
                        .description("409 on sending a mailout again: the follow-up it already has")
                        .example("7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"));
        properties.put(
                "existingId",
                new StringSchema()
                        .format("uuid")
                        .description("409 on a duplicate: the record that already has it")
                        .example("0b5f3f9e-8c1d-4f7a-9a51-6d2e4c8b7a10"));
        properties.put(
                "field",
                new StringSchema()
                        .description("409 on a duplicate: the field that clashes")
                        .example("phone"));
        properties.put(
                "resource",
                new StringSchema()
                        .description("404, and 409 on a concurrent change: what kind of record")
                        .example("mailout"));
        properties.put(
                "id",
                new StringSchema()
                        .description("404, and 409 on a concurrent change: its id or name")
                        .example("7d9e1c52-3a4b-4c6d-8e0f-1a2b3c4d5e6f"));
        properties.put(
                "projection",
                new StringSchema()
                        .description("409 on a rebuild another node runs: the projection")
                        .example("query-audit"));
        return new ObjectSchema()
                .description("RFC 9457 problem details, with the members that name what the problem is about")
                .properties(properties)
                .required(List.of("type", "title", "status"));
    }

    private static Schema<?> violationSchema() {
        return new ObjectSchema()
                .description("One broken rule")
                .addProperty(
                        "field",
                        new StringSchema()
                                .description("The offending field as a JSON path")
                                .example("filter.tags[2]"))
                .addProperty(
                        "message",
                        new StringSchema().description("Why it is refused").example("must not be blank"))
                .required(List.of("field", "message"));
    }
}
