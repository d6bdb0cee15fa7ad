package org.vecnn.model;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.vecnn.Precision;

/**
 * A stream of input rows, read batch by batch so that a large file is never held whole: CSV text (one row
 * per line, values separated by commas) or a 2-D {@code .npy} array.
 *
 * <p><b>Untrusted input.</b> A CSV line is at most {@link #maxLineChars(int)} characters: longer, and it is
 * refused with an {@link InputFormatException} naming the line and the limit, before it is held whole (a file
 * without line breaks would otherwise be read into one string). A {@code .npy} header is checked against the
 * file's size before any row is read.
 */
public interface RowSource extends Closeable {

    /** The least {@link #maxLineChars(int)} is, whatever the number of columns: 2<sup>20</sup> characters. */
    int MIN_MAX_LINE_CHARS = 1 << 20;

    /** The characters per column a line may use: more than any number in any notation needs. */
    int LINE_CHARS_PER_COLUMN = 128;

    /**
     * The longest CSV line read: max(2<sup>20</sup>, 128&middot;columns) characters.
     *
     * @param columns the values per row
     * @return the limit, in characters, line break excluded
     */
    static int maxLineChars(int columns) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_MAX_LINE_CHARS,
                (long) LINE_CHARS_PER_COLUMN * columns));
    }

    /**
     * Opens a file by its extension: {@code .npy} as a NumPy array of shape (rows, columns), anything else
     * as CSV; {@code "-"} reads CSV from standard input.
     *
     * @param file the file
     * @param columns the number of values each row must have (the model's inputs)
     * @param precision the precision the rows are for: FLOAT32 parses CSV text straight to float, which
     *     avoids the double rounding of parsing to double and then rounding
     * @return the source, positioned at the first row
     * @throws InputFormatException when a {@code .npy} header does not fit
     * @throws ModelFormatException when a {@code .npy} header is malformed
     * @throws IOException when the file cannot be opened
     */
    static RowSource open(Path file, int columns, Precision precision) throws IOException {
        if (file.toString().equals("-")) {
            return new CsvRowSource(System.in, "<stdin>", -1, columns, precision);
        }
        if (file.getFileName() != null && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .endsWith(".npy")) {
            return NpyRowSource.open(file, columns);
        }
        return CsvRowSource.open(file, columns, precision);
    }

    /** @return the number of values per row */
    int columns();

    /**
     * Reads the next rows.
     *
     * @param into receives the rows, row-major; at least maxRows&middot;columns() long
     * @param maxRows the most rows to read, &ge; 1
     * @return the number of rows read, 0 at the end of the input
     * @throws InputFormatException when a row is malformed, naming its line
     * @throws IOException when reading fails
     */
    int read(double[] into, int maxRows) throws IOException;

    /** @return the fraction of the input consumed so far, in [0, 1], or NaN when unknown (standard input) */
    double progress();

    /** @return the input's name for messages, e.g. the file */
    String name();
}
