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
 * token that comes back, with its roles and expiry, becomes the session's {@link PlatformUser}. An OpenID Connect
 * sign-in will end the same way: a {@link PlatformUser} with the provider's access token.
 */
class PlatformSignIn implements AuthenticationProvider {

    private final PlatformClient platform;
    private final String rolesClaim;
    private final ObjectMapper json;
    private final Clock clock;

    PlatformSignIn(PlatformClient platform, String rolesClaim, ObjectMapper json, Clock clock) {
        this.platform = platform;
        this.rolesClaim = rolesClaim;
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
        Set<String> roles = TokenClaims.roles(answer.accessToken(), rolesClaim, json);
        PlatformUser user = new PlatformUser(
                username, roles, answer.accessToken(), clock.instant().plusSeconds(answer.expiresIn()));
        return UsernamePasswordAuthenticationToken.authenticated(
                user,
                null,
                roles.stream()
                        .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                        .toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
