package io.mailing.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Duration LOCKOUT = Duration.ofMinutes(1);
    private static final int PER_USER = 6;
    private static final int PER_ADDRESS = 3;
    private static final int CAPACITY = 10_000;
    private static final String ANN = "ann";
    private static final String HOME = "192.0.2.1";
    private static final String ATTACKER = "198.51.100.7";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LoginThrottle throttle =
            new LoginThrottle(PER_USER, PER_ADDRESS, LOCKOUT, Set.of(ANN, "bob"), CAPACITY, clock);

    @Test
    void refusesAnAddressThatFailedTooOftenForTheLockoutWhateverTheNames() {
        assertThat(throttle.reserve(ANN, ATTACKER)).isZero();
        assertThat(throttle.reserve("bob", ATTACKER)).isZero();
        assertThat(throttle.reserve("nobody", ATTACKER)).isZero();

        assertThat(throttle.reserve("carol", ATTACKER)).isEqualTo(LOCKOUT);
        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.reserve(ANN, ATTACKER)).isEqualTo(Duration.ofSeconds(15));
        assertThat(throttle.reserve(ANN, HOME)).as("the real user from home").isZero();
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.reserve(ANN, ATTACKER)).isZero();
    }

    @Test
    void oneAddressCannotKeepAnAccountLockedTheRealUserGetsInFromAnother() {
        for (int round = 0; round < 5; round++) {
            while (throttle.reserve(ANN, ATTACKER).isZero()) {
                // every reserved try fails
            }
            assertThat(throttle.reserve(ANN, HOME)).as("round %d", round).isZero();
            throttle.succeeded(ANN, HOME);
            clock.advance(LOCKOUT);
        }
    }

    @Test
    void locksAUserNameOutOnceAllAddressesTogetherFailedTooOften() {
        for (int i = 0; i < PER_USER; i++) {
            assertThat(throttle.reserve(ANN, "203.0.113." + i)).isZero();
        }

        assertThat(throttle.reserve(ANN, HOME)).isEqualTo(LOCKOUT);
        assertThat(throttle.reserve("bob", HOME)).as("other names").isZero();
        clock.advance(LOCKOUT);
        assertThat(throttle.reserve(ANN, HOME)).isZero();
    }

    @Test
    void unknownNamesAreLockedOutLikeKnownOnesSoALockoutDoesNotTellWhichExist() {
        for (int i = 0; i < PER_USER; i++) {
            throttle.reserve("nobody", "203.0.113." + i);
        }

        assertThat(throttle.reserve("nobody", HOME)).isEqualTo(LOCKOUT);
    }

    @Test
    void aSuccessGivesTheAddressItsTryBackAndClearsTheUserNamesFailures() {
        throttle.reserve(ANN, HOME);
        throttle.reserve(ANN, HOME);
        throttle.reserve(ANN, HOME);
        throttle.succeeded(ANN, HOME);

        assertThat(throttle.reserve("bob", HOME)).as("the third try given back").isZero();
        assertThat(throttle.reserve("bob", HOME)).isEqualTo(LOCKOUT);
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        assertThat(LoginThrottle.clientOf("2001:db8:1:2:aaaa::1")).isEqualTo(LoginThrottle.clientOf("2001:db8:1:2::b"));
        assertThat(LoginThrottle.clientOf("2001:db8:1:2::1")).isNotEqualTo(LoginThrottle.clientOf("2001:db8:1:3::1"));
        assertThat(LoginThrottle.clientOf(HOME)).isEqualTo(HOME);

        for (int i = 1; i <= PER_ADDRESS; i++) {
            throttle.reserve(ANN, "2001:db8:1:2::" + i);
        }
        assertThat(throttle.reserve(ANN, "2001:db8:1:2::ffff")).isEqualTo(LOCKOUT);
    }

    @Test
    void parallelTriesForOneUserGetNoMoreCheckedThanTheLimit() throws Exception {
        int threads = 64;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        try {
            for (int i = 0; i < 4_000; i++) {
                String address = "203.0.113." + (i % 250);
                Callable<Boolean> attempt = () -> {
                    start.await();
                    return throttle.reserve(ANN, address).isZero();
                };
                tries.add(pool.submit(attempt));
            }
            start.countDown();
            long reserved = 0;
            for (Future<Boolean> attempt : tries) {
                reserved += attempt.get(1, TimeUnit.MINUTES) ? 1 : 0;
            }

            assertThat(reserved).isEqualTo(PER_USER);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelTriesFromOneAddressGetNoMoreCheckedThanItsLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) {
                String name = "user-" + i;
                tries.add(pool.submit(() -> {
                    start.await();
                    return throttle.reserve(name, ATTACKER).isZero();
                }));
            }
            start.countDown();
            long reserved = 0;
            for (Future<Boolean> attempt : tries) {
                reserved += attempt.get(1, TimeUnit.MINUTES) ? 1 : 0;
            }

            assertThat(reserved).isEqualTo(PER_ADDRESS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMillionDistinctNamesAndAddressesTakeBoundedMemoryAndKeepAKnownUsersLockout() {
        for (int i = 0; i < PER_USER; i++) {
            throttle.reserve(ANN, "203.0.113." + i);
        }

        for (int i = 0; i < 1_000_000; i++) {
            throttle.reserve("name-" + i, "10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
            if (i % 100_000 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
        }

        assertThat(throttle.trackedUserNames()).isLessThanOrEqualTo(CAPACITY + 1);
        assertThat(throttle.trackedAddresses()).isLessThanOrEqualTo(CAPACITY);
        assertThat(throttle.reserve(ANN, HOME)).as("still locked out").isPositive();
    }

    @Test
    void makesRoomForNewEntriesOnceOldOnesArePastTheirWindow() {
        for (int i = 0; i < CAPACITY + 10; i++) {
            throttle.reserve("name-" + i, "10.0." + (i >> 8 & 0xff) + "." + (i & 0xff));
        }
        clock.advance(LOCKOUT);
        for (int i = 0; i < PER_USER; i++) {
            throttle.reserve("late", "203.0.113." + i);
        }

        assertThat(throttle.reserve("late", HOME)).as("tracked again").isEqualTo(LOCKOUT);
        assertThat(throttle.trackedUserNames()).isLessThan(CAPACITY);
    }
}
