package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.function.Executable;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.MatrixScope;
import org.vecnn.Network;
import org.vecnn.Precision;

/** Threads, repeatability, closing, and moving data in and out and between backends. */
final class LifecycleChecks {
    private static final int THREADS = 8;
    private static final Class<IllegalStateException> STATE = IllegalStateException.class;

    private LifecycleChecks() {
    }

    static List<DynamicNode> threads(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        t.addAll(s.forEachPrecision("same layer 255 → 65 sigmoid from 8 threads at once gives the single-thread "
                + "results bitwise, batch 257", (what, p) -> concurrent(s.shared(), what, p)));
        t.addAll(s.forEachPrecision("repeated forward 17×65 → 33 tanh is bitwise identical", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            Matrix w = Data.upload(b, 65, 33, Data.uniform(random, 65 * 33, 0.5, p), p);
            Matrix bias = Data.upload(b, 1, 33, Data.uniform(random, 33, 1, p), p);
            try (DenseLayer layer = b.dense(w, bias, Activation.TANH)) {
                Matrix x = Data.upload(b, 17, 65, Data.uniform(random, 17 * 65, 1, p), p);
                double[] first = layer.forward(x).toDoubleArray();
                for (int i = 0; i < 3; i++) {
                    try (Matrix again = layer.forward(x)) {
                        Verify.identical(what + " (call " + (i + 2) + ")", first, again.toDoubleArray());
                    }
                }
            }
        }));
        t.addAll(s.forEachPrecision("repeated matmul 127×255·255×129 is bitwise identical", (what, p) -> {
            Backend b = s.shared();
            SplittableRandom random = Data.random(what);
            Matrix a = Data.upload(b, 127, 255, Data.uniform(random, 127 * 255, 1, p), p);
            Matrix w = Data.upload(b, 255, 129, Data.uniform(random, 255 * 129, 1, p), p);
            double[] first = a.matmul(w).toDoubleArray();
            for (int i = 0; i < 3; i++) {
                try (Matrix again = a.matmul(w)) {
                    Verify.identical(what + " (call " + (i + 2) + ")", first, again.toDoubleArray());
                }
            }
        }));
        return t;
    }

    private static void concurrent(Backend b, String what, Precision p) {
        SplittableRandom random = Data.random(what);
        int batch = 257;
        int inputs = 255;
        int units = 65;
        Matrix w = Data.upload(b, inputs, units, Data.uniform(random, inputs * units, 8 / Math.sqrt(inputs), p), p);
        Matrix bias = Data.upload(b, 1, units, Data.uniform(random, units, 1, p), p);
        try (DenseLayer layer = b.dense(w, bias, Activation.SIGMOID)) {
            Matrix[] inputsByThread = new Matrix[THREADS / 2];
            double[][] expected = new double[inputsByThread.length][];
            for (int i = 0; i < inputsByThread.length; i++) {
                inputsByThread[i] = Data.upload(b, batch, inputs, Data.uniform(random, batch * inputs, 1, p), p);
                try (Matrix out = layer.forward(inputsByThread[i])) {
                    expected[i] = out.toDoubleArray();
                }
            }
            Workers.run(what, THREADS, (id, stop) -> {
                int input = id % inputsByThread.length; // two threads read each input at once
                for (int round = 0; round < 2 && !stop.get(); round++) {
                    try (Matrix out = layer.forward(inputsByThread[input])) {
                        Verify.identical(what + ": thread " + id + ", call " + (round + 1), expected[input],
                                out.toDoubleArray());
                    }
                }
            });
        }
    }

    static List<DynamicNode> closing(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        t.addAll(s.forEachPrecision("close is idempotent", (what, p) -> {
            Backend b = s.create();
            Matrix m = b.zeros(2, 3, p);
            m.close();
            m.close();
            assertTrue(m.isClosed(), what + ": a closed matrix must say so");
            DenseLayer layer = NumericChecks.seedLayer(b, p, Activation.RELU);
            layer.close();
            layer.close();
            assertTrue(layer.isClosed(), what + ": a closed layer must say so");
            Network network = Network.of(NumericChecks.seedLayer(b, p, Activation.RELU));
            network.close();
            network.close();
            b.close();
            b.close();
            assertTrue(b.isClosed(), what + ": a closed backend must say so");
        }));
        t.addAll(s.forEachPrecision("use after close throws IllegalStateException", (what, p) -> {
            Backend b = s.shared();
            Matrix open = b.zeros(2, 2, p);
            Matrix closed = b.zeros(2, 2, p);
            Matrix closedRow = b.zeros(1, 2, p);
            closed.close();
            closedRow.close();
            List<Executable> calls = List.of(
                    () -> closed.get(0, 0), closed::toFloatArray, closed::toDoubleArray, closed::transpose,
                    () -> closed.matmul(open), () -> open.matmul(closed), () -> open.matmul(open, closed),
                    () -> closed.addRowVector(b.zeros(1, 2, p)), () -> open.addRowVector(closedRow),
                    () -> closed.apply(Activation.SIGMOID), () -> open.apply(Activation.SIGMOID, closed),
                    () -> closed.toPrecision(Precision.FLOAT64), () -> closed.toPrecision(Precision.FLOAT32),
                    () -> b.copyOf(closed), () -> b.dense(closed, b.zeros(1, 2, p), Activation.RELU),
                    () -> b.dense(b.zeros(2, 2, p), closedRow, Activation.RELU));
            for (int i = 0; i < calls.size(); i++) {
                Verify.refuses(what + " (matrix call " + i + ")", STATE, calls.get(i), "closed");
            }
            DenseLayer layer = NumericChecks.seedLayer(b, p, Activation.SIGMOID);
            Matrix x = b.zeros(1, 2, p);
            Matrix closedX = b.zeros(1, 2, p);
            closedX.close();
            Verify.refuses(what + ": forward of a closed input", STATE, () -> layer.forward(closedX), "closed");
            Matrix closedOut = b.zeros(1, 3, p);
            closedOut.close();
            Verify.refuses(what + ": forward into a closed output", STATE, () -> layer.forward(x, closedOut),
                    "closed");
            layer.close();
            Verify.refuses(what + ": forward of a closed layer", STATE, () -> layer.forward(x), "closed");
            Network network = Network.of(NumericChecks.seedLayer(b, p, Activation.SIGMOID));
            network.close();
            Verify.refuses(what + ": forward of a closed network", STATE, () -> network.forward(x), "closed");
        }));
        t.addAll(s.forEachPrecision("closing a backend closes its matrices and layers", (what, p) -> {
            Backend other = s.shared();
            Matrix survivor = other.zeros(2, 2, p);
            Backend b = s.create();
            Matrix m = b.matrix(2, 2, new double[] {1, 2, 3, 4}, p);
            List<Matrix> made = List.of(m, b.zeros(2, 2, p), m.matmul(m), m.transpose(), m.addRowVector(
                    b.zeros(1, 2, p)), m.apply(Activation.TANH), b.copyOf(m), m.toPrecision(Precision.FLOAT32),
                    m.toPrecision(Precision.FLOAT64), b.copyOf(survivor));
            DenseLayer layer = NumericChecks.seedLayer(b, p, Activation.SIGMOID);
            Matrix out = layer.forward(b.matrix(NumericChecks.SEED_X, p));
            b.close();
            assertTrue(b.isClosed(), what + ": backend.isClosed()");
            for (int i = 0; i < made.size(); i++) {
                Matrix x = made.get(i);
                assertTrue(x.isClosed(), what + ": matrix " + i + " (" + x.rows() + "×" + x.cols()
                        + ") must be closed with its backend");
                Verify.refuses(what + ": matrix " + i, STATE, x::toDoubleArray, "closed");
            }
            assertTrue(out.isClosed(), what + ": a layer's result must be closed with its backend");
            assertTrue(layer.isClosed(), what + ": a layer must be closed with its backend");
            Verify.refuses(what + ": the layer", STATE, () -> layer.forward(survivor), "closed");
            Verify.refuses(what + ": the backend", STATE, () -> b.zeros(1, 1, p), "closed");
            Verify.refuses(what + ": the backend", STATE, () -> b.matrix(1, 1, new double[1], p), "closed");
            Verify.refuses(what + ": the backend", STATE, () -> b.copyOf(survivor), "closed");
            assertFalse(survivor.isClosed(), what + ": closing one instance must leave another's matrices open");
            Verify.close(what + ": another instance's matrix", Expected.exactly(2, 2, 0, 0, 0, 0), survivor, p, other);
        }));
        t.addAll(s.forEachPrecision("closing a layer closes its weights and closing a network its layers",
                (what, p) -> {
                    Backend b = s.shared();
                    DenseLayer layer = NumericChecks.seedLayer(b, p, Activation.RELU);
                    Matrix w = layer.weights();
                    Matrix bias = layer.bias();
                    layer.close();
                    assertTrue(w.isClosed() && bias.isClosed(), what + ": the layer's W and B must be closed");
                    DenseLayer first = NumericChecks.seedLayer(b, p, Activation.RELU);
                    DenseLayer second = b.dense(b.zeros(3, 4, p), b.zeros(1, 4, p), Activation.SOFTMAX);
                    Network network = Network.of(first, second);
                    network.close();
                    assertTrue(first.isClosed() && second.isClosed(), what + ": the network's layers must be closed");
                    assertTrue(first.weights().isClosed() && second.weights().isClosed(),
                            what + ": the network's weights must be closed");
                }));
        t.addAll(s.forEachPrecision("closing a matrix leaves its operands and results open", (what, p) -> {
            Backend b = s.shared();
            Matrix a = b.matrix(2, 2, new double[] {1, 2, 3, 4}, p);
            Matrix w = b.matrix(2, 2, new double[] {1, 0, 0, 1}, p);
            Matrix c = a.matmul(w);
            Matrix t2 = c.transpose();
            a.close();
            assertFalse(w.isClosed() || c.isClosed() || t2.isClosed(), what + ": only the closed matrix closes");
            Verify.close(what, Expected.exactly(2, 2, 1, 2, 3, 4), c, p, b);
            Verify.close(what, Expected.exactly(2, 2, 1, 3, 2, 4), t2, p, b);
        }));
        return t;
    }

    static List<DynamicNode> data(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        t.addAll(s.forEachPrecision("factories, get, toFloatArray and toDoubleArray agree row-major",
                (what, p) -> factories(s.shared(), what, p)));
        t.addAll(s.forEachPrecision("input and output arrays are copies", (what, p) -> {
            Backend b = s.shared();
            double[] values = {1, 2, 3, 4, 5, 6};
            float[] floats = {1, 2, 3, 4, 5, 6};
            Matrix fromDoubles = b.matrix(2, 3, values, p);
            Matrix fromFloats = b.matrix(2, 3, floats);
            Matrix fromRows = b.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}, p);
            values[0] = 99;
            floats[0] = 99;
            double[] out = fromDoubles.toDoubleArray();
            out[1] = 99;
            float[] outFloats = fromDoubles.toFloatArray();
            outFloats[2] = 99;
            Expected e = Expected.exactly(2, 3, 1, 2, 3, 4, 5, 6);
            Verify.close(what + ": matrix(double[]) after the array changed", e, fromDoubles, p, b);
            Verify.close(what + ": matrix(float[]) after the array changed", e, fromFloats, Precision.FLOAT32, b);
            Verify.close(what + ": matrix(double[][])", e, fromRows, p, b);
        }));
        t.addAll(s.forEachPrecision("matrix(float[][]) and matrix(double[][], precision) copy the caller's rows",
                (what, p) -> rowFactoriesCopy(s.shared(), what, p)));
        t.add(s.test("toPrecision FLOAT64 → FLOAT32 rounds beyond the float range to ±∞ and keeps NaN", () -> {
            Backend b = s.shared();
            Matrix m = b.matrix(1, 5, new double[] {1e300, -1e300, Double.NaN, 0.1, -0.0}, Precision.FLOAT64);
            Verify.close("toPrecision FLOAT64 → FLOAT32", Expected.exactly(1, 5, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, Double.NaN, 0.1f, -0.0), m.toPrecision(Precision.FLOAT32),
                    Precision.FLOAT32, b);
        }));
        int[][] shapes = {{1, 1}, {1, 17}, {17, 1}, {33, 65}, {257, 129}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            t.addAll(s.forEachPrecision("transpose " + m + "×" + n, (what, p) -> {
                Backend b = s.shared();
                double[] v = Data.uniform(Data.random(what), m * n, 100, p);
                double[] tv = new double[v.length];
                for (int r = 0; r < m; r++) {
                    for (int c = 0; c < n; c++) {
                        tv[c * m + r] = v[r * n + c];
                    }
                }
                Matrix a = Data.upload(b, m, n, v, p);
                Verify.close(what, Expected.exactly(n, m, tv), a.transpose(), p, b);
                Verify.close(what + " (the operand must be left unchanged)", Expected.exactly(m, n, v), a, p, b);
            }));
        }
        t.addAll(s.forEachPrecision("toPrecision converts, rounding to nearest", (what, p) -> {
            Backend b = s.shared();
            double[] v = Data.uniform(Data.random(what), 17 * 33, 3, Precision.FLOAT64);
            double[] asFloat = Reference.round(v, Precision.FLOAT32);
            Matrix a = b.matrix(17, 33, v, p);
            double[] held = p == Precision.FLOAT32 ? asFloat : v;
            Matrix f32 = a.toPrecision(Precision.FLOAT32);
            Verify.close(what + ": to FLOAT32", Expected.exactly(17, 33, asFloat), f32, Precision.FLOAT32, b);
            Matrix f64 = a.toPrecision(Precision.FLOAT64);
            Verify.close(what + ": to FLOAT64", Expected.exactly(17, 33, held), f64, Precision.FLOAT64, b);
            Matrix same = p == Precision.FLOAT32 ? f32 : f64;
            assertNotSame(a, same, what + ": toPrecision returns a new matrix even in the same precision");
            same.close();
            Verify.close(what + ": the original after closing its copy", Expected.exactly(17, 33, held), a, p, b);
        }));
        t.addAll(s.forEachPrecision("copyOf between two instances of the backend", (what, p) -> {
            Backend b = s.shared();
            double[] v = Data.uniform(Data.random(what), 33 * 17, 3, p);
            Matrix a = Data.upload(b, 33, 17, v, p);
            Backend other = s.create();
            try {
                Matrix copy = other.copyOf(a);
                a.close();
                Verify.close(what + ": the copy, after closing the source", Expected.exactly(33, 17, v), copy, p,
                        other);
                Matrix back = b.copyOf(copy);
                other.close();
                Verify.close(what + ": copied back, after closing the other instance", Expected.exactly(33, 17, v),
                        back, p, b);
            } finally {
                other.close();
            }
        }));
        t.addAll(s.forEachPrecision("copyOf from and to another backend", (what, p) -> {
            Backend b = s.shared();
            double[] v = Data.uniform(Data.random(what), 9 * 17, 3, p);
            try (Backend foreign = new ForeignBackend()) {
                Matrix there = Data.upload(foreign, 9, 17, v, p);
                Matrix here = b.copyOf(there);
                Verify.close(what + ": into " + b.name(), Expected.exactly(9, 17, v), here, p, b);
                Verify.close(what + ": out of " + b.name(), Expected.exactly(9, 17, v), foreign.copyOf(here), p,
                        foreign);
            }
        }));
        t.addAll(s.forEachPrecision("MatrixScope closes the matrices created in it", (what, p) -> {
            Backend b = s.shared();
            Matrix w = b.matrix(2, 2, new double[] {1, 2, 3, 4}, p);
            DenseLayer layer = NumericChecks.seedLayer(b, p, Activation.SIGMOID);
            List<Matrix> inside = new ArrayList<>();
            Matrix kept;
            try (MatrixScope scope = MatrixScope.open()) {
                Matrix x = b.matrix(1, 2, new double[] {200, 17}, p);
                inside.add(x);
                inside.add(b.zeros(3, 3, p));
                inside.add(x.matmul(w));
                inside.add(x.transpose());
                inside.add(b.copyOf(w));
                inside.add(w.toPrecision(Precision.FLOAT32));
                inside.add(layer.forward(x));
                kept = scope.keep(x.matmul(w).addRowVector(b.matrix(1, 2, new double[] {-1, 1}, p)));
            }
            for (int i = 0; i < inside.size(); i++) {
                assertTrue(inside.get(i).isClosed(), what + ": matrix " + i + " created in the scope must be closed");
            }
            assertFalse(w.isClosed() || layer.isClosed(), what + ": what was created outside must stay open");
            Verify.close(what + ": the matrix kept", Expected.exactly(1, 2, 250, 469), kept, p, b);
        }));
        return t;
    }

    /**
     * The 2-D factories copy the caller's arrays, as the 1-D ones do: after the matrix is made, the caller
     * overwrites every element and replaces every row, and the matrix must still hold what it was given.
     * One row and several, since a backend may take a single row as it is.
     */
    static void rowFactoriesCopy(Backend b, String what, Precision p) {
        for (int rows : new int[] {1, 3}) {
            int cols = 5;
            double[] v = Data.uniform(Data.random(what + rows), rows * cols, 10, p);
            double[][] asRows = new double[rows][cols];
            float[][] fRows = new float[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    asRows[r][c] = v[r * cols + c];
                    fRows[r][c] = (float) v[r * cols + c];
                }
            }
            Matrix fromDoubles = b.matrix(asRows, p);
            Matrix fromFloats = p == Precision.FLOAT32 ? b.matrix(fRows) : null;
            for (int r = 0; r < rows; r++) {
                Arrays.fill(asRows[r], 99);
                Arrays.fill(fRows[r], 99);
                asRows[r] = new double[cols];
                fRows[r] = new float[cols];
            }
            Expected e = Expected.exactly(rows, cols, v);
            Verify.close(what + ": matrix(double[][], " + p + ") " + rows + "×" + cols + " after the caller "
                    + "changed its array: the factory must copy the caller's rows", e, fromDoubles, p, b);
            if (fromFloats != null) {
                Verify.close(what + ": matrix(float[][]) " + rows + "×" + cols + " after the caller changed its "
                        + "array: the factory must copy the caller's rows", e, fromFloats, p, b);
            }
        }
    }

    private static void factories(Backend b, String what, Precision p) {
        int rows = 17;
        int cols = 33;
        double[] v = Data.uniform(Data.random(what), rows * cols, 10, Precision.FLOAT64);
        double[] held = Reference.round(v, p);
        double[][] asRows = new double[rows][cols];
        float[] f = new float[v.length];
        float[][] fRows = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                asRows[r][c] = v[r * cols + c];
                f[r * cols + c] = (float) v[r * cols + c];
                fRows[r][c] = (float) v[r * cols + c];
            }
        }
        List<Matrix> made = new ArrayList<>();
        made.add(b.matrix(rows, cols, v, p));
        made.add(b.matrix(asRows, p));
        made.add(p == Precision.FLOAT32 ? b.matrix(rows, cols, f) : b.matrix(rows, cols, v));
        if (p == Precision.FLOAT32) {
            made.add(b.matrix(fRows));
        }
        for (int i = 0; i < made.size(); i++) {
            Matrix m = made.get(i);
            String which = what + " (factory " + i + ")";
            Verify.shape(which, m, rows, cols, p, b);
            assertSame(b, m.backend(), which + ": backend()");
            double[] d = m.toDoubleArray();
            float[] fl = m.toFloatArray();
            Verify.close(which + ": toDoubleArray", Expected.exactly(rows, cols, held), d);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int k = r * cols + c;
                    if (m.get(r, c) != held[k] || fl[k] != (float) held[k]) {
                        fail(which + ": element (" + r + ", " + c + ") should be " + held[k] + " but get() gives "
                                + m.get(r, c) + " and toFloatArray() " + fl[k]);
                    }
                }
            }
        }
        Matrix z = b.zeros(rows, cols, p);
        Verify.close(what + ": zeros", Expected.exactly(rows, cols, new double[rows * cols]), z, p, b);
    }
}
