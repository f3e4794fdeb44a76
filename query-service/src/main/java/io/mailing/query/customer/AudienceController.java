package io.mailing.query.customer;

import io.mailing.events.mailout.Channel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Customers")
class AudienceController {

    private final Audience audience;

    AudienceController(Audience audience) {
        this.audience = audience;
    }

    @GetMapping("/api/v1/audience")
    @Operation(
            operationId = "previewAudience",
            summary = "Preview a mailout's audience",
            description = "How many active customers a mailout filter selects now (OR inside a field, AND between"
                    + " fields, as a mailout's filter) who have an address for the channel (a phone for SMS, an"
                    + " e-mail address for EMAIL), how many more it selects who have none (the mailout does not"
                    + " reach them), and up to 10 of the recipients (any 10). Each"
                    + " parameter is repeated or comma-separated, up to 100 values; at least one criterion. A mailout"
                    + " that starts later is sent to whoever matches then.")
    AudiencePreview preview(
            @RequestParam(required = false) @Parameter(description = "3-digit mobile operator codes, e.g. 916,903")
                    List<String> operatorCodes,
            @RequestParam(required = false) @Parameter(description = "customer tags, e.g. vip") List<String> tags,
            @RequestParam(required = false)
                    @Parameter(description = "SMS (the default): customers with a phone; EMAIL: with an e-mail address")
                    Channel channel) {
        return audience.preview(operatorCodes, tags, channel);
    }
}
