package io.mailing.events.message;

import io.mailing.events.mailout.Channel;
import java.util.Optional;
import java.util.UUID;

/**
 * One-off (transactional) messages, sent on request of another application rather than by a mailout, belong to a
 * standing mailout per channel with a fixed id: never scheduled, never ending, open to whoever sends. So everything
 * that follows messages by their mailout (delivery, statistics, audit trails, Kafka) follows one-offs too, under
 * these ids.
 */
public final class Transactional {

    /** The standing mailout of one-off text messages. */
    public static final UUID SMS = UUID.fromString("7a0e0ff5-0000-4000-8000-000000000001");

    /** The standing mailout of one-off e-mails. */
    public static final UUID EMAIL = UUID.fromString("7a0e0ff5-0000-4000-8000-000000000002");

    private Transactional() {}

    /** The standing mailout of one-offs of this channel. */
    public static UUID mailoutOf(Channel channel) {
        return channel == Channel.EMAIL ? EMAIL : SMS;
    }

    /** Whether the id is one of the standing mailouts of one-offs. */
    public static boolean is(UUID mailoutId) {
        return SMS.equals(mailoutId) || EMAIL.equals(mailoutId);
    }

    /** The channel whose one-offs this standing mailout holds; empty for any other mailout. */
    public static Optional<Channel> channelOf(UUID mailoutId) {
        return SMS.equals(mailoutId)
                ? Optional.of(Channel.SMS)
                : EMAIL.equals(mailoutId) ? Optional.of(Channel.EMAIL) : Optional.empty();
    }
}
