package org.vecnn.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicNode;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.ShapeMismatchException;

/**
 * Bad input: the documented exception, with a message that contains what the api's javadoc promises and no
 * more ({@link org.vecnn.Matrix}, "Messages"; {@link Network#of(org.vecnn.DenseLayer...)}): the operation,
 * the shapes as rows×cols (or a network's layers as inputs→units), an array's length, both backends or
 * precisions, "null", "closed". The wording around them is free.
 */
final class BadInputChecks {
    private static final Class<ShapeMismatchException> SHAPE = ShapeMismatchException.class;
    private static final Class<IllegalArgumentException> ARGUMENT = IllegalArgumentException.class;

    private BadInputChecks() {
    }

    static List<DynamicNode> all(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        t.addAll(s.forEachPrecision("matmul 1×2·3×3 is refused", (what, p) -> {
            Backend b = s.shared();
            Matrix a = zeros(b, 1, 2, p);
            Verify.refuses(what, SHAPE, () -> a.matmul(zeros(b, 3, 3, p)), "matmul", "1×2", "3×3");
            Verify.refuses(what + " (into out)", SHAPE, () -> a.matmul(zeros(b, 3, 3, p), zeros(b, 1, 3, p)),
                    "matmul", "1×2", "3×3");
        }));
        t.addAll(s.forEachPrecision("matmul into an output of the wrong shape is refused", (what, p) -> {
            Backend b = s.shared();
            Matrix a = zeros(b, 2, 3, p);
            Verify.refuses(what, SHAPE, () -> a.matmul(zeros(b, 3, 4, p), zeros(b, 4, 2, p)), "matmul", "4×2",
                    "2×4");
            Matrix sq = zeros(b, 3, 3, p);
            Verify.refuses(what + " (out is an operand)", ARGUMENT, () -> sq.matmul(zeros(b, 3, 3, p), sq),
                    "matmul");
        }));
        t.addAll(s.forEachPrecision("addRowVector 3×3 + 1×2 is refused", (what, p) -> {
            Backend b = s.shared();
            Matrix a = zeros(b, 3, 3, p);
            Verify.refuses(what, SHAPE, () -> a.addRowVector(zeros(b, 1, 2, p)), "addRowVector", "3×3", "1×2");
            Verify.refuses(what + " (a 2×3 row)", SHAPE, () -> a.addRowVector(zeros(b, 2, 3, p)), "addRowVector",
                    "3×3", "2×3");
            Verify.refuses(what + " (into out)", SHAPE, () -> a.addRowVector(zeros(b, 1, 2, p), a), "addRowVector",
                    "3×3", "1×2");
            Verify.refuses(what + " (out 2×3)", SHAPE, () -> a.addRowVector(zeros(b, 1, 3, p), zeros(b, 2, 3, p)),
                    "addRowVector", "2×3", "3×3");
        }));
        t.addAll(s.forEachPrecision("apply into an output of the wrong shape is refused", (what, p) -> {
            Backend b = s.shared();
            Matrix a = zeros(b, 2, 3, p);
            Verify.refuses(what, SHAPE, () -> a.apply(Activation.RELU, zeros(b, 3, 2, p)), "apply", "3×2", "2×3");
        }));
        t.addAll(s.forEachPrecision("dense forward 1×3 into a 2 → 3 layer is refused", (what, p) -> {
            Backend b = s.shared();
            try (DenseLayer layer = NumericChecks.seedLayer(b, p, Activation.SIGMOID)) {
                Verify.refuses(what, SHAPE, () -> layer.forward(zeros(b, 1, 3, p)), "forward", "1×3", "2×3");
                Verify.refuses(what + " (into out)", SHAPE, () -> layer.forward(zeros(b, 1, 3, p), zeros(b, 1, 3, p)),
                        "forward", "1×3", "2×3");
                Verify.refuses(what + " (out 2×3 for a 1×2 batch)", SHAPE,
                        () -> layer.forward(zeros(b, 1, 2, p), zeros(b, 2, 3, p)), "forward", "2×3", "1×3");
            }
            try (DenseLayer square = b.dense(zeros(b, 3, 3, p), zeros(b, 1, 3, p), Activation.RELU)) {
                Matrix x = zeros(b, 2, 3, p);
                Verify.refuses(what + " (out is the input)", ARGUMENT, () -> square.forward(x, x), "forward");
            }
        }));
        t.addAll(s.forEachPrecision("dense bias 1×2 for W 2×3 is refused", (what, p) -> {
            Backend b = s.shared();
            Verify.refuses(what, SHAPE, () -> b.dense(zeros(b, 2, 3, p), zeros(b, 1, 2, p), Activation.RELU),
                    "dense", "2×3", "1×2");
            Verify.refuses(what + " (a 3×1 bias)", SHAPE,
                    () -> b.dense(zeros(b, 2, 3, p), zeros(b, 3, 1, p), Activation.RELU), "dense", "2×3", "3×1");
        }));
        t.addAll(s.forEachPrecision("network of layers 2→3 and 4→1 is refused", (what, p) -> {
            Backend b = s.shared();
            DenseLayer first = b.dense(zeros(b, 2, 3, p), zeros(b, 1, 3, p), Activation.RELU);
            DenseLayer second = b.dense(zeros(b, 4, 1, p), zeros(b, 1, 1, p), Activation.RELU);
            try (first; second) {
                Verify.refuses(what, SHAPE, () -> Network.of(first, second), "network", "2→3", "4→1");
            }
        }));
        t.addAll(s.forEachPrecision("null arguments are refused", (what, p) -> nulls(s.shared(), what, p)));
        t.addAll(s.forEachPrecision("data arrays of the wrong length are refused", (what, p) -> {
            Backend b = s.shared();
            Verify.refuses(what, ARGUMENT, () -> b.matrix(2, 3, new float[5]), "matrix", "2×3", "5");
            Verify.refuses(what, ARGUMENT, () -> b.matrix(2, 3, new double[7]), "matrix", "2×3", "7");
            Verify.refuses(what, ARGUMENT, () -> b.matrix(2, 3, new double[4], p), "matrix", "2×3", "4");
            Verify.refuses(what + " (ragged rows)", ARGUMENT, () -> b.matrix(new float[][] {{1, 2}, {3}}), "matrix");
            Verify.refuses(what + " (ragged rows)", ARGUMENT,
                    () -> b.matrix(new double[][] {{1, 2}, {3, 4, 5}}, p), "matrix");
            Verify.refuses(what + " (no rows)", ARGUMENT, () -> b.matrix(new double[0][], p), "matrix");
            Verify.refuses(what + " (empty rows)", ARGUMENT, () -> b.matrix(new float[][] {{}, {}}), "matrix");
            Verify.refuses(what + " (0 rows)", ARGUMENT, () -> b.matrix(0, 3, new float[0]), "matrix", "0×3");
            Verify.refuses(what + " (negative columns)", ARGUMENT, () -> b.zeros(3, -1, p), "zeros", "3×-1");
        }));
        t.addAll(s.forEachPrecision("rows×cols beyond int range is refused", (what, p) -> {
            Backend b = s.shared();
            Verify.refuses(what, ARGUMENT, () -> b.zeros(65536, 65536, p), "zeros", "65536×65536");
            Verify.refuses(what, ARGUMENT, () -> b.zeros(Integer.MAX_VALUE, 2, p), "zeros",
                    Integer.MAX_VALUE + "×2");
            Verify.refuses(what, ARGUMENT, () -> b.matrix(65536, 32769, new float[1]), "matrix", "65536×32769");
            Verify.refuses(what, ARGUMENT, () -> b.matrix(46341, 46341, new double[1], p), "matrix",
                    "46341×46341");
        }));
        t.addAll(s.forEachPrecision("get outside the matrix is refused", (what, p) -> {
            Matrix m = zeros(s.shared(), 2, 3, p);
            Class<IndexOutOfBoundsException> index = IndexOutOfBoundsException.class;
            Verify.refuses(what, index, () -> m.get(2, 0), "2×3");
            Verify.refuses(what, index, () -> m.get(0, 3), "2×3");
            Verify.refuses(what, index, () -> m.get(-1, 0), "2×3");
            Verify.refuses(what, index, () -> m.get(0, -1), "2×3");
        }));
        t.addAll(s.forEachPrecision("operands on two instances of the backend are refused", (what, p) -> {
            Backend b = s.shared();
            try (Backend other = s.create()) {
                mixed(what, b, other, p, p, b.name());
            }
        }));
        t.addAll(s.forEachPrecision("operands on another backend are refused", (what, p) -> {
            Backend b = s.shared();
            try (Backend foreign = new ForeignBackend()) {
                mixed(what, b, foreign, p, p, b.name(), ForeignBackend.NAME);
            }
        }));
        t.add(s.test("FLOAT32 and FLOAT64 operands are refused", () -> {
            Backend b = s.shared();
            mixed("FLOAT32 and FLOAT64 operands", b, b, Precision.FLOAT32, Precision.FLOAT64, "FLOAT32",
                    "FLOAT64");
            mixed("FLOAT64 and FLOAT32 operands", b, b, Precision.FLOAT64, Precision.FLOAT32, "FLOAT32",
                    "FLOAT64");
        }));
        return t;
    }

