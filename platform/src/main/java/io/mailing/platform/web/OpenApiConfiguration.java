package io.mailing.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The OpenAPI document of whatever services the context hosts: one title, and the problem-details answers that
 * {@link ProblemDetailsAdvice} gives documented on every operation (400 where input is read, 404 where an id is
 * in the path, 409 where state can conflict), so no controller repeats them.
 */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class OpenApiConfiguration {

    private static final String PROBLEM = "application/problem+json";
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
                .components(new Components()
                        .addSchemas("Problem", problemSchema())
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
        return openApi -> openApi.getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().forEach((method, operation) -> addProblems(path, method, operation)));
    }

    private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        boolean readsInput = operation.getRequestBody() != null
                || operation.getParameters() != null
                        && !operation.getParameters().isEmpty();
        if (readsInput) {
            responses.putIfAbsent("400", problem("Invalid input: every offending field is named in `errors`"));
        }
        if (path.equals(TOKEN_PATH)) {
            responses.putIfAbsent("401", problem("Wrong user name or password"));
            responses.putIfAbsent(
                    "429", problem("Too many failed logins from this address or for this user name (see Retry-After)"));
            return;
        }
        if (path.startsWith("/api/")) {
            responses.putIfAbsent("401", problem("No bearer token, or one that is not valid"));
            responses.putIfAbsent("403", problem("The token's roles do not allow this (changes need ADMIN)"));
        }
        if (path.contains("{id}")) {
            responses.putIfAbsent("404", problem("No resource with that id"));
        }
        if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD) {
            responses.putIfAbsent(
                    "409", problem("Conflicts with the current state or an existing record (named in the body)"));
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        return new Schema<>()
                .type("object")
                .description("RFC 9457 problem details")
                .properties(Map.of(
                        "type", new Schema<>().type("string").example("urn:mailing:problem:invalid-input"),
                        "title", new Schema<>().type("string").example("Bad Request"),
                        "status", new Schema<>().type("integer").example(400),
                        "detail", new Schema<>().type("string").example("phone: must have 11 to 15 digits"),
                        "instance", new Schema<>().type("string").example("/api/v1/customers"),
                        "errors",
                                new Schema<>()
                                        .type("array")
                                        .description("400 only: each offending field (a JSON path) and why")
                                        .items(new Schema<>()
                                                .type("object")
                                                .properties(Map.of(
                                                        "field",
                                                                new Schema<>()
                                                                        .type("string")
                                                                        .example("phone"),
                                                        "message",
                                                                new Schema<>()
                                                                        .type("string")
                                                                        .example("must have 11 to 15 digits")))),
                        "currentStatus", new Schema<>().type("string").description("409 on a state conflict"),
                        "existingId", new Schema<>().type("string").description("409 on a duplicate")));
    }
}
