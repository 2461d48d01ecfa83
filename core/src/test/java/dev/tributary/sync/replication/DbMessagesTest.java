package dev.tributary.sync.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.wire.DecodeResult;
import dev.tributary.wire.Message;
import dev.tributary.wire.MessageCodec;
import dev.tributary.wire.WireError;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbMessagesTest {
    private static final MessageCodec CODEC = DbMessages.register(MessageCodec.builder()).build();
    private static final String A = "/orbitdb/zdpuAkstgbTVGHQmMi5TC84auhJ8rL5qoaNEtXo2d5PHXs2To";

    private static Message roundTrip(Message m) {
        DecodeResult r = CODEC.decode(m.command(), m.payload());
        assertThat(r).as(r.toString()).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) r).message();
    }

    @Test
    void everyMessageDecodesToWhatWasWritten() {
        byte[] d = new byte[32];
        d[0] = 7;
        assertThat(((DbMessages.Open) roundTrip(new DbMessages.Open(List.of(A)))).addresses()).containsExactly(A);
        DbMessages.Heads h = (DbMessages.Heads) roundTrip(new DbMessages.Heads(A, 3, List.of(d)));
        assertThat(h.total()).isEqualTo(3);
        assertThat(h.heads().get(0)).isEqualTo(d);
        DbMessages.Recon r = (DbMessages.Recon) roundTrip(new DbMessages.Recon(A, 0xfffffffeL, new byte[] {0x61, 1}));
        assertThat(r.session()).isEqualTo(0xfffffffeL);
        assertThat(r.data()).containsExactly(0x61, 1);
        DbMessages.ReconReply rr = (DbMessages.ReconReply) roundTrip(new DbMessages.ReconReply(A, 5, new byte[] {0x61}));
        assertThat(rr.session()).isEqualTo(5);
        DbMessages.Blocks b = (DbMessages.Blocks) roundTrip(new DbMessages.Blocks(A,
                List.of(new DbMessages.Block(d, new byte[] {1, 2})), List.of(d)));
        assertThat(b.blocks().get(0).bytes()).containsExactly(1, 2);
        assertThat(((DbMessages.Want) roundTrip(new DbMessages.Want(A, List.of(d)))).digests()).hasSize(1);
        assertThat(((DbMessages.Push) roundTrip(new DbMessages.Push(A, new byte[] {9}))).block()).containsExactly(9);
    }

    @Test
    void blocksSayTheExactSizeOfTheirPayload() {
        byte[] d = new byte[32];
        for (int size : new int[] {0, 1, 127, 128, 300, 70_000}) {
            DbMessages.Blocks b = new DbMessages.Blocks(A,
                    java.util.Collections.nCopies(3, new DbMessages.Block(d, new byte[size])), List.of(d, d));
            byte[] payload = b.payload();
            assertThat(b.payloadSizeHint()).as("block of %d bytes", size).isEqualTo(payload.length);
            assertThat(((DbMessages.Blocks) roundTrip(b)).blocks()).hasSize(3);
        }
    }

    @Test
    void messagesOverTheirLimitsDoNotDecode() {
        byte[] d = new byte[32];
        List<byte[]> tooMany = java.util.Collections.nCopies(DbMessages.MAX_WANT + 1, d);
        DecodeResult r = CODEC.decode("dbwant", new DbMessages.Want(A, tooMany).payload());
        assertThat(r).isInstanceOf(DecodeResult.Failed.class);
        assertThat(((DecodeResult.Failed) r).error().kind()).isEqualTo(WireError.Kind.MALFORMED_PAYLOAD);
        DecodeResult notAnAddress = CODEC.decode("dbentry", new DbMessages.Push("/ipfs/x", new byte[1]).payload());
        assertThat(notAnAddress).isInstanceOf(DecodeResult.Failed.class);
    }
}
