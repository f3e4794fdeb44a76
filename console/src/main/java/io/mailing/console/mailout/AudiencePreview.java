package io.mailing.console.mailout;

import java.util.List;
import java.util.UUID;

/** Who a filter selects now, as the query API's audience preview answers: how many, and a few of them. */
public record AudiencePreview(long count, List<Member> sample) {

    public AudiencePreview {
        sample = sample == null ? List.of() : sample;
    }

    /** One customer of the audience. */
    public record Member(UUID id, String phone, String operatorCode, List<String> tags, String timeZone) {}
}
