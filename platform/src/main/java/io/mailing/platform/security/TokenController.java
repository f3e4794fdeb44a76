package io.mailing.platform.security;

import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The built-in token endpoint: a configured user's name and password for a bearer token. */
@RestController
@Tag(name = "Authentication", description = "Bearer tokens for the API")
class TokenController {

    private static final Logger log = LoggerFactory.getLogger(TokenController.class);

    /** Compared against when the user name is unknown, so an unknown name takes as long as a wrong password. */
    private static final String NO_SUCH_USER = "$2a$10$qIr0hsqIRQ5/.FeDd1u5Eu1ADv7MN9dj8SioPVkBkSxvehR2C42pW";

    private final boolean enabled;
    private final Map<String, SecuritySettings.User> users;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwords = new BCryptPasswordEncoder();

    TokenController(SecuritySettings settings, TokenIssuer issuer, LoginThrottle throttle) {
        this.enabled = settings.tokenEndpoint().enabled();
        this.users = settings.users().stream()
                .collect(Collectors.toUnmodifiableMap(SecuritySettings.User::username, Function.identity()));
        this.issuer = issuer;
        this.throttle = throttle;
    }

    @PostMapping("/api/v1/auth/token")
    @SecurityRequirements
    @Operation(
            operationId = "issueToken",
            summary = "Get a bearer token",
            description = "400 for a user name over " + TokenRequest.MAX_USERNAME_LENGTH + " characters or with"
                    + " control characters, or a password over " + TokenRequest.MAX_PASSWORD_BYTES + " bytes; 401"
                    + " for a wrong user name or password; 429 with Retry-After once this address, or this user name"
                    + " from any address, has failed too often.")
    @ApiResponse(
            responseCode = "200",
            description = "A bearer token",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    ResponseEntity<?> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (!enabled || !issuer.isEnabled()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(problem(
                            HttpStatus.NOT_FOUND,
                            "no-token-endpoint",
                            "This service issues no tokens (no mailing.security.jwt-secret, or"
                                    + " mailing.security.token-endpoint.enabled=false); use the configured OAuth2"
                                    + " issuer's"));
        }
        request.validate();
        Duration wait = throttle.reserve(request.username(), http.getRemoteAddr());
        if (!wait.isZero()) {
            long seconds = Math.max(1, wait.toSeconds());
            ProblemDetail problem = problem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-failed-logins",
                    "Too many failed logins from this address or for this user name; try again in " + seconds + " s");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                    .body(problem);
        }
        Optional<SecuritySettings.User> user = Optional.ofNullable(users.get(request.username()));
        boolean matches = passwords.matches(
                request.password(),
                user.map(SecuritySettings.User::passwordHash).orElse(NO_SUCH_USER));
        if (user.isEmpty() || !matches) {
            log.warn("Failed login for user name {}", request.username());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(problem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Wrong user name or password"));
        }
        throttle.succeeded(request.username(), http.getRemoteAddr());
        return ResponseEntity.ok(new TokenResponse(
                issuer.issue(request.username(), user.get().roles()),
                "Bearer",
                issuer.ttl().toSeconds()));
    }

    private static ProblemDetail problem(HttpStatus status, String kind, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:mailing:problem:" + kind));
        return problem;
    }

    /**
     * Checked before the user name is looked up or logged: a user name is at most {@value #MAX_USERNAME_LENGTH}
     * characters without control or format characters (which could forge log lines or hide in them), a password at
     * most {@value #MAX_PASSWORD_BYTES} bytes in UTF-8 (bcrypt's limit).
     */
    @Schema(example = """
            {"username":"admin","password":"admin"}""")
    record TokenRequest(
            @Schema(maxLength = MAX_USERNAME_LENGTH) String username,

            @Schema(description = "at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8")
            String password) {

        static final int MAX_USERNAME_LENGTH = 128;

        /** What bcrypt reads of a password; a longer one could never match, and the encoder refuses it. */
        static final int MAX_PASSWORD_BYTES = 72;

        void validate() {
            List<Violation> violations = new ArrayList<>();
            if (username == null || username.isBlank()) {
                violations.add(new Violation("username", "must not be blank"));
            } else if (username.length() > MAX_USERNAME_LENGTH) {
                violations.add(
                        new Violation("username", "must be at most " + MAX_USERNAME_LENGTH + " characters long"));
            } else if (username.codePoints().anyMatch(TokenRequest::isOdd)) {
                violations.add(new Violation("username", "must not contain control or format characters"));
            }
            if (password == null || password.isEmpty()) {
                violations.add(new Violation("password", "must not be empty"));
            } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
                violations.add(
                        new Violation("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes long in UTF-8"));
            }
            if (!violations.isEmpty()) {
                throw new InvalidInputException(violations);
            }
        }

        private static boolean isOdd(int codePoint) {
            int type = Character.getType(codePoint);
            return Character.isISOControl(codePoint)
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED;
        }
    }

    record TokenResponse(
            String accessToken,
            @Schema(example = "Bearer") String tokenType,

            @Schema(description = "seconds until the token expires", example = "3600")
            long expiresIn) {}
}
