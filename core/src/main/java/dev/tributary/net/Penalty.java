package dev.tributary.net;

import dev.tributary.wire.WireError;

/**
 * Misbehaviour points per offence, after Bitcoin Core: 100 disconnects and bans at once; smaller scores
 * add up over the connection's life. Unknown commands cost little, since newer software may send
 * messages this node does not know.
 */
public final class Penalty {
    private Penalty() {
    }

    public static final int BAN_THRESHOLD = 100;
    public static final int MESSAGE_BEFORE_HANDSHAKE = 1;
    public static final int DUPLICATE_VERSION = 1;
    public static final int UNSOLICITED_PONG = 0;

    /** Points for bytes that did not decode. */
    public static int forWireError(WireError error) {
        return switch (error.kind()) {
            case BAD_MAGIC, OVERSIZED -> BAN_THRESHOLD;
            case BAD_CHECKSUM, BAD_COMMAND -> 10;
            case MALFORMED_PAYLOAD -> 20;
            case UNKNOWN_COMMAND -> 1;
        };
    }
}
