package dev.tributary.chain;

import java.util.function.Supplier;

/**
 * Text formatted only when it is used: validators name the block or transaction in every rejection
 * message, and formatting a hash for each of the thousands of valid ones would cost more than checking
 * them. {@code lazy + "detail"} calls {@link #toString()} only on the rejection path.
 */
final class LazyText {
    private final Supplier<String> text;

    private LazyText(Supplier<String> text) {
        this.text = text;
    }

    static LazyText of(Supplier<String> text) {
        return new LazyText(text);
    }

    @Override
    public String toString() {
        return text.get();
    }
}
