package io.mailing.command.mailout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailing.events.mailout.AudienceFilter;
import io.mailing.events.mailout.Channel;
import io.mailing.events.mailout.EmailContent;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class MailoutChannelsTest {

    private static final Instant START = Instant.parse("2090-01-01T10:00:00Z");
    private static final AudienceFilter VIPS = new AudienceFilter(List.of(), List.of("vip"));
    private static final MailoutDefinition EMAIL = new MailoutDefinition(
            "Hello", START, START.plusSeconds(3600), VIPS, null, false, Channel.EMAIL, new EmailContent("Hi", null));
    private static final MailoutDefinition SMS =
            new MailoutDefinition("Hello", START, START.plusSeconds(3600), VIPS, null, false, Channel.SMS, null);

    @Test
    void takesAnEmailMailoutOnlyWhereAMailServerIsConfigured() {
        MailoutChannels withMail = new MailoutChannels(new MockEnvironment().withProperty("spring.mail.host", "smtp"));
        MailoutChannels without = new MailoutChannels(new MockEnvironment());

        assertThat(withMail.deliverable(EMAIL)).isEqualTo(EMAIL);
        assertThat(without.deliverable(SMS)).isEqualTo(SMS);
        assertThatThrownBy(() -> without.deliverable(EMAIL))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        refused -> assertThat(refused.violations())
                                .extracting(Violation::field)
                                .containsExactly("channel"));
    }

    @Test
    void letsTheSettingSayWhereTheCommandServiceRunsApart() {
        assertThat(new MailoutChannels(new MockEnvironment().withProperty("mailing.mailouts.email", "true"))
                        .deliverable(EMAIL))
                .isEqualTo(EMAIL);
        assertThatThrownBy(() -> new MailoutChannels(new MockEnvironment()
                                .withProperty("spring.mail.host", "smtp")
                                .withProperty("mailing.mailouts.email", "false"))
                        .deliverable(EMAIL))
                .isInstanceOf(InvalidInputException.class);
    }
}
