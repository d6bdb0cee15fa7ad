package org.vecnn.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rows of a 2-D float32/float64 {@code .npy} array, streamed in C order, read whole in Fortran order. */
final class NpyRowSource implements RowSource {
    private final InputStream in;
    private final String name;
    private final Npy.Header header;
    private final int rows;
    private final int columns;
    private final double[] whole;
    private int next;

    private NpyRowSource(InputStream in, String name, Npy.Header header, double[] whole) {
        this.in = in;
        this.name = name;
        this.header = header;
        this.rows = header.shape[0];
        this.columns = header.shape[1];
        this.whole = whole;
    }

    static NpyRowSource open(Path file, int columns) throws IOException {
        String name = file.toString();
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            long length = Files.isRegularFile(file) ? Files.size(file) : -1;
            Npy.Header h = Npy.readHeader(in, name, null, length);
            if (h.kind == Npy.Kind.UNICODE) {
                throw new InputFormatException(name + ": holds strings (" + h.descr + "), not float32 or float64 "
                        + "numbers", 0);
            }
            if (h.shape.length != 2) {
                throw new InputFormatException(name + ": shape " + NpyArray.shapeText(h.shape) + " is not 2-D; "
                        + "the input must be (rows, " + columns + ")", 0);
            }
            if (h.shape[1] != columns) {
                throw new InputFormatException(name + ": shape " + NpyArray.shapeText(h.shape) + " has "
                        + h.shape[1] + " columns, but the model takes " + columns + " inputs", 0);
            }
            if (length >= 0) {
                // The file's size against the header, before any row is read or any work is done.
                long data = h.count() * h.itemSize;
                long follow = length - h.dataOffset;
                if (follow < data) {
                    throw new InputFormatException(name + ": truncated: the header announces shape "
                            + NpyArray.shapeText(h.shape) + " of " + h.descr + ", " + data + " bytes of data, but "
                            + "only " + follow + " follow", 0);
                }
                if (follow > data) {
                    throw new InputFormatException(name + ": " + (follow - data) + " unexpected bytes after the "
                            + data + " bytes of data that shape " + NpyArray.shapeText(h.shape) + " of " + h.descr
                            + " needs", 0);
                }
            }
            double[] whole = null;
            if (h.fortranOrder) {
                try (InputStream again = new BufferedInputStream(Files.newInputStream(file))) {
                    whole = Npy.read(again, name, null, true).toDoubleArray();
                }
            }
            return new NpyRowSource(in, name, h, whole);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public int read(double[] into, int maxRows) throws IOException {
        int n = Math.min(maxRows, rows - next);
        if (n <= 0) {
            return 0;
        }
        if (whole != null) {
            System.arraycopy(whole, next * columns, into, 0, n * columns);
        } else {
            // In chunks of whole rows (at least one): a batch's bytes may exceed what one array can hold.
            int rowBytes = columns * header.itemSize;
            int chunkRows = Math.max(1, Math.min(n, (1 << 16) / Math.max(1, rowBytes)));
            byte[] data = new byte[(int) Math.min((long) chunkRows * rowBytes, Integer.MAX_VALUE - 8)];
            ByteBuffer b = ByteBuffer.wrap(data).order(header.order);
            int index = 0;
            for (int row = 0; row < n; row += chunkRows) {
                int rows = Math.min(chunkRows, n - row);
                int want = rows * rowBytes;
                int got = in.readNBytes(data, 0, want);
                if (got < want) {
                    throw new InputFormatException(name + ": truncated: the header announces " + this.rows
                            + " rows but the data ends in row " + (next + row + got / rowBytes), 0);
                }
                b.clear();
                for (int i = 0; i < rows * columns; i++) {
                    into[index++] = header.kind == Npy.Kind.FLOAT32 ? b.getFloat() : b.getDouble();
                }
            }
        }
        next += n;
        return n;
    }

    @Override
    public double progress() {
        return rows == 0 ? 1.0 : (double) next / rows;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
