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
            Npy.Header h = Npy.readHeader(in, name, null);
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
            int bytes = n * columns * header.itemSize;
            byte[] data = in.readNBytes(bytes);
            if (data.length < bytes) {
                throw new InputFormatException(name + ": truncated: the header announces " + rows + " rows but the "
                        + "data ends in row " + (next + data.length / (columns * header.itemSize)), 0);
            }
            ByteBuffer b = ByteBuffer.wrap(data).order(header.order);
            for (int i = 0; i < n * columns; i++) {
                into[i] = header.kind == Npy.Kind.FLOAT32 ? b.getFloat() : b.getDouble();
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
