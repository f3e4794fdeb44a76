package io.mailing.events.mailout;

import java.util.Collection;
import java.util.List;

/**
 * Who a mailout is for: OR inside a field, AND between fields; an empty field does not constrain.
 *
 * @param operatorCodes three-digit mobile operator codes
 * @param tags customer tags
 */
public record AudienceFilter(List<String> operatorCodes, List<String> tags) {

    public AudienceFilter {
        operatorCodes = operatorCodes == null ? List.of() : List.copyOf(operatorCodes);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Whether a customer with this operator code and these tags is in the audience. */
    public boolean matches(String operatorCode, Collection<String> customerTags) {
        boolean operatorMatches = operatorCodes.isEmpty() || operatorCodes.contains(operatorCode);
        boolean tagMatches = tags.isEmpty() || tags.stream().anyMatch(customerTags::contains);
        return operatorMatches && tagMatches;
    }
}
