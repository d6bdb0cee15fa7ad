package org.vecnn.spark;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import org.vecnn.model.PredictionWriter;
import org.vecnn.model.Predictor;
import org.vecnn.model.RowSource;
import org.vecnn.model.ShortestDecimal;

/**
 * The digits example of examples/digits (64→32 relu→10 softmax, float64 weights, 360 held-out rows), and what
 * {@code vecnn predict} prints for rows of it: the same calls as the cli's predict command (Model.load, build,
 * Predictor.predict with a PredictionWriter), so the Spark tests compare against the cli's own code path.
 */
final class Digits {
    private Digits() {
    }

    /** The examples/digits folder of the repository. */
    static Path folder() {
        Path p = Path.of("").toAbsolutePath();
        for (Path dir = p; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples").resolve("digits");
            if (Files.isRegularFile(candidate.resolve("digits-mlp.npz"))) {
                return candidate;
            }
        }
        throw new AssertionError("examples/digits/digits-mlp.npz not found above " + p);
    }

    static Path model() {
        return folder().resolve("digits-mlp.npz");
    }

    /** @return the 360 test rows, 64 pixel values (0..16) each */
    static double[][] rows() throws IOException {
        List<String> lines = Files.readAllLines(folder().resolve("digits-test-x.csv"));
        double[][] rows = new double[lines.size()][];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = lines.get(r).split(",");
            rows[r] = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                rows[r][c] = Double.parseDouble(cells[c]);
            }
        }
        return rows;
    }

    /**
     * What {@code vecnn predict --model digits-mlp.npz --backend B --batch N [--argmax]} prints for these rows.
     *
     * @param argmax labels instead of the outputs
     */
    static List<String> predict(double[][] rows, String backend, int batch, Precision precision, boolean argmax)
            throws IOException {
        Model m = Model.load(model());
        Precision p = precision != null ? precision : m.precision();
        StringWriter text = new StringWriter();
        try (Backend b = Backends.get(backend); Network network = m.build(b, p)) {
            Predictor.predict(network, new ArrayRows(rows), batch, new PredictionWriter(text, argmax), null);
        }
        List<String> lines = new ArrayList<>(List.of(text.toString().split("\n", -1)));
        lines.remove(lines.size() - 1);
        return lines;
    }

    /** The outputs column of scored rows, printed as vecnn predict prints them. */
    static List<String> printed(List<Row> rows, String column, Precision precision) {
        List<String> lines = new ArrayList<>();
        for (Row row : rows) {
            Vector v = row.getAs(column);
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < v.size(); c++) {
                s.append(c == 0 ? "" : ",").append(precision == Precision.FLOAT32
                        ? ShortestDecimal.toString((float) v.apply(c)) : ShortestDecimal.toString(v.apply(c)));
            }
            lines.add(s.toString());
        }
        return lines;
    }

    /** The prediction column of scored rows, printed as vecnn predict --argmax prints it. */
    static List<String> labels(List<Row> rows, String column) {
        List<String> lines = new ArrayList<>();
        for (Row row : rows) {
            lines.add(String.valueOf((int) row.getDouble(row.fieldIndex(column))));
        }
        return lines;
    }

    /** Rows held in memory, as a RowSource. */
    static final class ArrayRows implements RowSource {
        private final double[][] rows;
        private int next;

        ArrayRows(double[][] rows) {
            this.rows = rows;
        }

        @Override
        public int columns() {
            return rows.length == 0 ? 64 : rows[0].length;
        }

        @Override
        public int read(double[] into, int maxRows) {
            int n = 0;
            while (n < maxRows && next < rows.length) {
                System.arraycopy(rows[next++], 0, into, n * columns(), columns());
                n++;
            }
            return n;
        }

        @Override
        public double progress() {
            return rows.length == 0 ? 1 : (double) next / rows.length;
        }

        @Override
        public String name() {
            return "rows";
        }

        @Override
        public void close() {
        }
    }
}
