package io.mailing.standalone;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Makes e-mail work offline out of the box: unless a mail server is configured ({@code SPRING_MAIL_HOST}, i.e. {@code
 * spring.mail.host}) or {@value #ENABLED} is {@code false}, it starts the built-in {@link MailSink} on loopback once the
 * context is prepared ({@link StandIn}) and points {@code spring.mail.*} at it: e-mail mailouts and the daily report go
 * there (the report to {@code reports@mailing.local} unless {@code REPORT_TO} names someone; with the sink off and no
 * mail server the report is written to its directory instead). Its SMTP port is {@value #SMTP_PORT} (default 3025), its counts at {@code GET /mail-sink/stats} on {@value
 * #HTTP_PORT} (default 8025); 0 picks a free port.
 */
class MailSinkEnvironment extends StandIn<MailSink> {

    static final String ENABLED = "mailing.mail-sink.enabled";
    static final String SMTP_PORT = "mailing.mail-sink.smtp-port";
    static final String HTTP_PORT = "mailing.mail-sink.http-port";
    static final String BEAN = "mailSink";

    private static final String HOST = "spring.mail.host";
    private static final String REPORT_TO = "mailing.report.daily.to";

    MailSinkEnvironment(DeferredLogFactory logs) {
        super(logs.getLog(MailSinkEnvironment.class), ENABLED, BEAN);
    }

    @Override
    String configuredInstead(ConfigurableEnvironment environment) {
        String configured = environment.getProperty(HOST);
        return StringUtils.hasText(configured) ? "Sending e-mail through " + configured + "; no mail sink" : null;
    }

    @Override
    MailSink start(ConfigurableEnvironment environment) {
        MailSink sink = MailSink.start(
                environment.getProperty(SMTP_PORT, Integer.class, 3025),
                environment.getProperty(HTTP_PORT, Integer.class, 8025));
        Map<String, Object> pointed = new HashMap<>(Map.of(HOST, "127.0.0.1", "spring.mail.port", sink.smtpPort()));
        if (!StringUtils.hasText(environment.getProperty(REPORT_TO))) {
            pointed.put(REPORT_TO, "reports@mailing.local");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("mailSink", pointed));
        log.info("E-mail goes to the built-in mail sink, which keeps none (GET " + sink.statsUrl()
                + "); set SPRING_MAIL_HOST to send through a real mail server");
        return sink;
    }

    @Override
    void stop(MailSink running) {
        running.stop();
    }
}
