package io.mailing.console.audit;

import io.mailing.console.platform.PlatformClient;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The trails of the query API's audit ({@code GET /api/v1/audit/{kind}/{id}}), for every page that shows one. */
@Component
public class AuditTrails {

    /** What has a trail, as the API's paths name them. */
    public static final List<String> KINDS = List.of("mailouts", "messages", "customers", "reports", "opt-outs");

    private final PlatformClient platform;

    AuditTrails(PlatformClient platform) {
        this.platform = platform;
    }

    /** The page of {@code size} events of the trail of {@code kind} {@code id} after position {@code after}. */
    public Trail page(String kind, UUID id, Long after, int size) {
        return platform.get(
                uri -> uri.path("/api/v1/audit/" + kind + "/" + id)
                        .queryParamIfPresent("after", Optional.ofNullable(after))
                        .queryParam("size", size),
                Trail.class);
    }
}
