package io.mailing.platform.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CorrelationFilterTest {

    /** 64 characters, the most allowed, of every kind allowed. */
    private static final String LONGEST = "0123456789._:-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx";

    @ParameterizedTest
    @ValueSource(strings = {"order-4711", "x", LONGEST})
    void aSaneIdIsTheRequestsAndComesBack(String given) throws Exception {
        assertThat(filtered(given)).isEqualTo(given);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "a b", "<script>alert(1)</script>", "id\r\nSet-Cookie: x=1", "идентификатор", LONGEST + "y"})
    void anUnfitIdIsReplacedByANewOne(String given) throws Exception {
        assertThat(filtered(given)).matches("[0-9a-f-]{36}");
    }

    @Test
    void aRequestWithoutAnIdGetsANewOne() throws Exception {
        assertThat(filtered(null)).matches("[0-9a-f-]{36}").isNotEqualTo(filtered(null));
    }

    /** The id the request was given; fails unless the response names the same one. */
    private static String filtered(String header) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (header != null) {
            request.addHeader(CorrelationFilter.HEADER, header);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        new CorrelationFilter().doFilter(request, response, new MockFilterChain());
        String correlationId = (String) request.getAttribute(CorrelationFilter.ATTRIBUTE);
        assertThat(response.getHeader(CorrelationFilter.HEADER)).isEqualTo(correlationId);
        return correlationId;
    }
}