    /**
     * Every operation with two operands, the second on backend {@code other} in precision {@code q}; the
     * message must name both backends or precisions and the operands' shape (all are 2×2 or 1×2 beside a 2×2).
     */
    private static void mixed(String what, Backend b, Backend other, Precision p, Precision q, String... both) {
        String[] names = Arrays.copyOf(both, both.length + 1);
        names[both.length] = "2×2";
        Matrix a = zeros(b, 2, 2, p);
        Matrix foreign = zeros(other, 2, 2, q);
        Matrix foreignRow = zeros(other, 1, 2, q);
        Verify.refuses(what + ": matmul", ARGUMENT, () -> a.matmul(foreign), names);
        Verify.refuses(what + ": matmul into out", ARGUMENT, () -> a.matmul(zeros(b, 2, 2, p), foreign), names);
        Verify.refuses(what + ": addRowVector", ARGUMENT, () -> a.addRowVector(foreignRow), names);
        Verify.refuses(what + ": addRowVector into out", ARGUMENT,
                () -> a.addRowVector(zeros(b, 1, 2, p), foreign), names);
        Verify.refuses(what + ": apply into out", ARGUMENT, () -> a.apply(Activation.TANH, foreign), names);
        Verify.refuses(what + ": dense with W elsewhere", ARGUMENT,
                () -> b.dense(foreign, zeros(b, 1, 2, p), Activation.RELU), names);
        Verify.refuses(what + ": dense with B elsewhere", ARGUMENT,
                () -> b.dense(zeros(b, 2, 2, p), foreignRow, Activation.RELU), names);
        try (DenseLayer layer = b.dense(zeros(b, 2, 2, p), zeros(b, 1, 2, p), Activation.RELU)) {
            Verify.refuses(what + ": forward", ARGUMENT, () -> layer.forward(foreign), names);
            Verify.refuses(what + ": forward into out", ARGUMENT, () -> layer.forward(a, foreign), names);
        }
    }

