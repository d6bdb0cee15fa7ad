package org.vecnn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.BackendInfo;
import org.vecnn.BackendSelection;
import org.vecnn.BackendUnavailableException;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vecnn demo}: the seed's dense layer on every available backend, in both precisions, checked.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the seed's example, one dense layer of three sigmoid units, on every available backend in "
                        + "FLOAT32 and FLOAT64, and checks that it gives [1, 0, 1]:",
                "  X = [[200, 17]], W = [[1, -3, 5], [-2, 4, -6]], B = [[-1, 1, 2]]",
                "  Z = matmul(X, W) + B, A = sigmoid(Z)",
                "Exits with 1 when an available backend gives a wrong result."})
final class DemoCommand implements Callable<Integer> {
    static final double[][] X = {{200, 17}};
    static final double[][] W = {{1, -3, 5}, {-2, 4, -6}};
    static final double[][] B = {{-1, 1, 2}};
    static final long[] EXPECTED = {1, 0, 1};
    static final Activation G = Activation.SIGMOID;

    @Spec
    CommandSpec spec;

    @ParentCommand
    VecnnCommand top;

    @Option(names = {"-b", "--backend"}, paramLabel = "NAME", split = ",",
            description = "Run only on these backends (comma-separated), e.g. loop. One that is absent or cannot "
                    + "run here is an error (exit code 3), never replaced by another.")
    List<String> only;

