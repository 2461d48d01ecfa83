package dev.tributary.node.cli;

/** A count with its noun, singular for one: {@code 1 transaction}, {@code 3 transactions}. */
final class Plural {
    private Plural() {
    }

    /** {@code n} and {@code noun}, with an "s" unless {@code n} is 1. */
    static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
