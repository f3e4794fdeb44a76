package io.mailing.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every recorded call, in arrival order, kept column by column in fixed-size chunks: 33 bytes a call (a
 * million calls in some 33 MB) instead of the 70 or so of a list of {@link Call}s. A mailout sends one text to many
 * phones, so equal texts share one string. Not thread-safe.
 */
final class CallLog {

    private static final int CHUNK_BITS = 13;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int MAX_SHARED_TEXTS = 4_096;
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final List<Chunk> chunks = new ArrayList<>();
    private final Map<String, String> sharedTexts = new HashMap<>();
    private int size;

    void append(long msgId, long phone, String text, Instant receivedAt, Outcome outcome) {
        int index = size & (CHUNK_SIZE - 1);
        if (index == 0) {
            chunks.add(new Chunk());
        }
        Chunk chunk = chunks.get(chunks.size() - 1);
        chunk.msgIds[index] = msgId;
        chunk.phones[index] = phone;
        chunk.texts[index] = share(text);
        chunk.epochSeconds[index] = receivedAt.getEpochSecond();
        chunk.nanos[index] = receivedAt.getNano();
        chunk.outcomes[index] = (byte) outcome.ordinal();
        size++;
    }

    int size() {
        return size;
    }

    Call get(int i) {
        Chunk chunk = chunks.get(i >>> CHUNK_BITS);
        int index = i & (CHUNK_SIZE - 1);
        return new Call(
                chunk.msgIds[index],
                chunk.phones[index],
                chunk.texts[index],
                Instant.ofEpochSecond(chunk.epochSeconds[index], chunk.nanos[index]),
                OUTCOMES[chunk.outcomes[index]]);
    }

    /** The calls from index {@code from} on, in arrival order. */
    List<Call> from(int from) {
        List<Call> calls = new ArrayList<>(Math.max(0, size - from));
        for (int i = Math.max(0, from); i < size; i++) {
            calls.add(get(i));
        }
        return calls;
    }

    /** The calls of one msgId, in arrival order. */
    List<Call> of(long msgId) {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (chunks.get(i >>> CHUNK_BITS).msgIds[i & (CHUNK_SIZE - 1)] == msgId) {
                calls.add(get(i));
            }
        }
        return calls;
    }

    void clear() {
        chunks.clear();
        sharedTexts.clear();
        size = 0;
    }

    private String share(String text) {
        String shared = sharedTexts.get(text);
        if (shared != null) {
            return shared;
        }
        if (sharedTexts.size() < MAX_SHARED_TEXTS) {
            sharedTexts.put(text, text);
        }
        return text;
    }

    private static final class Chunk {
        final long[] msgIds = new long[CHUNK_SIZE];
        final long[] phones = new long[CHUNK_SIZE];
        final String[] texts = new String[CHUNK_SIZE];
        final long[] epochSeconds = new long[CHUNK_SIZE];
        final int[] nanos = new int[CHUNK_SIZE];
        final byte[] outcomes = new byte[CHUNK_SIZE];
    }
}
