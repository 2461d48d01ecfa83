package dev.tributary.bench.cli;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median of one figure over a bench's runs (the mean of the middle two for an even count). */
final class Median {
    private Median() {
    }

    static <T> double of(List<T> runs, ToDoubleFunction<T> figure) {
        double[] v = runs.stream().mapToDouble(figure).toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("no runs");
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
