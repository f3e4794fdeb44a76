package io.mailing.query.customer;

import java.util.List;
import java.util.UUID;

/**
 * Who a mailout's filter selects now: how many active customers it would message, and a few of them.
 *
 * @param count the matching customers who have an address for the channel (a phone, an e-mail address): the
 *     mailout's recipients
 * @param withoutAddress the matching customers who have none for the channel, whom it cannot reach
 * @param sample at most {@value Audience#SAMPLE_SIZE} of the recipients, in no particular order
 */
record AudiencePreview(long count, long withoutAddress, List<Member> sample) {

    /** One customer of the audience. */
    record Member(UUID id, String phone, String operatorCode, String email, List<String> tags, String timeZone) {}
}
