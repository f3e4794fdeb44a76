package io.mailing.platform.background;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * A thread of background work that lives as long as the Spring context: started with it, in its phase, asked to end
 * when the context closes, and waited for, at most {@link #STOP_WAIT}, so a round of work under way can finish without
 * holding up the close for good. The thread runs at the background priority ({@link BackgroundPriority#newThread}).
 *
 * <p>The work ({@link #run()}) checks {@link #isRunning()} between its steps and waits with {@link #pause}, which the
 * stop cuts short; the stop does not interrupt it, so a step under way (a transaction, a flush) finishes. Work that
 * blocks in other interruptible waits (a semaphore, a sleep) stops with {@link #interruptAndStop()} instead.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    /** The longest a stop waits for the thread to end. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final int phase;
    private final BackgroundPriority priority;
    private final Object lock = new Object();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param name the thread's name
     * @param phase the context starts lower phases first and stops them last
     */
    protected BackgroundLoop(String name, int phase, BackgroundPriority priority) {
        this.name = name;
        this.phase = phase;
        this.priority = priority;
    }

    /** The work: runs on the loop's thread until it sees {@link #isRunning()} false. */
    protected abstract void run();

    /** Starts the work on a thread of its own. */
    @Override
    public void start() {
        running = true;
        thread = priority.newThread(name, this::run);
        thread.start();
    }

    /** Asks the work to end ({@link #isRunning()} turns false, a pause ends) and waits for its thread. */
    @Override
    public void stop() {
        end(false);
    }

    /** As {@link #stop()}, and interrupts the thread, for work that blocks in interruptible waits. */
    protected void interruptAndStop() {
        end(true);
    }

    /** Whether the loop was started and not asked to end since. */
    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /**
     * Waits this long, or until the loop is asked to end.
     *
     * @return whether the loop still runs
     */
    protected boolean pause(Duration time) throws InterruptedException {
        long end = System.nanoTime() + time.toNanos();
        synchronized (lock) {
            while (running) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        return false;
    }

    private void end(boolean interrupt) {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        if (interrupt) {
            thread.interrupt();
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
