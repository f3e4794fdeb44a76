package io.mailing.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Runs the command service on its own (port 8081); everything it contains comes from its auto-configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CommandServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
