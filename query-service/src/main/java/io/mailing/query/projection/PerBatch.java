package io.mailing.query.projection;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * State a projection gathers over the batch of events its processor handles in one unit of work, written at once
 * just before that unit of work commits, in the transaction that also stores the processor's token. A batch of
 * events thus costs a few statements instead of a few per event, and a batch that fails leaves nothing behind.
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
