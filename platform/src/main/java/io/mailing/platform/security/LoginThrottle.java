package io.mailing.platform.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Slows down password guessing with two limits, each counting failed logins within {@code lockout} of the first:
 *
 * <ul>
 *   <li>An address that fails {@code maxFailuresPerAddress} times, whatever the user names, is refused for
 *       {@code lockout}. An IPv6 address counts by its /64 prefix, which one client usually owns whole.
 *   <li>A user name that fails {@code maxFailuresPerUser} times, from all addresses together, is locked out for
 *       {@code lockout}. The per-address limit is the lower one, so one address alone never locks an account: it is
 *       refused itself first, and the real user from another address gets in; it takes several addresses to lock a
 *       user name.
 * </ul>
 *
 * <p>A try is reserved, counted as a failure, before the password is checked, so parallel requests cannot get more
 * tries checked than the limits allow; a success gives the address's try back and clears the user name's failures.
 *
 * <p>Memory is bounded whatever arrives: configured user names are always tracked; other names (tracked so that a
 * lockout does not tell which names exist) and addresses only while there is room, up to {@code capacity} each, with
 * entries past their window dropped when it is full. When the addresses are full of live entries a new address goes
 * uncounted; the per-user limit still holds for it. Kept per node, in memory: behind a load balancer each node counts
 * on its own, and the client's address is the balancer's unless {@code server.forward-headers-strategy} is set.
 */
class LoginThrottle {

    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);

    private final int maxFailuresPerUser;
    private final int maxFailuresPerAddress;
    private final Duration lockout;
    private final Clock clock;
    private final Set<String> knownUsers;
    private final Tries users;
    private final Tries addresses;

    LoginThrottle(
            int maxFailuresPerUser,
            int maxFailuresPerAddress,
            Duration lockout,
            Set<String> knownUsers,
            int capacity,
            Clock clock) {
        this.maxFailuresPerUser = maxFailuresPerUser;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.lockout = lockout;
        this.clock = clock;
        this.knownUsers = Set.copyOf(knownUsers);
        this.users = new Tries(capacity);
        this.addresses = new Tries(capacity);
    }

    /**
     * Reserves a try for this user name from this address, counted as a failure until {@link #succeeded} gives it
     * back; or, without reserving anything, says how long the address or the user name must still wait.
     *
     * @return zero when the try is reserved, else the wait
     */
    Duration reserve(String username, String address) {
        Instant now = clock.instant();
        String client = clientOf(address);
        Duration wait = addresses.reserve(client, false, maxFailuresPerAddress, now);
        if (!wait.isZero()) {
            return wait;
        }
        wait = users.reserve(username, knownUsers.contains(username), maxFailuresPerUser, now);
        if (!wait.isZero()) {
            addresses.giveBack(client);
        }
        return wait;
    }

    /** The try reserved for this user name from this address succeeded. */
    void succeeded(String username, String address) {
        users.clear(username);
        addresses.giveBack(clientOf(address));
    }

    int trackedUserNames() {
        return users.size();
    }

    int trackedAddresses() {
        return addresses.size();
    }

    /** The address as counted: an IPv6 address by its /64 prefix. */
    static String clientOf(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 16) {
                Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** Failures per key within a window that starts with the first and is renewed by the one that reaches the limit. */
    private final class Tries {

        private final int capacity;
        private final Map<String, Failures> failures = new ConcurrentHashMap<>();
        private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

        Tries(int capacity) {
            this.capacity = capacity;
        }

        Duration reserve(String key, boolean alwaysTracked, int max, Instant now) {
            if (!alwaysTracked && !failures.containsKey(key) && !roomFor(now)) {
                return Duration.ZERO;
            }
            Duration[] wait = {Duration.ZERO};
            failures.compute(key, (k, current) -> {
                if (current == null || !now.isBefore(current.until())) {
                    return new Failures(1, now.plus(lockout));
                }
                if (current.count() >= max) {
                    wait[0] = Duration.between(now, current.until());
                    return current;
                }
                int count = current.count() + 1;
                return new Failures(count, count >= max ? now.plus(lockout) : current.until());
            });
            return wait[0];
        }

        void giveBack(String key) {
            failures.computeIfPresent(
                    key,
                    (k, current) -> current.count() <= 1 ? null : new Failures(current.count() - 1, current.until()));
        }

        void clear(String key) {
            failures.remove(key);
        }

        int size() {
            return failures.size();
        }

        /** Drops the entries past their window, at most once a {@link #PURGE_INTERVAL}, when there is no room. */
        private boolean roomFor(Instant now) {
            if (failures.size() < capacity) {
                return true;
            }
            Instant due = nextPurge.get();
            if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
                return false;
            }
            failures.values().removeIf(entry -> !now.isBefore(entry.until()));
            return failures.size() < capacity;
        }
    }

    private record Failures(int count, Instant until) {}
}
