package io.mailing.platform.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DeliverableChannelsTest {

    @Test
    void takesEmailOnlyWhereAMailServerIsConfigured() {
        DeliverableChannels withMail =
                new DeliverableChannels(new MockEnvironment().withProperty("spring.mail.host", "smtp"));
        DeliverableChannels without = new DeliverableChannels(new MockEnvironment());

        assertThat(withMail.deliverable(Channel.EMAIL)).isEqualTo(Channel.EMAIL);
        assertThat(without.deliverable(Channel.SMS)).isEqualTo(Channel.SMS);
        assertThatThrownBy(() -> without.deliverable(Channel.EMAIL))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        refused -> assertThat(refused.violations())
                                .extracting(Violation::field)
                                .containsExactly("channel"));
    }

    @Test
    void letsTheSettingSayWhereTheServiceRunsApartFromTheSendingService() {
        assertThat(new DeliverableChannels(new MockEnvironment().withProperty("mailing.mailouts.email", "true"))
                        .deliverable(Channel.EMAIL))
                .isEqualTo(Channel.EMAIL);
        assertThatThrownBy(() -> new DeliverableChannels(new MockEnvironment()
                                .withProperty("spring.mail.host", "smtp")
                                .withProperty("mailing.mailouts.email", "false"))
                        .deliverable(Channel.EMAIL))
                .isInstanceOf(InvalidInputException.class);
    }
}
