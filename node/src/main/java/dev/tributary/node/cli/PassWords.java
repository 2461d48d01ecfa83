package dev.tributary.node.cli;

import dev.tributary.node.records.HttpSyncPass;

/**
 * What a record-sync pass did, in words, for the line {@code records sync} prints per pass: {@code 4 entries in 1
 * page: 1 applied (1 over the target's copy: a conflict the source won), 3 kept the target's copy (conflicts the
 * target won); 4 round trips}. Each entry is applied, kept or skipped; zero counts but the applied are left out.
 */
final class PassWords {
    private PassWords() {
    }

    /** The words of a pass that ended. */
    static String of(HttpSyncPass.Summary s) {
        if (s.entries() == 0) {
            return "in sync, nothing to send; " + count(s.roundTrips(), "round trip", "round trips");
        }
        return entries(s) + "; " + count(s.roundTrips(), "round trip", "round trips");
    }

    /**
     * The words of what an interrupted pass had done, by the pages whose results the target answered, and that the
     * same command completes it.
     */
    static String soFar(HttpSyncPass.Summary s) {
        return "interrupted; " + (s.pages() == 0 ? "the target had answered for no page yet"
                : "the target had answered for " + entries(s)) + "; run the same command again to complete it";
    }

    private static String entries(HttpSyncPass.Summary s) {
        StringBuilder b = new StringBuilder()
                .append(count(s.entries(), "entry", "entries")).append(" in ").append(count(s.pages(), "page", "pages"))
                .append(": ").append(s.applied()).append(" applied");
        int won = s.conflictsApplied();
        if (won > 0) {
            b.append(" (").append(won).append(" over the target's copy: ")
                    .append(won == 1 ? "a conflict" : "conflicts").append(" the source won)");
        }
        if (s.kept() > 0) {
            b.append(", ").append(s.kept()).append(" kept the target's copy (")
                    .append(s.kept() == 1 ? "a conflict" : "conflicts").append(" the target won)");
        }
        if (s.skipped() > 0) {
            b.append(", ").append(s.skipped()).append(" skipped (the target had ")
                    .append(s.skipped() == 1 ? "it" : "them").append(" already, or newer)");
        }
        return b.toString();
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
