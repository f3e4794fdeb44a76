package io.mailing.query.message;

import io.mailing.platform.problem.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Messages", description = "Each message of a mailout: status, attempts, last error")
class MessageQueryController {

    private final MessageStore messages;

    MessageQueryController(MessageStore messages) {
        this.messages = messages;
    }

    @GetMapping("/api/v1/messages/{id}")
    @Operation(
            operationId = "getMessage",
            summary = "Read a message",
            description = "Its status, attempts, times and last error.")
    MessageView get(@PathVariable @Parameter(description = "the message's id") UUID id) {
        return messages.find(id).orElseThrow(() -> new NotFoundException("message", id));
    }
}