    @Override
    public Integer call() {
        List<Run> runs = new ArrayList<>();
        if (only != null && only.stream().anyMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), "--backend needs a backend name, e.g. --backend loop");
        }
        if (only != null && !only.isEmpty()) {
            // Named backends are created before anything is printed: one that cannot run is a one-line error.
            try {
                for (String name : new LinkedHashSet<>(only)) {
                    runs.add(new Run(name.trim(), null, top.registry().get(name.trim())));
                }
            } catch (RuntimeException e) {
                runs.forEach(r -> r.backend.close());
                throw e;
            }
        }
        try {
            return demo(runs);
        } finally {
            runs.forEach(r -> {
                if (r.backend != null) {
                    r.backend.close();
                }
            });
        }
    }

    private int demo(List<Run> runs) {
        PrintWriter out = spec.commandLine().getOut();
        double[] zRef = new double[EXPECTED.length];
        double[] aRef = new double[EXPECTED.length];
        introduce(out, zRef, aRef);

        BackendSelection selection = top.registry().selection();
        out.println();
        if (selection.chosen() != null) {
            out.println("Default backend: " + selection.chosen() + " (" + selection.rule() + ")");
            for (String p : selection.passedOver()) {
                out.println("  passed over: " + p);
            }
        } else {
            out.println("Default backend: none: " + selection.failure());
        }

        List<BackendInfo> unavailable = new ArrayList<>();
        if (runs.isEmpty()) {
            Set<String> seen = new LinkedHashSet<>();
            for (BackendInfo info : top.registry().all()) {
                if (!seen.add(info.name())) {
                    continue; // a duplicated name fails in get(name), reported once
                }
                if (info.probe().available()) {
                    runs.add(new Run(info.name(), info, null));
                } else {
                    unavailable.add(info);
                }
            }
        }

        List<String> wrong = new ArrayList<>();
        for (Run run : runs) {
            out.println();
            boolean isDefault = run.name.equals(selection.chosen());
            out.println(run.name + (run.info == null ? ""
                    : "  (priority " + run.info.priority() + "; " + run.info.probe().reason() + ")")
                    + (isDefault ? "  [default]" : ""));
            try (Backend backend = run.backend != null ? run.backend : top.registry().get(run.name)) {
                for (Precision p : Precision.values()) {
                    if (!runOne(out, backend, p, zRef, aRef)) {
                        wrong.add(run.name + " " + p);
                    }
                }
            } catch (BackendUnavailableException e) {
                out.println("  FAILED to start: " + e.getMessage());
                wrong.add(run.name + " (failed to start)");
            }
        }

        if (!unavailable.isEmpty()) {
            out.println();
            out.println("Not available here:");
            for (BackendInfo info : unavailable) {
                out.println("  " + info.name() + "  (priority " + info.priority() + "): " + info.probe().reason());
                if (!info.probe().hint().isEmpty()) {
                    out.println("    hint: " + info.probe().hint());
                }
            }
        }

        out.println();
        if (runs.isEmpty()) {
            out.println("No backend can run here; see 'vecnn backends'.");
            return Main.UNAVAILABLE;
        }
        if (!wrong.isEmpty()) {
            out.println("WRONG: " + String.join(", ", wrong) + " did not give Z = " + Text.matrix(zRef, 1, zRef.length,
                    v -> Text.compact(v, Precision.FLOAT64)) + " and A = " + expected() + " when rounded.");
            return Main.FAILED;
        }
        out.println("All " + runs.size() + (runs.size() == 1 ? " backend gives " : " backends give ") + expected()
                + " in FLOAT32 and FLOAT64.");
        if (selection.chosen() == null && (only == null || only.isEmpty())) {
            // What Backends.best() would throw in the user's own program: worth an exit code here.
            spec.commandLine().getErr().println("vecnn demo: no default backend: " + selection.failure());
            return Main.UNAVAILABLE;
        }
        return Main.OK;
    }

    /** Explains the example with the seed's for loop, computed here in double, which is also the reference. */
    private static void introduce(PrintWriter out, double[] zRef, double[] aRef) {
        out.println("vecnn demo: the seed's dense layer, one example through three sigmoid units");
        out.println();
        out.println("  X = " + Text.pad(Text.matrix(X), 30) + "1x2: one example (a row) of two features");
        out.println("  W = " + Text.pad(Text.matrix(W), 30) + "2x3: one column of weights per unit");
        out.println("  B = " + Text.pad(Text.matrix(B), 30) + "1x3: one bias per unit");
        out.println();
        out.println("For loop, one unit j at a time:  z_j = dot(W[:,j], x) + b_j,  a_j = sigmoid(z_j)");
        for (int j = 0; j < zRef.length; j++) {
            StringBuilder terms = new StringBuilder();
            double z = 0;
            for (int i = 0; i < X[0].length; i++) {
                terms.append(i == 0 ? "" : " + ").append(number(X[0][i])).append('*').append(number(W[i][j]));
                z += X[0][i] * W[i][j];
            }
            z += B[0][j];
            terms.append(" + ").append(number(B[0][j]));
            zRef[j] = z;
            aRef[j] = G.apply(z);
            out.println("  j=" + j + ": z = " + Text.pad(terms + " = " + Text.compact(z, Precision.FLOAT64), 32)
                    + "a = sigmoid(" + Text.compact(z, Precision.FLOAT64) + ") = " + aRef[j]);
        }
        out.println("Vectorized, all units (and all examples of a batch) at once:");
        out.println("  Z = matmul(X, W) + B,  A = sigmoid(Z)");
        out.println("Each backend below computes the vectorized form; rounded, A must be " + expected() + ".");
    }

    private static boolean runOne(PrintWriter out, Backend backend, Precision p, double[] zRef, double[] aRef) {
        String label = "  " + Text.pad(p.name(), 9);
        double[] z;
        double[] a;
        try (Matrix x = backend.matrix(X, p);
             Matrix w = backend.matrix(W, p);
             Matrix b = backend.matrix(B, p);
             Matrix product = x.matmul(w);
             Matrix zm = product.addRowVector(b)) {
            z = zm.toDoubleArray();
            // The layer owns w and b from here on; closing them again above is a no-op.
            try (DenseLayer layer = backend.dense(w, b, G);
                 Matrix am = layer.forward(x)) {
                a = am.toDoubleArray();
            }
        } catch (RuntimeException | LinkageError e) {
            out.println(label + "FAILED: " + e);
            return false;
        }
        boolean ok = matches(z, a, zRef, aRef, p);
        int n = EXPECTED.length;
        out.println(label + "Z = " + Text.pad(Text.matrix(z, 1, n, v -> Text.compact(v, p)), 20)
                + "A = " + Text.pad(Text.matrix(a, 1, n, v -> Long.toString(Math.round(v))), 13)
                + "raw A = " + Text.matrix(a, 1, n, v -> Text.raw(v, p))
                + (ok ? "  ok" : "  WRONG"));
        return ok;
    }

    /**
     * Z within the rounding-error bound of a k-term dot product plus bias in the precision, and A rounding
     * to the expected values and within a few units of roundoff of the reference (which also rejects NaN).
     */
    static boolean matches(double[] z, double[] a, double[] zRef, double[] aRef, Precision p) {
        if (z.length != zRef.length || a.length != aRef.length) {
            return false;
        }
        int k = X[0].length;
        double u = p.unitRoundoff();
        for (int j = 0; j < zRef.length; j++) {
            double magnitude = Math.abs(B[0][j]);
            for (int i = 0; i < k; i++) {
                magnitude += Math.abs(X[0][i] * W[i][j]);
            }
            double zTolerance = 2 * (k + 1) * u * magnitude;
            if (!(Math.abs(z[j] - zRef[j]) <= zTolerance)) {
                return false;
            }
            if (!(Math.abs(a[j] - aRef[j]) <= 64 * u) || Math.round(a[j]) != EXPECTED[j]) {
                return false;
            }
        }
        return true;
    }

    private static String expected() {
        StringBuilder s = new StringBuilder("[");
        for (int j = 0; j < EXPECTED.length; j++) {
            s.append(j == 0 ? "" : ", ").append(EXPECTED[j]);
        }
        return s.append(']').toString();
    }

    private static String number(double v) {
        String s = Text.compact(v, Precision.FLOAT64);
        return v < 0 ? "(" + s + ")" : s;
    }

    private static final class Run {
        final String name;
        final BackendInfo info;
        final Backend backend;

        Run(String name, BackendInfo info, Backend backend) {
            this.name = name;
            this.info = info;
            this.backend = backend;
        }
    }
}
