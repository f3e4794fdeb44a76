package io.mailing.standalone;

import io.mailing.testsupport.WithPostgres;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The standalone platform on a random port with its provider simulator on another, on the test's own PostgreSQL
 * database, with delivery timings short enough for a test: 1 s requests, retries from 100 ms up to 1 s, and a
 * circuit that opens for 1.5 s up to 3 s.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WithPostgres
@SpringBootTest(
        classes = StandaloneApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            EmbeddedPostgresEnvironment.ENABLED + "=false",
            SimulatorEnvironment.PORT + "=0",
            MailSinkEnvironment.SMTP_PORT + "=0",
            MailSinkEnvironment.HTTP_PORT + "=0",
            "mailing.delivery.provider.connect-timeout=500ms",
            "mailing.delivery.provider.request-timeout=1s",
            "mailing.delivery.provider.request-timeout-max=1s",
            "mailing.delivery.retry.base=100ms",
            "mailing.delivery.retry.cap=1s",
            "mailing.delivery.circuit.open-duration=1500ms",
            "mailing.delivery.circuit.max-open-duration=3s"
        })
@interface RunningPlatform {}
