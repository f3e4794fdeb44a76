package io.mailing.sending.oneoff;

import io.mailing.platform.problem.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code Idempotency-Key}s of one-off requests with the answers they got, per client ({@code principal}), in
 * {@code sending.one_off_request}: shared by every node, so a request repeated to another node is recognised too.
 * A key is claimed by inserting it in the transaction that queues the message; a concurrent request with the same key
 * waits on the row until that transaction ends, then finds it. A key is forgotten {@code ttl} after it was first
 * used: each claim removes a few keys past it, so the table holds about a day of keys whatever the traffic.
 */
@Component
class IdempotencyKeys {

    /** The longest key; printable ASCII (a UUID, say). */
    static final int MAX_LENGTH = 255;

    /** Keys past their time removed by each claim: more than one, so the table shrinks after a busy day. */
    static final int FORGET_PER_CLAIM = 16;

    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]{1," + MAX_LENGTH + "}");

    /** A key used before: the request it came with (its hash) and what it was answered. */
    record Used(byte[] requestHash, String answer) {}

    private final JdbcTemplate jdbc;

    IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The key as given; a 400 naming the header when it is no key. */
    static String check(String key) {
        if (!PRINTABLE_ASCII.matcher(key).matches()) {
            throw new InvalidInputException(
                    "Idempotency-Key", "must be 1 to " + MAX_LENGTH + " printable ASCII characters without spaces");
        }
        return key;
    }

    /**
     * Claims the key for this request and answer, within the caller's transaction; when it was used already (and is
     * not past its time), what it was used with.
     */
    Optional<Used> claim(
            String principal, String key, byte[] requestHash, UUID messageId, String answer, Duration ttl) {
        long ttlMillis = ttl.toMillis();
        jdbc.update("""
                DELETE FROM sending.one_off_request WHERE ctid IN (
                    SELECT ctid FROM sending.one_off_request
                     WHERE created_at < now() - ? * INTERVAL '1 millisecond' LIMIT ?)
                """, ttlMillis, FORGET_PER_CLAIM);
        jdbc.update("""
                DELETE FROM sending.one_off_request
                 WHERE principal = ? AND idempotency_key = ? AND created_at < now() - ? * INTERVAL '1 millisecond'
                """, principal, key, ttlMillis);
        for (int tries = 0; ; tries++) {
            int claimed = jdbc.update("""
                    INSERT INTO sending.one_off_request (principal, idempotency_key, request_hash, message_id, answer)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (principal, idempotency_key) DO NOTHING
                    """, principal, key, requestHash, messageId, answer);
            if (claimed == 1) {
                return Optional.empty();
            }
            List<Used> used = jdbc.query(
                    "SELECT request_hash, answer FROM sending.one_off_request WHERE principal = ? AND idempotency_key = ?",
                    (rs, row) -> new Used(rs.getBytes("request_hash"), rs.getString("answer")),
                    principal,
                    key);
            if (!used.isEmpty()) {
                return Optional.of(used.get(0));
            }
            // Gone between the two statements only if another request forgot it meanwhile: claim it again, once.
            if (tries > 0) {
                throw new IllegalStateException("Idempotency-Key " + key + " neither claimed nor found");
            }
        }
    }
}
