package io.mailing.query.customer;

import java.util.List;
import java.util.UUID;

/**
 * Who a mailout's filter selects now: how many active customers it would message, and a few of them.
 *
 * @param count the matching customers who have a phone: the mailout's recipients
 * @param withoutPhone the matching customers who have no phone (an e-mail address only), whom it cannot reach
 * @param sample at most {@value Audience#SAMPLE_SIZE} of the recipients, in no particular order
 */
record AudiencePreview(long count, long withoutPhone, List<Member> sample) {

    /** One customer of the audience. */
    record Member(UUID id, String phone, String operatorCode, String email, List<String> tags, String timeZone) {}
}
