package dev.tributary.records.verify;

import java.io.IOException;
import java.util.List;

/** One side of a verify pass as the engine reaches it: in process, or over HTTP ({@code $syncVerify}). */
public interface VerifySide {
    /**
     * The side's answers to {@code request}, one per question, in order: one round trip.
     *
     * @throws IOException when the side cannot be reached or refuses (the message says which and why)
     */
    List<VerifyAnswer> ask(VerifyRequest request) throws IOException, InterruptedException;

    /**
     * The side's live rows with these keys (at most {@link VerifyRequest#MAX_QUESTIONS}), absent ones left out: one
     * round trip. The pass confirms with it the rows it found on one side only.
     *
     * @throws IOException when the side cannot be reached or refuses
     */
    List<RowHash> rows(List<String> keys) throws IOException, InterruptedException;

    /** A side answering from {@code store} in this process. */
    static VerifySide local(dev.tributary.records.RecordStore store) {
        return new VerifySide() {
            @Override
            public List<VerifyAnswer> ask(VerifyRequest request) {
                return VerifyResponder.answer(store, request);
            }

            @Override
            public List<RowHash> rows(List<String> keys) {
                return VerifyResponder.rows(store, keys);
            }
        };
    }
}
