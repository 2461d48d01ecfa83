package dev.tributary.node.cli;

import java.io.EOFException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Turns a failure into one line in the user's terms: what could not be done and why, never a Java exception's
 * name. A file-system failure names the file and the reason ({@code /x/y: permission denied}); a message that
 * embeds a cause as Java prints it ({@code cannot create datadir d: java.nio.file.NoSuchFileException: /p}) gets
 * the cause in words instead ({@code cannot create datadir d: /p does not exist}); any other class name left is
 * removed.
 */
public final class UserErrors {
    /** A qualified exception class name, with the colon and space Java prints after it. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");

    private UserErrors() {
    }

    /** One line saying what went wrong, for an {@code error:} line. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || wrapper(t))) {
            t = t.getCause();
        }
        String line = words(t);
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            String javaForm = c.toString();
            if (line.contains(javaForm)) {
                line = line.replace(javaForm, words(c));
            }
        }
        line = CLASS_NAME.matcher(line).replaceAll("").strip();
        if (line.endsWith(":")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.isEmpty() ? "an unexpected internal failure (run with TRIBUTARY_DEBUG=1 to see where)" : oneLine(line);
    }

    /** Exceptions that only carry another: their message is the cause's, in Java's form. */
    private static boolean wrapper(Throwable t) {
        return t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof java.lang.reflect.InvocationTargetException
                || (t instanceof java.io.UncheckedIOException && t.getCause() != null)
                || (t.getCause() != null && t.getMessage().equals(t.getCause().toString()));
    }

    /** One exception's message in words. */
    static String words(Throwable t) {
        if (t instanceof FileSystemException f) {
            return fileProblem(f);
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof EOFException) {
            return t.getMessage() != null ? "unexpected end of data: " + t.getMessage() : "unexpected end of data";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (give Java more with TRIBUTARY_JAVA_OPTS=-Xmx4g)";
        }
        if (t instanceof StackOverflowError || t instanceof NullPointerException || t.getMessage() == null) {
            return "";
        }
        return t.getMessage();
    }

    /** A file-system failure: the file and why, such as {@code /data/store: permission denied}. */
    static String fileProblem(FileSystemException f) {
        String file = f.getFile() != null ? f.getFile() : "";
        if (f.getOtherFile() != null) {
            file = file + " -> " + f.getOtherFile();
        }
        String why;
        if (f instanceof NoSuchFileException) {
            return file + " does not exist";
        } else if (f instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (f instanceof NotDirectoryException) {
            return file + " is not a directory";
        } else if (f instanceof FileAlreadyExistsException) {
            return file + " already exists";
        } else if (f instanceof DirectoryNotEmptyException) {
            return file + " is not empty";
        } else {
            why = f.getReason() != null ? f.getReason().toLowerCase(Locale.ROOT) : "cannot be used";
        }
        return file.isEmpty() ? why : file + ": " + why;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", "; ");
    }
}
