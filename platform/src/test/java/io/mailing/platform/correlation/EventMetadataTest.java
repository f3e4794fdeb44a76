package io.mailing.platform.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class EventMetadataTest {

    private static final String STORY = "order-4711";

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aRootCommandNamesTheRequestsUserAndCorrelationId() {
        MockHttpServletRequest request = during(STORY);
        request.setUserPrincipal(() -> "carol");

        assertThat(dispatched(MetaData.emptyInstance()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("principal", "carol", "correlationId", STORY));
    }

    @Test
    void aRequestWithoutAnAuthenticatedUserIsAnonymousAndAHeaderCannotSayOtherwise() {
        MockHttpServletRequest request = during(STORY);
        request.addHeader("X-Principal", "admin");
        request.addHeader("X-User", "admin");

        assertThat(dispatched(MetaData.emptyInstance()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("principal", "anonymous", "correlationId", STORY));
    }

    @Test
    void workNoRequestStartedIsTheSystemsWithANewStory() {
        MetaData metaData = dispatched(MetaData.emptyInstance());

        assertThat(metaData).containsEntry("principal", "system").containsOnlyKeys("principal", "correlationId");
        assertThat((String) metaData.get("correlationId")).matches("[0-9a-f-]{36}");
    }

    @Test
    void whatTheSenderSetIsKept() {
        during(STORY).setUserPrincipal(() -> "mallory");

        assertThat(dispatched(MetaData.with("principal", "alice").and("correlationId", "campaign-7")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("principal", "alice", "correlationId", "campaign-7"));
    }

    @Test
    void aCommandSentWhileHandlingAMessageIsLeftToPropagation() {
        during(STORY).setUserPrincipal(() -> "carol");
        UnitOfWork<?> handling = DefaultUnitOfWork.startAndGet(new GenericMessage<>("an event"));
        try {
            assertThat(dispatched(MetaData.emptyInstance())).isEmpty();
        } finally {
            handling.rollback();
        }
    }

    private static MockHttpServletRequest during(String correlationId) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(CorrelationFilter.ATTRIBUTE, correlationId);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        return request;
    }

    private static MetaData dispatched(MetaData given) {
        CommandMessage<?> command = new GenericCommandMessage<>("a command", given);
        return EventMetadata.rootCommands().handle(command).getMetaData();
    }
}