    private static void nulls(Backend b, String what, Precision p) {
        Matrix a = zeros(b, 2, 2, p);
        Verify.refuses(what + ": matrix(float[])", ARGUMENT, () -> b.matrix(2, 2, (float[]) null), "null");
        Verify.refuses(what + ": matrix(double[])", ARGUMENT, () -> b.matrix(2, 2, (double[]) null), "null");
        Verify.refuses(what + ": matrix(double[], null)", ARGUMENT, () -> b.matrix(2, 2, new double[4], null),
                "null");
        Verify.refuses(what + ": matrix(float[][])", ARGUMENT, () -> b.matrix((float[][]) null), "null");
        Verify.refuses(what + ": matrix(double[][])", ARGUMENT, () -> b.matrix((double[][]) null, p), "null");
        Verify.refuses(what + ": matrix(double[][] with a null row)", ARGUMENT,
                () -> b.matrix(new double[][] {{1, 2}, null}, p), "null");
        Verify.refuses(what + ": matrix(double[][], null)", ARGUMENT, () -> b.matrix(new double[][] {{1}}, null),
                "null");
        Verify.refuses(what + ": zeros", ARGUMENT, () -> b.zeros(2, 2, null), "null");
        Verify.refuses(what + ": copyOf", ARGUMENT, () -> b.copyOf(null), "null");
        Verify.refuses(what + ": matmul", ARGUMENT, () -> a.matmul(null), "null");
        Verify.refuses(what + ": matmul out", ARGUMENT, () -> a.matmul(zeros(b, 2, 2, p), null), "null");
        Verify.refuses(what + ": addRowVector", ARGUMENT, () -> a.addRowVector(null), "null");
        Verify.refuses(what + ": addRowVector out", ARGUMENT, () -> a.addRowVector(zeros(b, 1, 2, p), null), "null");
        Verify.refuses(what + ": apply", ARGUMENT, () -> a.apply(null), "null");
        Verify.refuses(what + ": apply out", ARGUMENT, () -> a.apply(Activation.RELU, null), "null");
        Verify.refuses(what + ": toPrecision", ARGUMENT, () -> a.toPrecision(null), "null");
        Verify.refuses(what + ": dense W", ARGUMENT, () -> b.dense(null, zeros(b, 1, 2, p), Activation.RELU), "null");
        Verify.refuses(what + ": dense B", ARGUMENT, () -> b.dense(zeros(b, 2, 2, p), null, Activation.RELU), "null");
        Verify.refuses(what + ": dense g", ARGUMENT, () -> b.dense(zeros(b, 2, 2, p), zeros(b, 1, 2, p), null),
                "null");
        try (DenseLayer layer = b.dense(zeros(b, 2, 2, p), zeros(b, 1, 2, p), Activation.RELU)) {
            Verify.refuses(what + ": forward", ARGUMENT, () -> layer.forward(null), "null");
            Verify.refuses(what + ": forward out", ARGUMENT, () -> layer.forward(a, null), "null");
        }
    }

    static Matrix zeros(Backend b, int rows, int cols, Precision p) {
        return b.zeros(rows, cols, p);
    }
}
