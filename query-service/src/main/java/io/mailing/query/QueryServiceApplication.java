package io.mailing.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Runs the query service on its own (port 8082); everything it contains comes from its auto-configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class QueryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
