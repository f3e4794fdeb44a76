package io.mailing.report;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** Runs the report service on its own (port 8085); everything it contains comes from its auto-configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ReportServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReportServiceApplication.class, args);
    }
}
