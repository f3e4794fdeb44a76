package io.mailing.sending.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.message.ErrorKind;
import io.mailing.sending.message.AttemptResult;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** What an SMTP server's answer, or its silence, means for a message: tried again, given up, or sending paused. */
class SmtpFailuresTest {

    private static ErrorKind kind(Exception e) {
        return SmtpDeliveryProvider.failure(e).kind();
    }

    private static SendFailedException recipientRefused(int code) throws Exception {
        InternetAddress ann = new InternetAddress("ann@example.com");
        SMTPAddressFailedException refused =
                new SMTPAddressFailedException(ann, "RCPT TO:<ann@example.com>", code, code + " mailbox says no");
        return new SendFailedException(
                "Invalid Addresses", refused, new Address[0], new Address[0], new Address[] {ann});
    }

    @Test
    void aTemporaryRefusalIsTriedAgainAndAPermanentOneIsNot() throws Exception {
        assertThat(kind(recipientRefused(450))).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(kind(recipientRefused(550))).isEqualTo(ErrorKind.CLIENT_ERROR);
        assertThat(kind(new SMTPSendFailedException("DATA", 421, "421 too busy", null, null, null, null)))
                .isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(kind(new SMTPSendFailedException("DATA", 554, "554 rejected as spam", null, null, null, null)))
                .isEqualTo(ErrorKind.CLIENT_ERROR);
        assertThat(ErrorKind.SERVER_ERROR.isRetryable()).isTrue();
        assertThat(ErrorKind.CLIENT_ERROR.isRetryable()).isFalse();
    }

    @Test
    void refusedCredentialsPauseSendingAndASilentOrAbsentServerIsTriedAgain() {
        assertThat(kind(new AuthenticationFailedException("535 bad credentials")))
                .isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(kind(new MessagingException("read", new SocketTimeoutException("Read timed out"))))
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(kind(new MessagingException("connect", new ConnectException("Connection refused"))))
                .isEqualTo(ErrorKind.CONNECTION_FAILED);
    }

    @Test
    void saysWhatTheServerAnsweredOnOneBoundedLine() throws Exception {
        AttemptResult.Failed failed = SmtpDeliveryProvider.failure(new SMTPSendFailedException(
                "DATA", 552, "552 " + "x".repeat(500) + "\r\nmore", null, null, null, null));

        assertThat(failed.detail())
                .startsWith("SMTPSendFailedException: 552 xxx")
                .doesNotContain("\n");
        assertThat(failed.detail()).hasSizeLessThanOrEqualTo(SmtpDeliveryProvider.MAX_DETAIL);
    }
}
