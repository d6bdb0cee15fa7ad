package org.vecnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;

class PredictorTest {
    private static final Model MODEL = Sequential.input(4).dense(8, Activation.RELU).dense(3, Activation.SOFTMAX)
            .initialize(77);

    @TempDir
    Path dir;

    @Tag("slow")
    @Test
    void everyBatchSizeGivesTheSameLinesAsOneBatch() throws IOException {
        Path csv = randomCsv(1000, 4, 3);
        for (Precision p : Precision.values()) {
            String whole = predict(csv, p, 1000, false);
            for (int batch : new int[] {1, 7, 256, 999, 5000}) {
                assertEquals(whole, predict(csv, p, batch, false), p + " batch " + batch);
            }
            assertEquals(1000, whole.split("\n").length);
        }
    }

    @Test
    void printedValuesReadBackToExactlyTheNetworksOutputs() throws IOException {
        Path csv = randomCsv(300, 4, 5);
        double[][] rows = read(csv);
        for (Precision p : Precision.values()) {
            String[] lines = predict(csv, p, 64, false).split("\n");
            try (Backend backend = Backends.get("loop"); Network net = MODEL.build(backend, p);
                    Matrix x = backend.matrix(rows, p); Matrix out = net.forward(x)) {
                float[] f = out.toFloatArray();
                double[] d = out.toDoubleArray();
                for (int r = 0; r < lines.length; r++) {
                    String[] fields = lines[r].split(",");
                    assertEquals(3, fields.length);
                    for (int c = 0; c < 3; c++) {
                        if (p == Precision.FLOAT32) {
                            assertEquals(f[r * 3 + c], Float.parseFloat(fields[c]));
                            assertEquals(ShortestDecimal.toString(f[r * 3 + c]), fields[c]);
                        } else {
                            assertEquals(d[r * 3 + c], Double.parseDouble(fields[c]));
                            assertEquals(ShortestDecimal.toString(d[r * 3 + c]), fields[c]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void argmaxWritesTheIndexOfTheLargestOutput() throws IOException {
        Path csv = randomCsv(200, 4, 9);
        String[] probabilities = predict(csv, Precision.FLOAT64, 50, false).split("\n");
        String[] labels = predict(csv, Precision.FLOAT64, 50, true).split("\n");
        assertEquals(probabilities.length, labels.length);
        for (int r = 0; r < labels.length; r++) {
            String[] f = probabilities[r].split(",");
            int best = 0;
            for (int c = 1; c < f.length; c++) {
                if (Double.parseDouble(f[c]) > Double.parseDouble(f[best])) {
                    best = c;
                }
            }
            assertEquals(String.valueOf(best), labels[r]);
        }
    }

    @Test
    void labelsFollowNumPyOnTiesAndNaNAndThresholdASingleOutput() {
        assertEquals(1, PredictionWriter.label(new double[] {0.1, 0.7, 0.7}, 0, 3));
        assertEquals(2, PredictionWriter.label(new double[] {0.1, 0.7, Double.NaN}, 0, 3));
        assertEquals(0, PredictionWriter.label(new double[] {9, 0.49}, 1, 1));
        assertEquals(1, PredictionWriter.label(new double[] {0.5}, 0, 1));
    }

    @Test
    void npyInputInCAndFortranOrderGivesWhatCsvGives() throws IOException {
        Path csv = randomCsv(100, 4, 11);
        double[][] rows = read(csv);
        double[] flat = new double[400];
        for (int r = 0; r < 100; r++) {
            System.arraycopy(rows[r], 0, flat, r * 4, 4);
        }
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, NpyArray.ofFloat64(flat, 100, 4));
        String expected = predict(csv, Precision.FLOAT64, 16, false);
        assertEquals(expected, predict(npy, Precision.FLOAT64, 16, false));

        // The same rows written by NumPy in Fortran order: the header says so and the data is column-major.
        double[] columnMajor = new double[400];
        for (int r = 0; r < 100; r++) {
            for (int c = 0; c < 4; c++) {
                columnMajor[c * 100 + r] = rows[r][c];
            }
        }
        Path fortran = dir.resolve("f.npy");
        byte[] header = Npy.header("<f8", "(100, 4)");
        String text = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1).replace("False", "True ");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(header.length + 3200)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (double v : columnMajor) {
            b.putDouble(v);
        }
        Files.write(fortran, b.array());
        assertEquals(expected, predict(fortran, Precision.FLOAT64, 16, false));
    }

    @Test
    void npyInputOfTheWrongShapeIsRefused() throws IOException {
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, NpyArray.ofFloat64(new double[10], 2, 5));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> RowSource.open(npy, 4, Precision.FLOAT64));
        assertEquals(npy + ": shape (2, 5) has 5 columns, but the model takes 4 inputs", e.getMessage());
        Npy.write(npy, NpyArray.ofFloat64(new double[4], 4));
        e = assertThrows(InputFormatException.class, () -> RowSource.open(npy, 4, Precision.FLOAT64));
        assertEquals(npy + ": shape (4,) is not 2-D; the input must be (rows, 4)", e.getMessage());
    }

    @Test
    void progressIsReportedAfterEveryBatch() throws IOException {
        Path csv = randomCsv(100, 4, 1);
        List<Long> seen = new ArrayList<>();
        try (Backend backend = Backends.get("loop"); Network net = MODEL.build(backend);
                RowSource rows = RowSource.open(csv, 4, Precision.FLOAT64)) {
            Predictor.predict(net, rows, 30, new PredictionWriter(new StringWriter(), true),
                    (n, fraction) -> {
                        seen.add(n);
                        assertTrue(fraction >= 0 && fraction <= 1);
                    });
        }
        assertEquals(List.of(30L, 60L, 90L, 100L), seen);
    }

    @Test
    void aBadBatchSizeIsRefused() throws IOException {
        Path csv = randomCsv(1, 4, 1);
        try (Backend backend = Backends.get("loop"); Network net = MODEL.build(backend);
                RowSource rows = RowSource.open(csv, 4, Precision.FLOAT64)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Predictor.predict(net, rows, 0, new PredictionWriter(new StringWriter(), true), null));
            assertEquals("predict: batch must be at least 1, got 0", e.getMessage());
        }
    }

    private String predict(Path input, Precision p, int batch, boolean argmax) throws IOException {
        StringWriter out = new StringWriter();
        try (Backend backend = Backends.get("loop"); Network net = MODEL.build(backend, p);
                RowSource rows = RowSource.open(input, 4, p)) {
            Predictor.predict(net, rows, batch, new PredictionWriter(out, argmax), null);
        }
        return out.toString();
    }

    private Path randomCsv(int rows, int cols, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                s.append(c == 0 ? "" : ",").append((float) (4 * random.nextDouble() - 2));
            }
            s.append('\n');
        }
        Path file = dir.resolve("x" + seed + ".csv");
        Files.writeString(file, s);
        return file;
    }

    private static double[][] read(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }
}
