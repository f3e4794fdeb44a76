package io.mailing.console.customer;

import io.mailing.console.platform.Page;
import io.mailing.console.platform.PlatformClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The customer directory, by tag and operator code, a page at a time. */
@Controller
class CustomerPages {

    static final int PAGE_SIZE = 20;

    private static final ParameterizedTypeReference<Page<Customer>> CUSTOMERS = new ParameterizedTypeReference<>() {};

    private final PlatformClient platform;

    CustomerPages(PlatformClient platform) {
        this.platform = platform;
    }

    @GetMapping("/customers")
    String list(
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String operatorCode,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Optional<String> byTag = Optional.ofNullable(tag).filter(value -> !value.isBlank());
        Optional<String> byOperator = Optional.ofNullable(operatorCode).filter(value -> !value.isBlank());
        model.addAttribute(
                "customers",
                platform.get(
                        uri -> uri.path("/api/v1/customers")
                                .queryParamIfPresent("tag", byTag)
                                .queryParamIfPresent("operatorCode", byOperator)
                                .queryParam("page", Math.max(page, 0))
                                .queryParam("size", PAGE_SIZE),
                        CUSTOMERS));
        model.addAttribute("tag", byTag.orElse(""));
        model.addAttribute("operatorCode", byOperator.orElse(""));
        return "console/customers";
    }

    /** A customer as the query API shows one. */
    record Customer(
            UUID id,
            String phone,
            String operatorCode,
            List<String> tags,
            String timeZone,
            boolean active,
            Instant registeredAt) {}
}
