package io.mailing.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The API's input boundary, generic part: JSON read without coercion ({@link StrictJson}) and request bodies capped
 * ({@link RequestBodyLimit}) before any other filter (errors outside the controllers are problem details too:
 * {@link ErrorResponsesConfiguration}); each service's values then check themselves (see
 * {@code io.mailing.platform.text.SafeText}).
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
@EnableConfigurationProperties(BodyLimits.class)
public class WebBoundaryConfiguration {

    @Bean
    StrictJson strictJson() {
        return new StrictJson();
    }

    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(BodyLimits limits, ObjectMapper json) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(limits, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
