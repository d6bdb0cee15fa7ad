package org.vecnn.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vecnn.Precision;

/**
 * CSV rows: one row per line, values separated by commas, blank lines skipped, no header. A line is at most
 * {@link RowSource#maxLineChars(int)} characters: a file without line breaks is refused at that length instead
 * of being read whole into one string.
 */
final class CsvRowSource implements RowSource {
    private final CountingStream counter;
    private final Reader reader;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int end;
    private boolean skipLineFeed;
    private final int maxLine;
    private final String name;
    private final long size;
    private final int columns;
    private final boolean single;
    private long line;

    CsvRowSource(InputStream in, String name, long size, int columns, Precision precision) {
        this.counter = new CountingStream(in);
        this.reader = new InputStreamReader(counter, StandardCharsets.UTF_8);
        this.maxLine = RowSource.maxLineChars(columns);
        this.name = name;
        this.size = size;
        this.columns = columns;
        this.single = precision == Precision.FLOAT32;
    }

    static CsvRowSource open(Path file, int columns, Precision precision) throws IOException {
        return new CsvRowSource(Files.newInputStream(file), file.toString(), Files.size(file), columns, precision);
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public int read(double[] into, int maxRows) throws IOException {
        int rows = 0;
        while (rows < maxRows) {
            String text = readLine();
            if (text == null) {
                break;
            }
            line++;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            parse(text, into, rows * columns);
            rows++;
        }
        return rows;
    }

    // As BufferedReader.readLine (a line ends at \n, \r or \r\n), but refusing a line over maxLine characters
    // before it is held whole.
    private String readLine() throws IOException {
        StringBuilder text = null;
        while (true) {
            if (position == end) {
                int n = reader.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return text == null ? null : text.toString();
                }
                position = 0;
                end = n;
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int i = position;
            while (i < end && buffer[i] != '\n' && buffer[i] != '\r') {
                i++;
            }
            int held = text == null ? 0 : text.length();
            if (held + (i - position) > maxLine) {
                throw new InputFormatException(name + " line " + (line + 1) + ": longer than " + maxLine
                        + " characters, the most a line of " + columns + " values may have; is this a CSV file of "
                        + "rows, one per line?", line + 1);
            }
            if (text == null) {
                text = new StringBuilder(Math.min(maxLine, Math.max(16, 2 * (i - position))));
            }
            text.append(buffer, position, i - position);
            if (i < end) {
                skipLineFeed = buffer[i] == '\r';
                position = i + 1;
                return text.toString();
            }
            position = i;
        }
    }

    private void parse(String text, double[] into, int offset) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                count++;
            }
        }
        if (count != columns) {
            throw new InputFormatException(name + " line " + line + ": " + count + " value" + (count == 1 ? "" : "s")
                    + ", but the model takes " + columns + " inputs", line);
        }
        int start = 0;
        for (int c = 0; c < columns; c++) {
            int end = text.indexOf(',', start);
            if (end < 0) {
                end = text.length();
            }
            String field = text.substring(start, end).strip();
            if (!isNumber(field)) {
                String problem = field.isEmpty() ? "is empty" : "'" + PrintableText.of(field, 40) + "' is not a number";
                throw new InputFormatException(name + " line " + line + ", column " + (c + 1) + ": " + problem
                        + (line == 1 && !field.isEmpty() ? " (a header row? the input has none: remove it)" : ""),
                        line);
            }
            into[offset + c] = single ? parseFloat(field) : parseDouble(field);
            start = end + 1;
        }
    }

    // [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, or nan, inf, infinity in any case: what Python
    // and NumPy write; not Java's extras (hex, 1.5f, 1d), which Double.parseDouble would take.
    static boolean isNumber(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i < n && Character.isLetter(s.charAt(i))) {
            String word = s.substring(i).toLowerCase(java.util.Locale.ROOT);
            return word.equals("nan") || word.equals("inf") || word.equals("infinity");
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static double parseDouble(String field) {
        char last = field.charAt(field.length() - 1);
        if (last == 'n' || last == 'N' || last == 'f' || last == 'F' || last == 'y' || last == 'Y') {
            return special(field);
        }
        return Double.parseDouble(field);
    }

    private static double parseFloat(String field) {
        char last = field.charAt(field.length() - 1);
        if (last == 'n' || last == 'N' || last == 'f' || last == 'F' || last == 'y' || last == 'Y') {
            return special(field);
        }
        return Float.parseFloat(field);
    }

    private static double special(String field) {
        String f = field.toLowerCase(java.util.Locale.ROOT);
        if (f.endsWith("nan")) {
            return Double.NaN;
        }
        return f.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public double progress() {
        return size <= 0 ? Double.NaN : Math.min(1.0, (double) counter.count / size);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
