package dev.tributary.wire;

import dev.tributary.bytes.ByteReader;
import dev.tributary.bytes.MalformedDataException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps command names to payload decoders and decodes payloads into messages. Immutable; built with a
 * {@link Builder}, to which each protocol of a connection registers its own commands. A command belongs to
 * exactly one protocol: registering one that another protocol already owns fails at start-up, naming both,
 * instead of silently replacing its decoder.
 *
 * <p>Decoding never throws: every failure of a decoder on untrusted input (truncation, a count over its
 * limit, trailing bytes, even an unexpected runtime exception) becomes a {@link DecodeResult.Failed}.
 */
public final class MessageCodec {

    /** One registered command. */
    private record Entry(String owner, PayloadDecoder decoder, boolean extensible, int maxPayload) {
    }

    private final Map<String, Entry> decoders;
    private final Map<String, String> ignored;

    private MessageCodec(Map<String, Entry> decoders, Map<String, String> ignored) {
        this.decoders = Map.copyOf(decoders);
        this.ignored = Map.copyOf(ignored);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a decoder is registered for {@code command} (ignored commands are not). */
    public boolean knows(String command) {
        return decoders.containsKey(command);
    }

    /** Whether {@code command} is recognized and deliberately not acted on. */
    public boolean ignores(String command) {
        return ignored.containsKey(command);
    }

    /** The registered commands, sorted. */
    public Set<String> commands() {
        return new TreeSet<>(decoders.keySet());
    }

    /** The protocol that registered {@code command} (a decoder or an ignored command), or null. */
    public String owner(String command) {
        Entry e = decoders.get(command);
        return e != null ? e.owner() : ignored.get(command);
    }

    /**
     * The largest payload accepted for {@code command}: its registered limit, or
     * {@link WireLimits#MAX_PROTOCOL_MESSAGE} for unknown and ignored commands. The frame decoder checks it when a
     * frame's header arrives, before it buffers any of the payload ({@link FrameDecoder}); {@link #decode} does not
     * check it again, so a decoder's own, more precise errors (a count over its limit) still show in tests.
     */
    public int maxPayload(String command) {
        Entry e = decoders.get(command);
        return e != null ? e.maxPayload() : WireLimits.MAX_PROTOCOL_MESSAGE;
    }

    /** Decodes one payload. Never throws. */
    public DecodeResult decode(String command, byte[] payload) {
        Entry entry = decoders.get(command);
        if (entry == null) {
            if (ignored.containsKey(command)) {
                return new DecodeResult.Decoded(new IgnoredMessage(command, payload.length));
            }
            return failed(WireError.Kind.UNKNOWN_COMMAND, command, "no such command (" + payload.length + " bytes skipped)");
        }
        try {
            ByteReader in = new ByteReader(payload);
            Message m = entry.decoder().decode(in);
            if (!entry.extensible()) {
                in.requireFullyRead(command);
            }
            return new DecodeResult.Decoded(m);
        } catch (MalformedDataException e) {
            return failed(WireError.Kind.MALFORMED_PAYLOAD, command, e.getMessage());
        } catch (RuntimeException e) {
            // A decoder's bug must not take the connection's thread down; report it as bad input.
            return failed(WireError.Kind.MALFORMED_PAYLOAD, command, "undecodable: " + e);
        }
    }

    private static DecodeResult failed(WireError.Kind kind, String command, String detail) {
        return new DecodeResult.Failed(new WireError(kind, command, detail));
    }

    /**
     * Collects the commands of every protocol on a connection. Each {@code register} names its owner (the
     * protocol), so a clash is reported as "command X: registered by A and by B".
     */
    public static final class Builder {
        private final Map<String, Entry> decoders = new LinkedHashMap<>();
        private final Map<String, String> ignored = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Registers {@code command}; its payload must be read to the end.
         *
         * @throws IllegalStateException when another protocol already registered the command
         */
        public Builder register(String owner, String command, PayloadDecoder decoder) {
            return add(owner, command, new Entry(owner, decoder, false, WireLimits.MAX_PAYLOAD));
        }

        /** Registers {@code command} with its own payload limit, below {@link WireLimits#MAX_PAYLOAD}. */
        public Builder register(String owner, String command, PayloadDecoder decoder, int maxPayload) {
            if (maxPayload < 0 || maxPayload > WireLimits.MAX_PAYLOAD) {
                throw new IllegalArgumentException("payload limit of " + command + " out of range: " + maxPayload);
            }
            return add(owner, command, new Entry(owner, decoder, false, maxPayload));
        }

        /**
         * Registers {@code command} whose payload may carry more fields in later protocol versions: bytes after
         * the fields the decoder reads are ignored.
         */
        public Builder registerExtensible(String owner, String command, PayloadDecoder decoder, int maxPayload) {
            return add(owner, command, new Entry(owner, decoder, true, maxPayload));
        }

        /**
         * Commands other software sends that {@code owner} recognizes and deliberately does not act on: they
         * decode to {@link IgnoredMessage} instead of an unknown-command error.
         */
        public Builder ignore(String owner, Set<String> commands) {
            for (String c : commands) {
                claim(owner, c);
                ignored.put(c, owner);
            }
            return this;
        }

        private Builder add(String owner, String command, Entry entry) {
            FrameCodec.checkCommand(command);
            claim(owner, command);
            decoders.put(command, entry);
            return this;
        }

        private void claim(String owner, String command) {
            Entry e = decoders.get(command);
            String existing = e != null ? e.owner() : ignored.get(command);
            if (existing != null) {
                throw new CommandClash(command, "command '" + command + "' is registered by " + existing
                        + " and again by " + owner + ": each command belongs to one protocol of a connection");
            }
        }

        /** The commands registered so far, decoded or ignored. */
        public Set<String> commands() {
            Set<String> all = new TreeSet<>(decoders.keySet());
            all.addAll(ignored.keySet());
            return all;
        }

        public MessageCodec build() {
            return new MessageCodec(decoders, ignored);
        }
    }

    /** Two protocols of one connection register the same command: an error at start-up. */
    public static final class CommandClash extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final String command;

        CommandClash(String command, String message) {
            super(message);
            this.command = command;
        }

        /** The command both register. */
        public String command() {
            return command;
        }
    }
}
