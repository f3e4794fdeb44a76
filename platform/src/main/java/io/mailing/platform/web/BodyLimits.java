package io.mailing.platform.web;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body may be: {@code max-size} for every request, and a larger limit for the paths in
 * {@code paths} (a bulk endpoint such as the customer import).
 */
@ConfigurationProperties("mailing.web.request-body")
record BodyLimits(DataSize maxSize, Map<String, DataSize> paths) {

    BodyLimits {
        paths = paths == null ? Map.of() : Map.copyOf(paths);
    }

    DataSize forPath(String path) {
        return paths.getOrDefault(path, maxSize);
    }
}
