package dev.tributary.node.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an event manager keeps: the diagnostics engines sent, per run ({@code runName}, {@code runStamp}), with each
 * run's totals. Bounded: at most {@code maxRuns} runs (the oldest go first) and {@code maxPerRun} kept diagnostics
 * per run (later ones only count). Thread-safe (one lock); no I/O.
 */
final class EventLog {
    /**
     * One diagnostic: when it came (ISO-8601), the record it is about (or null for a whole pass), its HTTP status (0
     * when none), severity, code and message.
     */
    record Diagnostic(String at, String uuid, int status, String severity, String code, String message) {
    }

    /** A run and what was reported of it; its source and target are those of its first report. */
    record Run(String runName, String runStamp, String source, String target, int reports, int entries, int conflicts,
               int failures, String last, List<Diagnostic> diagnostics) {
    }

    private record Key(String runName, String runStamp) {
    }

    private static final class Mutable {
        String source;
        String target;
        int reports;
        int entries;
        int conflicts;
        int failures;
        String last;
        final List<Diagnostic> diagnostics = new ArrayList<>();
    }

    private final int maxRuns;
    private final int maxPerRun;
    private final LinkedHashMap<Key, Mutable> runs = new LinkedHashMap<>();

    EventLog(int maxRuns, int maxPerRun) {
        this.maxRuns = maxRuns;
        this.maxPerRun = maxPerRun;
    }

    /**
     * Records one report of run ({@code runName}, {@code runStamp}) between {@code source} and {@code target}:
     * {@code entries} entries, and the diagnostics worth keeping (conflicts, failures).
     */
    synchronized void report(String runName, String runStamp, String source, String target, int entries,
                             List<Diagnostic> diagnostics) {
        Key key = new Key(runName, runStamp);
        Mutable m = runs.get(key);
        if (m == null) {
            m = new Mutable();
            // the run's direction is its first report's: a two-way run's first pass goes from the command's --source
            // to its --target, the pass back reports the two the other way round
            m.source = source;
            m.target = target;
            runs.put(key, m);
            Iterator<Key> oldest = runs.keySet().iterator();
            while (runs.size() > maxRuns) {
                oldest.next();
                oldest.remove();
            }
        }
        m.reports++;
        m.entries += entries;
        for (Diagnostic d : diagnostics) {
            if (isConflict(d)) {
                m.conflicts++;
            } else if (isFailure(d)) {
                m.failures++;
            }
            if (m.diagnostics.size() < maxPerRun) {
                m.diagnostics.add(d);
            }
        }
        m.last = Instant.now().toString();
    }

    /** The runs, oldest first, without their diagnostics. */
    synchronized List<Run> runs() {
        List<Run> out = new ArrayList<>();
        runs.forEach((k, m) -> out.add(run(k, m, List.of())));
        return out;
    }

    /** One run with its kept diagnostics. */
    synchronized Optional<Run> run(String runName, String runStamp) {
        Key k = new Key(runName, runStamp);
        Mutable m = runs.get(k);
        return m == null ? Optional.empty() : Optional.of(run(k, m, List.copyOf(m.diagnostics)));
    }

    /** The {@code n} newest runs, newest first, each with at most its first {@code diagnostics} diagnostics. */
    synchronized List<Run> recent(int n, int diagnostics) {
        List<Map.Entry<Key, Mutable>> all = new ArrayList<>(runs.entrySet());
        List<Run> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < n; i--) {
            Mutable m = all.get(i).getValue();
            out.add(run(all.get(i).getKey(), m, List.copyOf(m.diagnostics.subList(0,
                    Math.min(diagnostics, m.diagnostics.size())))));
        }
        return out;
    }

    /** How many runs are kept. */
    synchronized int size() {
        return runs.size();
    }

    static boolean isConflict(Diagnostic d) {
        return d.status() == 409 || "warning".equals(d.severity()) || (d.code() != null && d.code().startsWith("conflict"));
    }

    static boolean isFailure(Diagnostic d) {
        return !isConflict(d) && (d.status() >= 400 || "error".equals(d.severity()) || "fatal".equals(d.severity()));
    }

    private static Run run(Key k, Mutable m, List<Diagnostic> diagnostics) {
        return new Run(k.runName(), k.runStamp(), m.source, m.target, m.reports, m.entries, m.conflicts, m.failures, m.last,
                diagnostics);
    }
}
