package io.mailing.platform.background;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work runs at a lower operating-system scheduling priority than API requests: when a mailout keeps every
 * core busy, the kernel runs a request's thread first instead of giving it a fair share among a dozen busy threads.
 * A background thread (an event processor's, the delivery pipeline's) raises its own nice value once, to
 * {@code mailing.background.nice} above the process's (at most 19); the threads it starts inherit it. Raising one's
 * own nice value needs no privilege.
 *
 * <p>Linux only, where the nice value is a thread's own; elsewhere (and where the C library cannot be reached) nothing
 * changes and the start says so once. The PostgreSQL backends that serve background threads are lowered too where
 * they run on this host ({@link BackgroundConnections}).
 */
public final class BackgroundPriority {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int PRIO_PROCESS = 0;

    /** Axon's thread factories put a tracking processor's threads and a pooled one's workers in groups so named. */
    private static final String[] PROCESSOR_THREAD_GROUPS = {"EventProcessor[", "WorkPackage["};

    private final int target;
    private final LibC libc;
    private final ThreadLocal<Boolean> lowered = ThreadLocal.withInitial(() -> false);

    private BackgroundPriority(int target, LibC libc) {
        this.target = target;
        this.libc = libc;
    }

    /**
     * Background threads at a nice value this much (1–19) above the calling thread's (the process's); 0 leaves every
     * thread's priority as it is.
     */
    public static BackgroundPriority of(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("mailing.background.nice must be between 0 and 19: " + nice);
        }
        if (nice == 0) {
            return off();
        }
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            log.info("Background threads keep the API's priority: per-thread priorities need Linux");
            return off();
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            int process = libc.getpriority(PRIO_PROCESS, currentThreadId());
            int target = Math.min(19, process + nice);
            log.info("Background threads run at nice {}, API requests at {}", target, process);
            return new BackgroundPriority(target, libc);
        } catch (IOException | RuntimeException e) {
            log.warn("Background threads keep the API's priority: {}", e.toString());
            return off();
        } catch (LinkageError e) {
            log.warn("Background threads keep the API's priority: the C library is out of reach ({})", e.toString());
            return off();
        }
    }

    /** Leaves every thread's priority as it is. */
    public static BackgroundPriority off() {
        return new BackgroundPriority(0, null);
    }

    /** Whether background threads are lowered at all (set, on Linux, with the C library in reach). */
    public boolean lowers() {
        return libc != null;
    }

    /** Lowers the calling thread's priority, once; later calls on the same thread cost a thread-local read. */
    public void lowerCurrentThread() {
        if (libc == null || lowered.get()) {
            return;
        }
        lowered.set(true);
        try {
            int thread = currentThreadId();
            if (libc.getpriority(PRIO_PROCESS, thread) < target) {
                libc.setpriority(PRIO_PROCESS, thread, target);
            }
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Could not lower the priority of thread {}: {}",
                    Thread.currentThread().getName(),
                    e.toString());
        }
    }

    /**
     * Whether the calling thread does background work: it was lowered, or it is an event processor's (whose priority
     * is lowered as it handles its first event).
     */
    public boolean isBackgroundThread() {
        return lowered.get() || onProcessorThread();
    }

    /** Whether the calling thread is one of an event processor's own. */
    static boolean onProcessorThread() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        if (group == null) {
            return false;
        }
        for (String prefix : PROCESSOR_THREAD_GROUPS) {
            if (group.getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lowers another process of this host to the background priority, if its command is {@code command} (checked
     * first, so that an id that names another program is left alone); {@code null} when it was lowered, else why not.
     */
    String lowerProcess(int pid, String command) {
        if (libc == null) {
            return "background priorities are off";
        }
        try {
            String actual = Files.readString(Path.of("/proc", Integer.toString(pid), "comm"))
                    .strip();
            if (!actual.equals(command)) {
                return "process " + pid + " is " + actual + ", not " + command;
            }
            if (libc.getpriority(PRIO_PROCESS, pid) < target) {
                libc.setpriority(PRIO_PROCESS, pid, target);
            }
            return null;
        } catch (IOException e) {
            return "no process " + pid + " on this host (" + e + ")";
        } catch (RuntimeException e) {
            return "process " + pid + " cannot be lowered by this user (" + e + ")";
        }
    }

    /** A thread of this name that lowers its priority before it runs the task. */
    public Thread newThread(String name, Runnable task) {
        return new Thread(
                () -> {
                    lowerCurrentThread();
                    task.run();
                },
                name);
    }

    /**
     * Daemon threads (their pool's owner shuts it down) named {@code prefix-1}, {@code prefix-2}, … that lower their
     * priority before they run.
     */
    public ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = newThread(prefix + "-" + count.incrementAndGet(), task);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The kernel's id of the calling thread: /proc/thread-self links to {@code <pid>/task/<tid>}. */
    private static int currentThreadId() throws IOException {
        return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                .getFileName()
                .toString());
    }

    /** The calls of the C library needed: on Linux, {@code PRIO_PROCESS} with a thread's id means that thread. */
    interface LibC extends Library {
        int getpriority(int which, int who) throws LastErrorException;

        int setpriority(int which, int who, int prio) throws LastErrorException;
    }
}
