package dev.tributary.node.cli;

import java.util.List;

/**
 * Which known names a mistyped one may have meant, for a usage error's {@code (did you mean ...?)}: only names
 * really close to it, those it begins (at least two characters of them, such as {@code stat} for {@code status}) or
 * those at most {@value #MOST_EDITS} edits away (a letter added, dropped, changed, or two swapped), and fewer
 * edits than the typed name is long. A word close to nothing gets no suggestion: {@code bogus} is not a misspelt
 * {@code status}. Options are compared without their leading dashes.
 */
final class CloseNames {
    /** Most edits between a typed name and a name it is taken to mean. */
    static final int MOST_EDITS = 2;

    private CloseNames() {
    }

    /** The names in {@code known} (in their order) close to {@code typed}. */
    static List<String> to(String typed, List<String> known) {
        String t = bare(typed);
        return known.stream().filter(k -> close(t, bare(k))).toList();
    }

    private static boolean close(String typed, String name) {
        if (typed.isEmpty() || name.isEmpty()) {
            return false;
        }
        if (typed.length() >= 2 && name.startsWith(typed)) {
            return true;
        }
        int edits = edits(typed, name);
        return edits <= MOST_EDITS && edits < typed.length();
    }

    private static String bare(String name) {
        return name.replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Edits from {@code a} to {@code b}: characters inserted, deleted, replaced, or two neighbours swapped. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
