package io.mailing.platform.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Prints the bcrypt hash of a password (the first argument, else the first line of standard input) for
 * {@code mailing.security.users[*].password-hash}. Runs from any service's jar, with no Spring context:
 *
 * <pre>
 * java -cp command-service-exec.jar -Dloader.main=io.mailing.platform.security.PasswordHash \
 *     org.springframework.boot.loader.launch.PropertiesLauncher 's3cret'
 * </pre>
 */
public final class PasswordHash {

    private PasswordHash() {}

    public static void main(String[] args) throws IOException {
        String password = args.length > 0
                ? args[0]
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("Usage: PasswordHash <password> (or the password on standard input)");
            System.exit(2);
        }
        System.out.println(new BCryptPasswordEncoder().encode(password));
    }
}
