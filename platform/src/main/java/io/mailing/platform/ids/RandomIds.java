package io.mailing.platform.ids;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs from a generator of the calling thread's own. {@link UUID#randomUUID()} draws from one
 * {@link SecureRandom} shared by the whole JVM, whose default on Linux takes a global lock for every id: with the
 * pipeline making ids for every event, command and result, request threads waited for that lock behind background
 * threads (docs/performance.md, "Figures behind choices in the code"). Each thread here has its own DRBG, seeded by
 * the system, so making an id never waits for another thread; the ids are as random as {@code randomUUID}'s.
 */
public final class RandomIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomIds::newRandom);

    private RandomIds() {}

    /** A new random UUID (version 4, IETF variant). */
    public static UUID uuid() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
