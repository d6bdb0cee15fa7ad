package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Precision;

class CsvRowSourceTest {
    @TempDir
    Path dir;

    @Test
    void readsRowsInBatchesSkippingBlankLinesAndSpaces() throws IOException {
        RowSource rows = source("\uFEFF1, 2,3\n\n  4.5,-6e-1 , +7\r\n8,9,10\n", 3, Precision.FLOAT64);
        double[] into = new double[6];
        assertEquals(2, rows.read(into, 2));
        assertArrayEquals(new double[] {1, 2, 3, 4.5, -0.6, 7}, into);
        assertEquals(1, rows.read(into, 2));
        assertArrayEquals(new double[] {8, 9, 10}, Arrays.copyOf(into, 3));
        assertEquals(0, rows.read(into, 2));
    }

    @Test
    void nanAndInfinityAreReadAsPythonWritesThem() throws IOException {
        RowSource rows = source("nan,inf,-inf,NaN,Infinity\n", 5, Precision.FLOAT64);
        double[] into = new double[5];
        rows.read(into, 1);
        assertArrayEquals(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.POSITIVE_INFINITY}, into);
    }

    @Test
    void float32RowsAreParsedStraightToFloatWithoutDoubleRounding() throws IOException {
        // Just above the midpoint 1 + 2^-24 between the floats 1 and 1 + 2^-23: parsed to double it becomes the
        // midpoint itself, which rounds to 1 (even); parsed to float it is 1 + 2^-23.
        String text = "1.0000000596046447753906251\n";
        double[] into = new double[1];
        source(text, 1, Precision.FLOAT32).read(into, 1);
        assertEquals(Math.nextUp(1.0f), (float) into[0]);
        source(text, 1, Precision.FLOAT64).read(into, 1);
        assertEquals(1.0f, (float) into[0]);
    }

    @Test
    void aMalformedValueNamesItsLineAndColumn() {
        assertMalformed("1,2,3\n\n4,x5,6\n", 3, "x.csv line 3, column 2: 'x5' is not a number");
        assertMalformed("1,2,3\n4,,6\n", 2, "x.csv line 2, column 2: is empty");
        assertMalformed("a,b,c\n1,2,3\n", 1, "x.csv line 1, column 1: 'a' is not a number (a header row? the "
                + "input has none: remove it)");
        assertMalformed("1,2,3\n0x1p3,2,3\n", 2, "x.csv line 2, column 1: '0x1p3' is not a number");
        assertMalformed("1,2,3\n1.5f,2,3\n", 2, "x.csv line 2, column 1: '1.5f' is not a number");
    }

    @Test
    void numbersAreWhatPythonWritesAndNothingElse() {
        for (String ok : new String[] {"0", "-1", "+2.", ".5", "1.5e-3", "1E+10", "-0.0", "NaN", "-inf", "Infinity"}) {
            assertEquals(true, CsvRowSource.isNumber(ok), ok);
        }
        for (String bad : new String[] {"", "+", ".", "e5", "1e", "1e+", "1.5f", "2d", "0x10", "1,5", "--1", "infinit",
            "1 2", "nan1"}) {
            assertEquals(false, CsvRowSource.isNumber(bad), bad);
        }
    }

    @Test
    void aRowWithTheWrongNumberOfValuesNamesItsLine() {
        assertMalformed("1,2,3\n1,2\n", 2, "x.csv line 2: 2 values, but the model takes 3 inputs");
        assertMalformed("1,2,3\n1,2,3,\n", 2, "x.csv line 2: 4 values, but the model takes 3 inputs");
    }

    @Test
    void progressIsTheFractionOfBytesRead() throws IOException {
        Path file = dir.resolve("rows.csv");
        Files.writeString(file, "1,2\n".repeat(40_000));
        try (RowSource rows = RowSource.open(file, 2, Precision.FLOAT64)) {
            assertEquals(0.0, rows.progress());
            double[] into = new double[2 * 1000];
            while (rows.read(into, 1000) > 0) {
                assertEquals(rows.progress(), Math.min(1.0, rows.progress()));
            }
            assertEquals(1.0, rows.progress());
            assertEquals(file.toString(), rows.name());
        }
    }

    private static RowSource source(String text, int columns, Precision p) {
        return new CsvRowSource(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "x.csv", -1,
                columns, p);
    }

    private static void assertMalformed(String text, long line, String expected) {
        RowSource rows = source(text, 3, Precision.FLOAT64);
        InputFormatException e = assertThrows(InputFormatException.class, () -> {
            double[] into = new double[30];
            while (rows.read(into, 10) > 0) {
                continue;
            }
        });
        assertEquals(expected, e.getMessage());
        assertEquals(line, e.line());
    }
}
