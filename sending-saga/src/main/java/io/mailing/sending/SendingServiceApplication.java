package io.mailing.sending;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Runs the sending service on its own (port 8083); everything it contains comes from its auto-configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SendingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SendingServiceApplication.class, args);
    }
}
