package org.vecnn.model;

/**
 * Thrown when an input file of rows to predict is malformed: a value that is not a number, a row with the
 * wrong number of values, a {@code .npy} of the wrong shape or dtype. The message names the file and, for
 * CSV, the line (counted from 1) and column, on one line: characters of the input that are not printable
 * appear escaped as {@code \u005CuXXXX}.
 */
public class InputFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The line at fault, counted from 1, or 0. */
    private final long line;

    /**
     * @param message the file, the line and what was wrong
     * @param line the line, counted from 1, or 0 when the problem is not on one line
     */
    public InputFormatException(String message, long line) {
        super(PrintableText.of(message));
        this.line = line;
    }

    /** @return the line at fault, counted from 1, or 0 when the problem is not on one line */
    public long line() {
        return line;
    }
}
