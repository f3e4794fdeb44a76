package io.mailing.console.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class PagerTest {

    private final Pager pager = new Pager();

    @AfterEach
    void forgetRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void keepsTheFiltersAsTheyWereSentAndSetsOnlyThePage() {
        asked("/customers", "phone=%2B7+916&tag=vip&page=3&operatorCode=250");

        assertThat(pager.to(4)).isEqualTo("/customers?phone=%2B7+916&tag=vip&operatorCode=250&page=4");
        assertThat(pager.to(2)).isEqualTo("/customers?phone=%2B7+916&tag=vip&operatorCode=250&page=2");
    }

    @Test
    void addsThePageToAPageAskedForWithoutOne() {
        asked("/mailouts/7d1c0c1e-1111-4d2c-9a51-3f1c2f6b7a10", null);

        assertThat(pager.to(1)).isEqualTo("/mailouts/7d1c0c1e-1111-4d2c-9a51-3f1c2f6b7a10?page=1");
    }

    private static void asked(String path, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setQueryString(query);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }
}
