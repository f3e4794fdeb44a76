package io.mailing.console.mailout;

import java.util.List;
import java.util.UUID;

/**
 * Who a filter selects now, as the query API's audience preview answers: how many it would message (customers with an
 * address for the channel), how many more match but have none, and a few of the recipients.
 */
public record AudiencePreview(long count, long withoutAddress, List<Member> sample) {

    public AudiencePreview {
        sample = sample == null ? List.of() : sample;
    }

    /** One customer of the audience. */
    public record Member(
            UUID id, String phone, String operatorCode, String email, List<String> tags, String timeZone) {}
}
