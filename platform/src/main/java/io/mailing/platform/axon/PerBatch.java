package io.mailing.platform.axon;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * State an event handler gathers over the batch of events its processor handles in one unit of work, finished at
 * once just before that unit of work commits, in the transaction that also stores the processor's token: a
 * projection writes a batch in a few statements instead of a few per event, a publisher waits for all of a batch's
 * acknowledgements at once. A batch that fails leaves nothing behind, and its events are handled again.
 */
public final class PerBatch {

    private PerBatch() {}

    /**
     * The current batch's instance named {@code key}: created by {@code create} for the first event of a batch,
     * handed to {@code write} once the batch is complete.
     */
    public static <T> T get(String key, Supplier<T> create, Consumer<? super T> write) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(key, k -> {
            T batch = create.get();
            unitOfWork.onPrepareCommit(u -> write.accept(batch));
            return batch;
        });
    }
}
