package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Precision;

/**
 * Input rows from strangers (issue 15): a CSV line that never ends, a batch larger than memory allows, a
 * {@code .npy} whose header lies about its size. Run in a 256 MB heap (the small-heap surefire execution).
 */
class UntrustedInputTest {
    @TempDir
    Path dir;

    @Test
    void aLineWithoutLineBreaksIsRefusedAtTheLimitNamingItAndTheLine() {
        // An endless line: without the limit, it would be read until the heap ran out.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return '7';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) '7');
                return len;
            }
        };
        InputStream in = new java.io.SequenceInputStream(new ByteArrayInputStream("1,2,3\n".getBytes(
                StandardCharsets.US_ASCII)), endless);
        RowSource rows = new CsvRowSource(in, "x.csv", -1, 3, Precision.FLOAT64);
        double[] into = new double[30];
        InputFormatException e = assertThrows(InputFormatException.class, () -> rows.read(into, 10));
        assertEquals("x.csv line 2: longer than 1048576 characters, the most a line of 3 values may have; is this "
                + "a CSV file of rows, one per line?", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(1 << 20, RowSource.maxLineChars(3));
        assertEquals(128 * 100_000, RowSource.maxLineChars(100_000));
    }

    @Test
    void aLineJustUnderTheLimitIsRead() throws IOException {
        int width = RowSource.maxLineChars(1);
        String value = "1" + "0".repeat(width - 1);
        RowSource rows = new CsvRowSource(new ByteArrayInputStream((value + "\r\n2\r3").getBytes(
                StandardCharsets.US_ASCII)), "x.csv", -1, 1, Precision.FLOAT64);
        double[] into = new double[3];
        assertEquals(3, rows.read(into, 3));
        assertArrayEquals(new double[] {Double.parseDouble(value), 2, 3}, into);
    }

    @Test
    void aBatchLargerThanMemoryAllowsIsRefusedBeforeAllocatingNamingTheLimit() {
        long limit = Runtime.getRuntime().maxMemory() / 4;
        int batch = (int) Math.min(Integer.MAX_VALUE / 64, limit / 8 / 64 + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Predictor.checkBatch(batch, 64));
        assertTrue(e.getMessage().startsWith("predict: a batch of " + batch + " rows of 64 values needs "
                + (long) batch * 64 * 8 + " bytes, more than the limit of " + limit + " bytes (a quarter of the "
                + "maximum heap, -Xmx); use a batch of at most " + limit / 8 / 64 + " rows"), e.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> Predictor.checkBatch(Integer.MAX_VALUE, 64));
        assertTrue(huge.getMessage().contains("larger than one array can hold"), huge.getMessage());
        Predictor.checkBatch(1024, 64);
    }

    @Test
    void anNpyInputWhoseHeaderClaimsMoreRowsThanTheFileHoldsIsRefusedAtOpen() throws IOException {
        Path file = dir.resolve("rows.npy");
        Files.write(file, UntrustedNpzTest.concat(Npy.header("<f8", "(100000000, 3)"), new byte[48]));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> RowSource.open(file, 3, Precision.FLOAT64));
        assertEquals(file + ": truncated: the header announces shape (100000000, 3) of <f8, 2400000000 bytes of "
                + "data, but only 48 follow", e.getMessage());
    }

    @Test
    void controlCharactersOfTheInputAreEscapedInMessages() {
        RowSource rows = new CsvRowSource(new ByteArrayInputStream("1,\u001b[2J\u0000,3\n".getBytes(
                StandardCharsets.UTF_8)), "x.csv", -1, 3, Precision.FLOAT64);
        InputFormatException e = assertThrows(InputFormatException.class, () -> rows.read(new double[3], 1));
        assertEquals("x.csv line 1, column 2: '\\u001B[2J\\u0000' is not a number (a header row? the input has "
                + "none: remove it)", e.getMessage());
        UntrustedNpzTest.assertOnePrintableLine(e.getMessage());
    }
}
