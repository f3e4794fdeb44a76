package io.mailing.events.mailout;

import java.time.Instant;

/**
 * An event that defines a mailout as a whole: its scheduling, or its replacement before it started. A reader that keeps
 * a mailout's definition takes both alike.
 */
public sealed interface MailoutDefined extends MailoutEvent permits MailoutScheduled, MailoutChanged {

    String text();

    Instant startAt();

    Instant endAt();

    AudienceFilter filter();

    /** {@code null}: no local-time restriction. */
    DeliveryWindow deliveryWindow();

    boolean includeLateJoiners();

    Channel channel();

    /** The subject and HTML body of an {@link Channel#EMAIL} mailout; {@code null} for SMS. */
    EmailContent email();
}
