package io.mailing.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Map;

/**
 * Help texts for the meters that Spring Boot and Micrometer register without one (the HTTP server and client timers
 * of observations, Tomcat's session meters), so that every metric at {@code /actuator/prometheus} says what it
 * counts: Prometheus shows a meter's description as its {@code # HELP} line, and {@code promtool check metrics}
 * flags a metric without one. A meter that has a description keeps it.
 */
public class MetricDescriptions implements MeterFilter {

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("http.server.requests", "HTTP requests answered, by method, URI template, status and outcome"),
            Map.entry("http.server.requests.active", "HTTP requests being answered"),
            Map.entry("http.client.requests", "HTTP requests made, by method, URI template, status and outcome"),
            Map.entry("http.client.requests.active", "HTTP requests made and not yet answered"),
            Map.entry("tomcat.sessions.active.current", "HTTP sessions active now"),
            Map.entry("tomcat.sessions.active.max", "The most HTTP sessions active at once"),
            Map.entry("tomcat.sessions.alive.max", "The longest time an expired HTTP session was alive"),
            Map.entry("tomcat.sessions.created", "HTTP sessions created"),
            Map.entry("tomcat.sessions.expired", "HTTP sessions expired"),
            Map.entry("tomcat.sessions.rejected", "HTTP sessions refused because the most allowed were active"));

    @Override
    public Meter.Id map(Meter.Id id) {
        String description = DESCRIPTIONS.get(id.getName());
        if (id.getDescription() != null || description == null) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
    }
}
