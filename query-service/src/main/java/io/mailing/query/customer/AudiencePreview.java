package io.mailing.query.customer;

import java.util.List;
import java.util.UUID;

/**
 * Who a mailout's filter selects now: how many active customers, and a few of them.
 *
 * @param sample at most {@value Audience#SAMPLE_SIZE} of them, in no particular order
 */
record AudiencePreview(long count, List<Member> sample) {

    /** One customer of the audience. */
    record Member(UUID id, String phone, String operatorCode, List<String> tags, String timeZone) {}
}
