package io.mailing.console.signin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformClient;
import io.mailing.console.platform.PlatformUnavailable;
import io.mailing.console.platform.PlatformUser;
import java.time.Clock;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Signs a user in with the platform's built-in users: the user name and password go to the token endpoint, and the
 * token that comes back, with its roles and expiry, becomes the session's {@link PlatformUser}. A built-in token
 * keeps its roles in its own {@code roles} claim, wherever an external issuer's tokens keep theirs. An OpenID Connect
 * sign-in ends the same way ({@link ProviderSignIn}): a {@link PlatformUser} with the provider's access token.
 */
class PlatformSignIn implements AuthenticationProvider {

    /** Where the built-in token endpoint puts the roles. */
    static final String BUILT_IN_ROLES = "roles";

    private final PlatformClient platform;
    private final ObjectMapper json;
    private final Clock clock;

    PlatformSignIn(PlatformClient platform, ObjectMapper json, Clock clock) {
        this.platform = platform;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        String password = String.valueOf(attempt.getCredentials());
        PlatformClient.TokenAnswer answer;
        try {
            answer = platform.issueToken(username, password);
        } catch (ApiProblem refused) {
            if (refused.status() == 429) {
                throw new LockedException("Too many failed sign-ins: try again later.");
            }
            throw new BadCredentialsException("Wrong username or password.");
        } catch (PlatformUnavailable e) {
            throw new AuthenticationServiceException("The platform does not answer: try again later.", e);
        }
        Set<String> roles = TokenClaims.of(answer.accessToken(), json).roles(BUILT_IN_ROLES);
        return signedIn(new PlatformUser(
                username, roles, answer.accessToken(), clock.instant().plusSeconds(answer.expiresIn())));
    }

    /** The session's authentication for this user: the user as principal, the roles as {@code ROLE_*}. */
    static Authentication signedIn(PlatformUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(
                user,
                null,
                user.roles().stream()
                        .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                        .toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
