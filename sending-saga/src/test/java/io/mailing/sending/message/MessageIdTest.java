package io.mailing.sending.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    private static final UUID MAILOUT = UUID.fromString("6f1c6a2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f");
    private static final UUID CUSTOMER = UUID.fromString("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed");
    private static final UUID OTHER_CUSTOMER = UUID.fromString("a8098c1a-f86e-41d1-9ab5-a5f9b1d1c0c2");

    @Test
    void theSamePairAlwaysGivesTheSameIds() {
        MessageId id = MessageId.of(MAILOUT, CUSTOMER);
        MessageId again = MessageId.of(MAILOUT, CUSTOMER);

        assertThat(again).isEqualTo(id);
        assertThat(again.providerMessageId()).isEqualTo(id.providerMessageId());
    }

    @Test
    void anotherCustomerOrMailoutGivesAnotherId() {
        MessageId id = MessageId.of(MAILOUT, CUSTOMER);

        assertThat(MessageId.of(MAILOUT, OTHER_CUSTOMER)).isNotEqualTo(id);
        assertThat(MessageId.of(MAILOUT, OTHER_CUSTOMER).providerMessageId()).isNotEqualTo(id.providerMessageId());
        assertThat(MessageId.of(OTHER_CUSTOMER, CUSTOMER)).isNotEqualTo(id);
    }

    @Test
    void isAVersionFiveUuidOfTheCustomerInTheMailoutsNamespace() throws NoSuchAlgorithmException {
        UUID id = MessageId.of(MAILOUT, CUSTOMER).value();

        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id).isEqualTo(uuidV5(MAILOUT, CUSTOMER.toString()));
    }

    @Test
    void providerMessageIdIsNeverNegative() {
        assertThat(IntStream.range(0, 1_000)
                        .mapToObj(i -> MessageId.of(MAILOUT, UUID.randomUUID()).providerMessageId()))
                .allSatisfy(msgId -> assertThat(msgId).isNotNegative());
    }

    /** RFC 9562 name-based UUID with SHA-1, computed independently of the library MessageId uses. */
    private static UUID uuidV5(UUID namespace, String name) throws NoSuchAlgorithmException {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        ByteBuffer hash = ByteBuffer.wrap(sha1.digest(name.getBytes(StandardCharsets.UTF_8)));
        long msb = (hash.getLong() & ~0xF000L) | 0x5000L;
        long lsb = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
