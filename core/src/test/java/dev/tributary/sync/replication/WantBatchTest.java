package dev.tributary.sync.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class WantBatchTest {
    private static byte[] digest(int n) {
        byte[] d = new byte[32];
        d[0] = (byte) n;
        return d;
    }

    private static WantBatch batch(int... ns) {
        List<ByteBuffer> digests = java.util.Arrays.stream(ns).mapToObj(n -> ByteBuffer.wrap(digest(n))).toList();
        return new WantBatch("/orbitdb/x", digests, null, null, 0);
    }

    private static DbMessages.Blocks answer(List<Integer> sent, List<Integer> missing) {
        return new DbMessages.Blocks("/orbitdb/x",
                sent.stream().map(n -> new DbMessages.Block(digest(n), new byte[] {1})).toList(),
                missing.stream().map(WantBatchTest::digest).toList());
    }

    @Test
    void anAnswerTakesTheOldestBatchItAnswersAndOnlyThatOne() {
        WantBatch first = batch(1, 2);
        WantBatch second = batch(3, 4);
        ArrayDeque<WantBatch> q = new ArrayDeque<>(List.of(first, second));

        assertThat(WantBatch.takeAnswered(q, answer(List.of(3), List.of(4)))).isSameAs(second);
        assertThat(q).containsExactly(first);
        // blocks left out for size: a partial answer still answers its batch
        assertThat(WantBatch.takeAnswered(q, answer(List.of(1), List.of()))).isSameAs(first);
        assertThat(q).isEmpty();
    }

    @Test
    void aStrayOrDuplicatedAnswerTakesNoBatch() {
        ArrayDeque<WantBatch> q = new ArrayDeque<>(List.of(batch(1, 2)));

        assertThat(WantBatch.takeAnswered(q, answer(List.of(9), List.of()))).as("unasked block").isNull();
        assertThat(WantBatch.takeAnswered(q, answer(List.of(1, 1), List.of()))).as("a block twice").isNull();
        assertThat(WantBatch.takeAnswered(q, answer(List.of(1), List.of(1)))).as("sent and missing").isNull();
        assertThat(q).hasSize(1);
    }
}
