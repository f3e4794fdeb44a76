package io.mailing.simulator;

/**
 * Calls and successful answers per msgId, in two flat arrays (open addressing, linear probing): about 32 bytes per
 * distinct msgId instead of the hundred or so a {@code HashMap<Long, …>} costs. Not thread-safe.
 */
final class MsgIdCounts {

    private static final int INITIAL_CAPACITY = 1 << 10;

    private long[] keys;
    /** {@code calls << 32 | deliveries}; 0 marks an empty slot, as every stored msgId has at least one call. */
    private long[] counts;

    private int size;

    MsgIdCounts() {
        clear();
    }

    /** Counts one more call of {@code msgId} and returns its new {@link Counts}. */
    Counts add(long msgId, boolean delivered) {
        if (size + 1 > keys.length * 3L / 4) {
            grow();
        }
        int slot = slotOf(keys, counts, msgId);
        if (counts[slot] == 0) {
            keys[slot] = msgId;
            size++;
        }
        counts[slot] += (1L << 32) + (delivered ? 1 : 0);
        return Counts.of(counts[slot]);
    }

    /** The counts of {@code msgId}; zero for one never called. */
    Counts get(long msgId) {
        return Counts.of(counts[slotOf(keys, counts, msgId)]);
    }

    int size() {
        return size;
    }

    void clear() {
        keys = new long[INITIAL_CAPACITY];
        counts = new long[INITIAL_CAPACITY];
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int slot = slotOf(keys, counts, oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    /** The slot holding {@code msgId}, or the empty slot where it belongs. */
    private static int slotOf(long[] keys, long[] counts, long msgId) {
        int mask = keys.length - 1;
        int slot = (int) mix(msgId) & mask;
        while (counts[slot] != 0 && keys[slot] != msgId) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** MurmurHash3's 64-bit finalizer: sequential msgIds spread over the table. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** How often one msgId was called and answered successfully. */
    record Counts(int calls, int deliveries) {

        static Counts of(long packed) {
            return new Counts((int) (packed >>> 32), (int) packed);
        }
    }
}
