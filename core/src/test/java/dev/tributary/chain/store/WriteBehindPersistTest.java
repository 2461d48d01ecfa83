package dev.tributary.chain.store;

import dev.tributary.sync.TestChains;
import static dev.tributary.sync.TestChains.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import dev.tributary.testing.ChainBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteBehindPersistTest {
    private final ChainBuilder builder = ChainBuilder.regtest(31, START);

    /** A store that records which thread made each call, and can be made to block or fail on saves. */
    private static final class Recording implements SyncPersist {
        final SyncPersist inner = InMemorySyncPersist.create("regtest");
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch saveGate = new CountDownLatch(0);
        volatile RuntimeException failSaves;
        volatile Error errorOnSaves;
        final java.util.concurrent.atomic.AtomicInteger savedHeaders = new java.util.concurrent.atomic.AtomicInteger();

        private void record(String call) {
            calls.add(call + "@" + Thread.currentThread().getName());
        }

        @Override
        public void saveBlockchain(List<HeaderSyncData> headers) {
            record("save");
            try {
                saveGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failSaves != null) {
                throw failSaves;
            }
            if (errorOnSaves != null) {
                throw errorOnSaves;
            }
            savedHeaders.addAndGet(headers.size());
            inner.saveBlockchain(headers);
        }

        @Override
        public StoredChain loadBlockchain() {
            record("load");
            return inner.loadBlockchain();
        }

        @Override
        public void setMainTip(HeaderSyncData newTip) {
            record("mainTip");
            inner.setMainTip(newTip);
        }

        @Override
        public void setBlockTip(HeaderSyncData newTip) {
            record("blockTip");
            inner.setBlockTip(newTip);
        }

        @Override
        public void markInvalid(HeaderSyncData block) {
            record("invalid");
            inner.markInvalid(block);
        }

        @Override
        public Optional<HeaderSyncData> getHeaderSync(Hash hash) {
            record("get");
            return inner.getHeaderSync(hash);
        }

        @Override
        public void saveBlock(Hash hash, byte[] serializedBlock) {
            record("saveBlock");
            inner.saveBlock(hash, serializedBlock);
        }

        @Override
        public void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, HeaderSyncData newBlockTip) {
            record("saveBlockAndTip");
            inner.saveBlockAndSetBlockTip(hash, serializedBlock, newBlockTip);
        }

        @Override
        public Optional<byte[]> getBlock(Hash hash) {
            record("getBlock");
            return inner.getBlock(hash);
        }

        @Override
        public boolean hasBlock(Hash hash) {
            record("hasBlock");
            return inner.hasBlock(hash);
        }

        @Override
        public void close() {
            record("close");
            inner.close();
        }
    }

    private List<HeaderSyncData> chainOf(int n) {
        builder.extendTip(n);
        List<HeaderSyncData> out = new ArrayList<>();
        for (int h = 0; h <= n; h++) {
            out.add(TestChains.at(builder, h));
        }
        return out;
    }

    @Test
    void headerWritesRunOnTheWriterThreadInOrderAndEveryReadSeesThem() {
        Recording store = new Recording();
        WriteBehindPersist persist = new WriteBehindPersist(store);
        List<HeaderSyncData> chain = chainOf(5);

        persist.saveBlockchain(chain.subList(0, 3));
        persist.saveBlockchain(chain.subList(3, 6));
        persist.setMainTip(chain.get(5));
        SyncPersist.StoredChain loaded = persist.loadBlockchain();

        assertThat(loaded.headers()).hasSize(6);
        assertThat(loaded.mainTip()).contains(chain.get(5).hash());
        // The writer may find both saves queued and make them one (coalesced), before the tip.
        List<String> calls = List.copyOf(store.calls);
        assertThat(calls.subList(calls.size() - 2, calls.size()))
                .containsExactly("mainTip@store-writer", "load@" + Thread.currentThread().getName());
        assertThat(calls.subList(0, calls.size() - 2)).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allMatch(c -> c.equals("save@store-writer"));
        assertThat(store.savedHeaders.get()).isEqualTo(6);
        persist.close();
    }

    @Test
    void aFailedWriteFailsTheNextCallWithTheSameError() {
        Recording store = new Recording();
        WriteBehindPersist persist = new WriteBehindPersist(store);
        List<HeaderSyncData> chain = chainOf(2);
        IllegalArgumentException boom = new IllegalArgumentException("disk says no");
        store.failSaves = boom;

        persist.saveBlockchain(chain);

        assertThatThrownBy(() -> persist.getHeaderSync(chain.get(1).hash())).isSameAs(boom);
        assertThatThrownBy(() -> persist.saveBlockchain(chain)).isSameAs(boom);
    }

    @Test
    void aWriteThatRunsOutOfMemoryFailsEveryLaterCallInWordsInsteadOfLosingTheBatchSilently() {
        Recording store = new Recording();
        WriteBehindPersist persist = new WriteBehindPersist(store);
        List<HeaderSyncData> chain = chainOf(2);
        store.errorOnSaves = new OutOfMemoryError("Java heap space (thrown by the test)");

        persist.saveBlockchain(chain);

        assertThatThrownBy(() -> persist.setBlockTip(chain.get(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the store's writer stopped: Java ran out of heap memory; the headers it held were not stored")
                .hasCauseReference(store.errorOnSaves);
        assertThatThrownBy(() -> persist.saveBlockchain(chain)).isInstanceOf(IllegalStateException.class);
        assertThat(store.calls).noneMatch(c -> c.startsWith("blockTip"));
    }

    @Test
    void closeWritesWhatIsQueuedFirst() {
        Recording store = new Recording();
        WriteBehindPersist persist = new WriteBehindPersist(store);
        List<HeaderSyncData> chain = chainOf(3);
        store.saveGate = new CountDownLatch(1);
        persist.saveBlockchain(chain);
        persist.setMainTip(chain.get(3));
        new Thread(() -> store.saveGate.countDown()).start();

        persist.close();

        assertThat(store.calls).extracting(c -> c.substring(0, c.indexOf('@')))
                .containsExactly("save", "mainTip", "close");
        assertThatThrownBy(() -> persist.saveBlockchain(chain)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCallerThatGetsAheadOfTheDiskWaitsOnceTheQueueIsFull() throws Exception {
        Recording store = new Recording();
        WriteBehindPersist persist = new WriteBehindPersist(store);
        List<HeaderSyncData> chain = chainOf(1);
        store.saveGate = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        // A first write the writer takes alone and blocks on (it coalesces what is queued when it takes one).
        persist.saveBlockchain(chain);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.calls.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        Thread producer = new Thread(() -> {
            for (int i = 0; i < WriteBehindPersist.MAX_QUEUED + 1; i++) {
                persist.saveBlockchain(chain);
            }
            queued.countDown();
        });
        producer.start();

        // WAITING alone is not enough: the producer also parks briefly on the queue's lock while it has room.
        while ((persist.queuedWrites() < WriteBehindPersist.MAX_QUEUED || producer.getState() != Thread.State.WAITING)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(persist.queuedWrites()).isEqualTo(WriteBehindPersist.MAX_QUEUED);
        assertThat(producer.getState()).as("blocked on the full queue").isEqualTo(Thread.State.WAITING);
        assertThat(queued.getCount()).isEqualTo(1);

        store.saveGate.countDown();
        assertThat(queued.await(10, TimeUnit.SECONDS)).isTrue();
        persist.close();
        // Every header written; the writes that queued up behind the blocked one went out coalesced, in fewer writes.
        assertThat(store.savedHeaders.get()).isEqualTo((WriteBehindPersist.MAX_QUEUED + 2) * chain.size());
        assertThat(store.calls).filteredOn(c -> c.startsWith("save@")).hasSizeLessThan(WriteBehindPersist.MAX_QUEUED + 2);
    }
}
