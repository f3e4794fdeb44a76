package io.mailing.platform.problem;

import java.util.Map;

/** No such resource (HTTP 404). */
public final class NotFoundException extends DomainException {

    private final String resource;
    private final Object id;

    public NotFoundException(String resource, Object id) {
        super(resource + " " + id + " does not exist");
        this.resource = resource;
        this.id = id;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("resource", resource, "id", String.valueOf(id));
    }
}
