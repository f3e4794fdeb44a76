package io.mailing.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailing.console.platform.PlatformClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Any mailout's, message's or customer's id to its trail: every event that concerns it, who caused it and when. */
@Controller
class AuditPages {

    static final int PAGE_SIZE = 50;

    static final List<String> KINDS = List.of("mailouts", "messages", "customers");

    private final PlatformClient platform;

    AuditPages(PlatformClient platform) {
        this.platform = platform;
    }

    @GetMapping("/audit")
    String trail(
            @RequestParam(defaultValue = "mailouts") String kind,
            @RequestParam(required = false) UUID id,
            @RequestParam(required = false) Long after,
            Model model) {
        String subject = KINDS.contains(kind) ? kind : KINDS.get(0);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("kind", subject);
        model.addAttribute("id", id);
        if (id != null) {
            model.addAttribute(
                    "trail",
                    platform.get(
                            uri -> uri.path("/api/v1/audit/" + subject + "/" + id)
                                    .queryParamIfPresent("after", Optional.ofNullable(after))
                                    .queryParam("size", PAGE_SIZE),
                            Trail.class));
        }
        return "console/audit";
    }

    /** A page of a trail, as the query API answers it. */
    record Trail(List<Entry> items, int size, long total, Long next) {}

    /** One event of a trail; who caused it is in its metadata. */
    record Entry(long position, Instant occurredAt, String type, JsonNode payload, JsonNode metadata) {

        public String principal() {
            return metadata == null ? "" : metadata.path("principal").asText("");
        }
    }
}
