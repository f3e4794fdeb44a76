package io.mailing.query.projection;

import io.mailing.query.projection.ProjectionAdmin.ProjectionStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/projections")
@Tag(
        name = "Projections",
        description = "The query side's read models: how far each has read, and rebuilding one from scratch")
class ProjectionAdminController {

    private final ProjectionAdmin admin;

    ProjectionAdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    @Operation(
            operationId = "listProjections",
            summary = "Every projection's status",
            description = "Whether it runs and replays, whether every segment has caught up, the lowest position its"
                    + " segments have read and the stream's head.")
    List<ProjectionStatus> all() {
        return admin.all();
    }

    @GetMapping("/{name}")
    @Operation(
            operationId = "getProjection",
            summary = "One projection's status",
            description = "The customers, mailouts or audit projection, as in the list.")
    ProjectionStatus one(@PathVariable @Parameter(description = "customers, mailouts or audit") String name) {
        return admin.status(name);
    }

    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            operationId = "replayProjection",
            summary = "Rebuild a projection from scratch",
            description = "Empties its tables and reads the whole event stream again; the answer comes at once,"
                    + " `GET` the projection until it is caught up and no longer replaying. 409 when another node"
                    + " runs it.")
    ProjectionStatus replay(@PathVariable @Parameter(description = "customers, mailouts or audit") String name) {
        return admin.replay(name);
    }
}
