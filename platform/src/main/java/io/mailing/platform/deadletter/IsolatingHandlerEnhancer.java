package io.mailing.platform.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.axon.AxonPostgresConfiguration;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.concurrent.Callable;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs each event handler of an {@linkplain Isolation isolated} unit of work to its end on its own, under a savepoint
 * of the processor's transaction. Whatever a handler leaves for its unit of work's commit (the writes a projection
 * batches, the events its commands append and what the subscribing handlers do with them) would otherwise fail at the
 * batch's commit, the failure of no event in particular; so the handler runs in a unit of work of its own, detached
 * from the batch's and committed at once, inside the same database transaction. When it fails, the savepoint is
 * rolled back: the transaction stays usable (PostgreSQL refuses every statement of a transaction after an error) and
 * keeps the other events' work, and the failure goes on to the processor's dead-letter policy. A saga's state is put
 * back as it was before the handler, since the saga store would otherwise keep what the failed handler changed (say,
 * a cursor moved past a batch that was never queued). Outside isolated units of work it does nothing.
 */
final class IsolatingHandlerEnhancer implements HandlerEnhancerDefinition {

    /** The mapper the saga store serializes sagas with, so a saga's state is copied as the store sees it. */
    private static final ObjectMapper SAGAS = AxonPostgresConfiguration.axonObjectMapper();

    private final Object transactionResource;
    private final List<CorrelationDataProvider> correlation;

    /**
     * @param transactionResource the key the transaction manager binds its connection under: the data source
     * @param correlation what a message handled in a unit of work passes on to the messages it causes
     */
    IsolatingHandlerEnhancer(Object transactionResource, List<CorrelationDataProvider> correlation) {
        this.transactionResource = transactionResource;
        this.correlation = List.copyOf(correlation);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        boolean saga = original.hasAnnotation(SagaEventHandler.class);
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                UnitOfWork<?> batch = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null;
                ConnectionHolder connection =
                        (ConnectionHolder) TransactionSynchronizationManager.getResource(transactionResource);
                if (batch == null || !batch.isRoot() || !Isolation.isIsolated(batch) || connection == null) {
                    return super.handle(message, target);
                }
                byte[] sagaBefore = saga ? SAGAS.writeValueAsBytes(target) : null;
                try {
                    return alone(message, () -> super.handle(message, target), batch, connection);
                } catch (Exception | Error failure) {
                    if (sagaBefore != null) {
                        SAGAS.readerForUpdating(target).readValue(sagaBefore);
                    }
                    throw failure;
                }
            }
        };
    }

    private Object alone(Message<?> message, Callable<Object> handler, UnitOfWork<?> batch, ConnectionHolder connection)
            throws Exception {
        Savepoint savepoint = connection.createSavepoint();
        List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
        CurrentUnitOfWork.clear(batch);
        try {
            DefaultUnitOfWork<?> alone = DefaultUnitOfWork.startAndGet(message);
            correlation.forEach(alone::registerCorrelationDataProvider);
            var result = alone.executeWithResult(handler);
            if (result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                rollBack(connection, savepoint, synchronizations, failure);
                if (failure instanceof Exception exception) {
                    throw exception;
                }
                throw (Error) failure;
            }
            connection.getConnection().releaseSavepoint(savepoint);
            return result.getPayload();
        } finally {
            CurrentUnitOfWork.set(batch);
        }
    }

    /**
     * Undoes the handler's work: its statements, the transaction's rollback-only mark a failed command inside it set
     * (the savepoint undid that command's work), and what it registered to run after the commit (the log line of an
     * event that is no longer appended, a metric).
     */
    private static void rollBack(
            ConnectionHolder connection,
            Savepoint savepoint,
            List<TransactionSynchronization> synchronizations,
            Throwable failure) {
        try {
            connection.getConnection().rollback(savepoint);
            connection.resetRollbackOnly();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
        }
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationManager.initSynchronization();
        synchronizations.forEach(TransactionSynchronizationManager::registerSynchronization);
    }
}
