package io.mailing.report.daily;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Through the mail server when Spring Boot configured one ({@code spring.mail.host}), which then needs recipients;
 * otherwise into {@code mailing.report.daily.directory}.
 */
@Configuration(proxyBeanMethods = false)
class ReportDeliveryConfiguration {

    @Bean
    ReportDelivery reportDelivery(ObjectProvider<JavaMailSender> mailSender, DailyReportSettings settings) {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            return new ReportDelivery.Directory(settings.directory());
        }
        if (settings.to().isEmpty()) {
            throw new IllegalStateException("A mail server is configured (spring.mail.host) but no recipient of the"
                    + " daily report: set mailing.report.daily.to (REPORT_TO)");
        }
        return new ReportDelivery.Smtp((JavaMailSenderImpl) sender, settings.to());
    }
}
