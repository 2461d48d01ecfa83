package dev.tributary.chain.store;

import dev.tributary.chain.HeaderBatch;
import dev.tributary.bytes.Hash;
import dev.tributary.chain.HeaderSyncData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SyncPersist} that takes header writes off the engine thread. {@link #saveBlockchain} and
 * {@link #setMainTip} are queued and written, in order, by a thread of its own; every other call first
 * waits until the queue is written, then runs on the caller's thread. So the order of all writes is the
 * order of the calls (the delegate's consistency invariant holds at every step: a tip never names a
 * header not yet written), and every read sees every write made before it.
 *
 * <p>A crash loses at most the queued tail of header writes (and those the delegate had not made durable yet:
 * {@link KeyValueSyncPersist} writes large header saves without the store's log), as if it had come a little
 * earlier: the store stays consistent and a restart fetches those headers again. The queue holds at most
 * {@link #MAX_QUEUED} writes; a caller that gets ahead of the disk waits, which bounds memory. A write that
 * fails makes every later call fail with the same error; one that fails with an {@link Error} (the heap ran out)
 * makes them fail with an {@link IllegalStateException} carrying it, and stops the writer with that Error.
 *
 * <p>Headers-only sync, where the headers' write is most of the engine's work, gains the most: while a
 * batch is written, the engine validates the next. When the store falls behind, the writer takes every
 * queued header write (up to {@link #MAX_COALESCED_HEADERS} headers) and makes them, with the last main
 * tip among them, one atomic write of the delegate ({@link SyncPersist#saveBlockchainAndSetMainTip}): the
 * store sees large batches, and its state after a crash is still that of a prefix of the calls.
 */
public final class WriteBehindPersist implements SyncPersist {
    /** Queued writes at most: 64 batches of 2,000 headers is about 15 MB. */
    static final int MAX_QUEUED = 64;

    private final SyncPersist delegate;
    /** Headers in one coalesced write at most (about 7 MB of batch). */
    static final int MAX_COALESCED_HEADERS = 50_000;

    /**
     * A queued write: headers to save (maybe none), as a {@link HeaderBatch} (one array, not thousands of objects
     * that every young collection would copy while they wait), then a main tip to set (maybe none).
     */
    private record Write(List<HeaderSyncData> headers, HeaderSyncData mainTip) {
    }

    private final BlockingQueue<Write> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Object lock = new Object();
    private final Thread writer;
    /** Writes taken from the queue and not yet finished: the queue is drained when both are zero. */
    private int inProgress;
    private RuntimeException failure;
    /** The Error that stopped the writer, if one did (and no write had failed before it). */
    private Error fatal;
    private volatile boolean closed;

    public WriteBehindPersist(SyncPersist delegate) {
        this.delegate = delegate;
        this.writer = new Thread(this::writeLoop, "store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void writeLoop() {
        while (true) {
            Write first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            List<Write> taken = new ArrayList<>();
            taken.add(first);
            int headers = first.headers().size();
            Write next;
            while (headers < MAX_COALESCED_HEADERS && (next = queue.poll()) != null) {
                taken.add(next);
                headers += next.headers().size();
            }
            try {
                write(taken, headers);
            } catch (RuntimeException e) {
                fail(e);
            } catch (Error e) {
                // The batch is lost: every later call must fail rather than run on a store behind the index (set
                // without allocating: the heap may be full). Then the Error goes on to the thread's uncaught-exception
                // handler (the command line's ends the process).
                synchronized (lock) {
                    if (failure == null && fatal == null) {
                        fatal = e;
                    }
                }
                throw e;
            } finally {
                synchronized (lock) {
                    inProgress -= taken.size();
                    lock.notifyAll();
                }
            }
        }
    }

    private void fail(RuntimeException e) {
        synchronized (lock) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /** Makes {@code taken}, in order, one write: all their headers, then the last main tip among them. */
    private void write(List<Write> taken, int headerCount) {
        List<HeaderSyncData> headers = taken.size() == 1 ? taken.get(0).headers() : concat(taken);
        HeaderSyncData tip = null;
        for (Write w : taken) {
            if (w.mainTip() != null) {
                tip = w.mainTip();
            }
        }
        if (tip == null) {
            delegate.saveBlockchain(headers);
        } else if (headers.isEmpty()) {
            delegate.setMainTip(tip);
        } else {
            delegate.saveBlockchainAndSetMainTip(headers, tip);
        }
    }

    /** The headers of {@code taken}, in order: the batches read as one list without copying them, when all are batches. */
    private static List<HeaderSyncData> concat(List<Write> taken) {
        List<HeaderBatch> batches = new ArrayList<>(taken.size());
        for (Write w : taken) {
            if (!(w.headers() instanceof HeaderBatch b)) {
                return HeaderBatch.concat(taken.stream().map(Write::headers).toList());
            }
            batches.add(b);
        }
        return new ConcatenatedBatches(batches);
    }

    private void enqueue(Write write) {
        checkOpen();
        synchronized (lock) {
            rethrow();
            inProgress++;
        }
        try {
            queue.put(write);
        } catch (InterruptedException e) {
            synchronized (lock) {
                inProgress--;
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a store write", e);
        }
    }

    /** Writes waiting in the queue (not counting one being written); for tests. */
    int queuedWrites() {
        return queue.size();
    }

    /** Waits until every queued write is done; rethrows the first write failure. */
    private void drain() {
        synchronized (lock) {
            while (inProgress > 0) {
                try {
                    lock.wait(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for store writes", e);
                }
            }
            rethrow();
        }
    }

    private void rethrow() {
        if (failure != null) {
            throw failure;
        }
        if (fatal != null) {
            throw new IllegalStateException("the store's writer stopped: " + (fatal instanceof OutOfMemoryError
                    ? "Java ran out of heap memory" : "an internal failure") + "; the headers it held were not stored",
                    fatal);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    @Override
    public void saveBlockchain(List<HeaderSyncData> headers) {
        enqueue(new Write(HeaderBatch.of(headers), null));
    }

    @Override
    public void setMainTip(HeaderSyncData newTip) {
        enqueue(new Write(List.of(), java.util.Objects.requireNonNull(newTip, "newTip")));
    }

    @Override
    public void saveBlockchainAndSetMainTip(List<HeaderSyncData> headers, HeaderSyncData newTip) {
        enqueue(new Write(HeaderBatch.of(headers), java.util.Objects.requireNonNull(newTip, "newTip")));
    }

    @Override
    public StoredChain loadBlockchain() {
        drain();
        return delegate.loadBlockchain();
    }

    @Override
    public StoredChain loadIndex(dev.tributary.chain.BlockIndexLoader loader) {
        drain();
        return delegate.loadIndex(loader);
    }

    @Override
    public void setBlockTip(HeaderSyncData newTip) {
        drain();
        delegate.setBlockTip(newTip);
    }

    @Override
    public void markInvalid(HeaderSyncData block) {
        drain();
        delegate.markInvalid(block);
    }

    @Override
    public Optional<HeaderSyncData> getHeaderSync(Hash hash) {
        drain();
        return delegate.getHeaderSync(hash);
    }

    @Override
    public void saveBlock(Hash hash, byte[] serializedBlock) {
        drain();
        delegate.saveBlock(hash, serializedBlock);
    }

    @Override
    public void saveBlockAndSetBlockTip(Hash hash, byte[] serializedBlock, HeaderSyncData newBlockTip) {
        drain();
        delegate.saveBlockAndSetBlockTip(hash, serializedBlock, newBlockTip);
    }

    @Override
    public Optional<byte[]> getBlock(Hash hash) {
        drain();
        return delegate.getBlock(hash);
    }

    @Override
    public boolean hasBlock(Hash hash) {
        drain();
        return delegate.hasBlock(hash);
    }

    /** Writes what is queued, stops the writer and closes the delegate. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            drain();
        } finally {
            closed = true;
            writer.interrupt();
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return "write-behind " + delegate;
    }
}
