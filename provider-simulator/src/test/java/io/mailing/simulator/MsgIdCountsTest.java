package io.mailing.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MsgIdCountsTest {

    private final MsgIdCounts counts = new MsgIdCounts();

    @Test
    void agreesWithAHashMapOverManyGrowths() {
        SplittableRandom random = new SplittableRandom(7);
        Map<Long, MsgIdCounts.Counts> expected = new HashMap<>();
        long[] pool = new long[50_000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = random.nextLong();
        }
        pool[0] = 0;
        pool[1] = -1;
        pool[2] = Long.MIN_VALUE;
        pool[3] = Long.MAX_VALUE;

        for (int i = 0; i < 200_000; i++) {
            long msgId = pool[random.nextInt(pool.length)];
            boolean delivered = random.nextBoolean();
            MsgIdCounts.Counts before = expected.getOrDefault(msgId, new MsgIdCounts.Counts(0, 0));
            MsgIdCounts.Counts after =
                    new MsgIdCounts.Counts(before.calls() + 1, before.deliveries() + (delivered ? 1 : 0));
            expected.put(msgId, after);

            assertThat(counts.add(msgId, delivered)).isEqualTo(after);
        }

        assertThat(counts.size()).isEqualTo(expected.size());
        expected.forEach((msgId, count) -> assertThat(counts.get(msgId)).isEqualTo(count));
        assertThat(counts.get(12345)).isEqualTo(expected.getOrDefault(12345L, new MsgIdCounts.Counts(0, 0)));
    }

    @Test
    void clearForgetsEveryMsgId() {
        counts.add(0, true);
        counts.add(5, false);

        counts.clear();

        assertThat(counts.size()).isZero();
        assertThat(counts.get(0)).isEqualTo(new MsgIdCounts.Counts(0, 0));
        assertThat(counts.get(5)).isEqualTo(new MsgIdCounts.Counts(0, 0));
    }
}
