package io.mailing.sending.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The batch rows ({@code sending.delivery_batch}) that the claimed messages being recorded in the current unit of
 * work came from: a message deferred or failed at the attempt its batch claim gave it has no row of the delivery
 * queue yet, and its event's handler copies it there from this batch ({@link DeliveryQueue}).
 */
final class ClaimedBatches {

    private static final String RESOURCE = ClaimedBatches.class.getName();

    private ClaimedBatches() {}

    /** Tells the current unit of work (which must be started) which batch each of these messages was claimed from. */
    static void offer(Collection<PendingDelivery> deliveries) {
        Map<UUID, UUID> batches = CurrentUnitOfWork.get().root().getOrComputeResource(RESOURCE, key -> new HashMap<>());
        deliveries.stream()
                .filter(delivery -> delivery.batch() != null)
                .forEach(delivery -> batches.put(delivery.messageId().value(), delivery.batch()));
    }

    /** The batch this message was claimed from, if it is being recorded in the current unit of work; else null. */
    static UUID of(UUID messageId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return CurrentUnitOfWork.get()
                .root()
                .<Map<UUID, UUID>>getOrDefaultResource(RESOURCE, Map.of())
                .get(messageId);
    }
}
