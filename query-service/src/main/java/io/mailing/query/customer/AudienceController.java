package io.mailing.query.customer;

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
            description = "How many active customers with a phone a mailout filter selects now (OR inside a field, AND"
                    + " between fields, as a mailout's filter), how many more it selects who have no phone (a mailout"
                    + " is sent by SMS and does not reach them), and up to 10 of the recipients (any 10). Each"
                    + " parameter is repeated or comma-separated, up to 100 values; at least one criterion. A mailout"
                    + " that starts later is sent to whoever matches then.")
    AudiencePreview preview(
            @RequestParam(required = false) @Parameter(description = "3-digit mobile operator codes, e.g. 916,903")
                    List<String> operatorCodes,
            @RequestParam(required = false) @Parameter(description = "customer tags, e.g. vip") List<String> tags) {
        return audience.preview(operatorCodes, tags);
    }
}
