package io.mailing.platform.deadletter;

import io.mailing.platform.axon.PerBatch;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs each event handler of an {@linkplain Isolation isolated} unit of work under a savepoint, together with the
 * writes its event gathered ({@link PerBatch}): when either fails, the savepoint is rolled back, so the transaction
 * stays usable (PostgreSQL refuses every statement of a transaction after an error) and holds the other events' work,
 * and the failure goes on to the processor's dead-letter policy. Outside isolated units of work it does nothing.
 */
final class IsolatingHandlerEnhancer implements HandlerEnhancerDefinition {

    private final Object transactionResource;

    /** @param transactionResource the key the transaction manager binds its connection under: the data source */
    IsolatingHandlerEnhancer(Object transactionResource) {
        this.transactionResource = transactionResource;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                UnitOfWork<?> unitOfWork = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null;
                ConnectionHolder connection =
                        (ConnectionHolder) TransactionSynchronizationManager.getResource(transactionResource);
                if (unitOfWork == null
                        || !unitOfWork.isRoot()
                        || !Isolation.isIsolated(unitOfWork)
                        || connection == null) {
                    return super.handle(message, target);
                }
                Savepoint savepoint = connection.createSavepoint();
                try {
                    Object result = super.handle(message, target);
                    PerBatch.write(unitOfWork);
                    connection.getConnection().releaseSavepoint(savepoint);
                    return result;
                } catch (Exception | Error failure) {
                    PerBatch.discard(unitOfWork);
                    try {
                        connection.getConnection().rollback(savepoint);
                        connection.resetRollbackOnly();
                    } catch (SQLException rollback) {
                        failure.addSuppressed(rollback);
                    }
                    throw failure;
                }
            }
        };
    }
}
