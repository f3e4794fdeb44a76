package io.mailing.platform.metrics;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Runs something once the current unit of work has committed, so a metric never counts what was rolled back; at
 * once when there is no unit of work.
 */
public final class AfterCommit {

    private AfterCommit() {}

    public static void run(Runnable action) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> action.run());
        } else {
            action.run();
        }
    }
}
