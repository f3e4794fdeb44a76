package io.mailing.platform.security;

import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.problem.Violations;
import io.mailing.platform.text.SafeText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    private final Map<String, SecuritySettings.User> users;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwords = new BCryptPasswordEncoder();

    TokenController(SecuritySettings settings, TokenIssuer issuer, LoginThrottle throttle) {
        this.users = settings.users().stream()
                .collect(Collectors.toUnmodifiableMap(SecuritySettings.User::username, Function.identity()));
        this.issuer = issuer;
        this.throttle = throttle;
    }

    @PostMapping("/api/v1/auth/token")
    @SecurityRequirements
    @Operation(
            summary = "Get a bearer token",
            description = "401 for a wrong user name or password; 429 with Retry-After once a user name has failed"
                    + " too often in a row.")
    ResponseEntity<?> token(@RequestBody TokenRequest request) {
        if (!issuer.isEnabled()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(problem(
                            HttpStatus.NOT_FOUND,
                            "no-token-endpoint",
                            "This service issues no tokens (no mailing.security.jwt-secret); use the configured"
                                    + " OAuth2 issuer's"));
        }
        request.validate();
        Duration locked = throttle.lockedFor(request.username());
        if (!locked.isZero()) {
            long seconds = Math.max(1, locked.toSeconds());
            ProblemDetail problem = problem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-failed-logins",
                    "Too many failed logins for this user name; try again in " + seconds + " s");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                    .body(problem);
        }
        Optional<SecuritySettings.User> user = Optional.ofNullable(users.get(request.username()));
        boolean matches = passwords.matches(
                request.password(),
                user.map(SecuritySettings.User::passwordHash).orElse(NO_SUCH_USER));
        if (user.isEmpty() || !matches) {
            throttle.failed(request.username());
            log.warn("Failed login for user name {}", request.username());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(problem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Wrong user name or password"));
        }
        throttle.succeeded(request.username());
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

    @Schema(example = """
            {"username":"admin","password":"admin"}""")
    record TokenRequest(String username, String password) {

        static final int MAX_USERNAME_LENGTH = 128;

        /** What bcrypt reads of a password; a longer one could never match, and the encoder refuses it. */
        static final int MAX_PASSWORD_BYTES = 72;

        void validate() {
            Violations violations = new Violations();
            violations.require("username", username, name -> {
                if (SafeText.check(name, MAX_USERNAME_LENGTH).isBlank()) {
                    throw new InvalidValueException("must not be blank");
                }
                return name;
            });
            violations.require("password", password, given -> {
                int bytes = given.getBytes(StandardCharsets.UTF_8).length;
                if (bytes == 0 || bytes > MAX_PASSWORD_BYTES) {
                    throw new InvalidValueException("must have 1 to " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
                }
                return given;
            });
            violations.throwIfAny();
        }
    }

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}
}
