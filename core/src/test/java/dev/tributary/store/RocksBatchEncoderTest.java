package dev.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;

/** {@link RocksBatchEncoder} writes the bytes RocksDB's own native batch holds for the same operations. */
class RocksBatchEncoderTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void theDefaultFamilysBatchIsRocksDbsOwn() throws Exception {
        assertSameAsNative(0);
    }

    @Test
    void aColumnFamilysBatchIsRocksDbsOwn() throws Exception {
        assertSameAsNative(3);
        assertSameAsNative(300); // a two-byte varint family id
    }

    private static void assertSameAsNative(int familyId) throws Exception {
        Random random = new Random(familyId);
        WriteBatch batch = new WriteBatch();
        byte[][] keys = new byte[40][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = bytes(random, 1 + random.nextInt(40));
            if (i % 7 == 3) {
                batch.delete(keys[i]);
            } else {
                // values of 0 to 299 bytes: varint lengths of one and two bytes
                batch.put(keys[i], bytes(random, random.nextInt(300)));
            }
        }
        byte[] encoded = new RocksBatchEncoder().encode(batch, familyId);
        try (org.rocksdb.WriteBatch fromBytes = new org.rocksdb.WriteBatch(encoded)) {
            assertThat(fromBytes.count()).isEqualTo(batch.size());
            assertThat(fromBytes.data()).isEqualTo(encoded);
        }
        if (familyId == 0) {
            try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch()) {
                batch.replay(new WriteBatch.Handler() {
                    @Override
                    public void put(byte[] key, byte[] value) {
                        try {
                            nativeBatch.put(key, value);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }

                    @Override
                    public void delete(byte[] key) {
                        try {
                            nativeBatch.delete(key);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                });
                assertThat(encoded).isEqualTo(nativeBatch.data());
            }
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
