package io.mailing.platform.axon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * State an event handler gathers over the batch of events its processor handles in one unit of work, finished at
 * once just before that unit of work commits, in the transaction that also stores the processor's token: a
 * projection writes a batch in a few statements instead of a few per event, a publisher waits for all of a batch's
 * acknowledgements at once. A batch that fails leaves nothing behind, and its events are handled again.
 *
 * <p>A unit of work can instead write {@linkplain #eachEvent(UnitOfWork) each event's} state as soon as the event's
 * handler returns ({@link #write(UnitOfWork)}): the dead-letter isolation does so after a batch failed, so that a
 * write that fails is the failure of one event, which it can then park, rather than of the whole batch.
 */
public final class PerBatch {

    private static final String PENDING = PerBatch.class.getName() + ".pending";

    private PerBatch() {}

    /**
     * The current batch's instance named {@code key}: created by {@code create} for the first event of a batch,
     * handed to {@code write} once the batch is complete.
     */
    public static <T> T get(String key, Supplier<T> create, Consumer<? super T> write) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(key, k -> {
            T batch = create.get();
            List<Pending> pending = unitOfWork.getResource(PENDING);
            if (pending == null) {
                unitOfWork.onPrepareCommit(u -> write.accept(batch));
            } else {
                pending.add(new Pending(key, () -> write.accept(batch)));
            }
            return batch;
        });
    }

    /** From now on, the state gathered in this unit of work is written by {@link #write} after each event. */
    public static void eachEvent(UnitOfWork<?> root) {
        root.getOrComputeResource(PENDING, k -> new ArrayList<Pending>());
    }

    /**
     * Writes the state gathered since the last call (nothing unless {@link #eachEvent} is on), and forgets it whether
     * the writing succeeds or not, so that the next event starts afresh.
     */
    public static void write(UnitOfWork<?> root) {
        List<Pending> pending = root.getResource(PENDING);
        if (pending == null) {
            return;
        }
        try {
            for (Pending each : pending) {
                each.write().run();
            }
        } finally {
            discard(root);
        }
    }

    /** Forgets the state gathered since the last {@link #write} without writing it (its event failed). */
    public static void discard(UnitOfWork<?> root) {
        List<Pending> pending = root.getResource(PENDING);
        if (pending == null) {
            return;
        }
        pending.forEach(each -> root.resources().remove(each.key()));
        pending.clear();
    }

    private record Pending(String key, Runnable write) {}
}
