package org.vecnn.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.DynamicNode;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Precision;

/**
 * What users do at scale: every activation over its whole range (thresholds included), every batch size
 * from 1 to 1024, and several layers in use at once.
 */
final class SweepChecks {
    /** The README's batch: the dense and thread checks run every batch size from 1 to this. */
    static final int MAX_BATCH = 1024;
    private static final int THREADS = 8;
    /** The narrow layer run at every batch size: odd widths, cheap enough for 1024 forwards per check. */
    private static final int NARROW_IN = 7;
    private static final int NARROW_OUT = 5;
    /** The wide layer, at the batch sizes around every power of two (where blocking and splitting change). */
    private static final int WIDE_IN = 129;
    private static final int WIDE_OUT = 65;
    private static final int[] WIDE_BATCHES = wideBatches();
    /** p-ulps on each side of every threshold. */
    private static final int AROUND = 16;
    private static final int SWEEP_COLS = 64;

    /** Several layers alive at once: inputs, units, activation. */
    private static final Object[][] LAYERS = {
        {33, 17, Activation.RELU}, {65, 9, Activation.SOFTMAX}, {17, 65, Activation.TANH},
        {129, 33, Activation.SIGMOID}, {9, 5, Activation.LINEAR}, {33, 65, Activation.leakyRelu(0.2)},
        {65, 9, Activation.LOG_SOFTMAX},
    };
    private static final int[] LAYER_BATCHES = {1, MAX_BATCH};

    private SweepChecks() {
    }

    private static int[] wideBatches() {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int b = 1; b <= 17; b++) {
            sizes.add(b);
        }
        for (int power = 32; power <= MAX_BATCH; power *= 2) {
            sizes.add(power - 1);
            sizes.add(power);
            if (power < MAX_BATCH) {
                sizes.add(power + 1);
            }
        }
        sizes.add(767);
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------------------------------------------
    // activations over their whole range

    static List<DynamicNode> activations(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        for (Activation g : Reference.forwardActivations()) {
            t.addAll(s.forEachPrecision("apply " + g.label() + " over its whole range, every threshold ± "
                    + AROUND + " ulps", (what, p) -> {
                        Backend b = s.shared();
                        double[] z = g.isRowWise() ? softmaxRows(p) : sweep(p, true);
                        int cols = g.isRowWise() ? 4 : SWEEP_COLS;
                        int rows = z.length / cols;
                        Expected e = Data.cached(what, () -> Reference.activate(Reference.exact(z, rows, cols), g, p));
                        Matrix out = Data.upload(b, rows, cols, z, p).apply(g);
                        Verify.shape(what, out, rows, cols, p, b);
                        Verify.close(what, e, out.toDoubleArray(), z);
                    }));
        }
        return t;
    }

    /**
     * Arguments that cover an activation's whole range in precision p, rounded to p, padded with zeros to
     * whole rows of {@value #SWEEP_COLS}: a grid over the range where exp over- and underflows (step 1/64
     * in FLOAT32, 1/32 in FLOAT64), four values in every binade from the smallest subnormal to the largest
     * finite value, both signs, and {@value #AROUND} ulps on each side of every saturation and overflow
     * threshold: where sigmoid and tanh round to ±1 and sigmoid to 0, where e<sup>z</sup> and
     * e<sup>2z</sup> overflow and where e<sup>−z</sup> becomes subnormal and 0.
     */
    static double[] sweep(Precision p, boolean withInfinities) {
        boolean f32 = p == Precision.FLOAT32;
        TreeSet<Double> values = new TreeSet<>();
        double range = f32 ? 128 : 768;
        double step = f32 ? 1.0 / 64 : 1.0 / 32;
        for (double z = -range; z <= range; z += step) {
            values.add(z);
        }
        double min = f32 ? Float.MIN_VALUE : Double.MIN_VALUE;
        double max = f32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        for (double m = min; m <= max && m > 0; m *= 2) {
            for (double f : new double[] {1, 1.25, 1.5, 1.75}) {
                double v = round(m * f, p);
                if (Double.isFinite(v) && v > 0) {
                    values.add(v);
                    values.add(-v);
                }
            }
        }
        for (double threshold : thresholds(p)) {
            long bits = bits(threshold, p);
            for (int d = -AROUND; d <= AROUND; d++) {
                double v = fromBits(bits + d, p);
                values.add(v);
                values.add(-v);
            }
        }
        values.addAll(List.of(0.0, min, -min, max, -max, f32 ? (double) Float.MIN_NORMAL : Double.MIN_NORMAL));
        if (withInfinities) {
            values.add(Double.POSITIVE_INFINITY);
            values.add(Double.NEGATIVE_INFINITY);
        }
        values.add(-0.0); // Double.compareTo keeps −0.0 apart from 0.0
        double[] z = new double[(values.size() + SWEEP_COLS - 1) / SWEEP_COLS * SWEEP_COLS];
        int i = 0;
        for (double v : values) {
            z[i++] = v;
        }
        return Reference.round(z, p);
    }

    /** Softmax rows [z, z − 1, 0, −z] for every finite z of the sweep: shifts across the overflow range. */
    private static double[] softmaxRows(Precision p) {
        double[] z = sweep(p, false);
        double[] rows = new double[z.length * 4];
        for (int i = 0; i < z.length; i++) {
            rows[4 * i] = z[i];
            rows[4 * i + 1] = z[i] - 1;
            rows[4 * i + 2] = 0;
            rows[4 * i + 3] = -z[i];
        }
        return Reference.round(rows, p);
    }

    /** The positive arguments where an activation or the exponential changes regime in precision p. */
    static double[] thresholds(Precision p) {
        double one = 1;
        return new double[] {
            firstWhere(p, z -> round(1 / (1 + Math.exp(-z)), p) == one),   // sigmoid rounds to 1
            firstWhere(p, z -> round(Math.exp(-z) / (1 + Math.exp(-z)), p) == 0), // sigmoid(−z) rounds to 0
            firstWhere(p, z -> round(Math.tanh(z), p) == one),             // tanh rounds to 1
            firstWhere(p, z -> Double.isInfinite(round(Math.exp(z), p))),  // e^z overflows
            firstWhere(p, z -> Double.isInfinite(round(Math.exp(2 * z), p))), // e^2z overflows
            firstWhere(p, z -> round(Math.exp(-z), p) < (p == Precision.FLOAT32 ? Float.MIN_NORMAL
                    : Double.MIN_NORMAL)),                                 // e^−z is subnormal
            firstWhere(p, z -> round(Math.exp(-z), p) == 0),               // e^−z is 0
        };
    }

    /** The smallest positive value of precision p where a predicate that is monotone in z turns true. */
    private static double firstWhere(Precision p, DoublePredicate holds) {
        long lo = bits(0, p);
        long hi = bits(1e4, p);
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (holds.test(fromBits(mid, p))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return fromBits(hi, p);
    }

    private static long bits(double x, Precision p) {
        return p == Precision.FLOAT32 ? Float.floatToIntBits((float) x) : Double.doubleToLongBits(x);
    }

    private static double fromBits(long bits, Precision p) {
        return p == Precision.FLOAT32 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
    }

    private static double round(double x, Precision p) {
        return p == Precision.FLOAT32 ? (float) x : x;
    }

    // ---------------------------------------------------------------------------------------------------
    // every batch size

    static List<DynamicNode> dense(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        for (Activation g : Reference.forwardActivations()) {
            t.addAll(s.forEachPrecision("dense forward at every batch size 1…" + MAX_BATCH + ", alone and from "
                    + THREADS + " threads at once, " + NARROW_IN + " → " + NARROW_OUT + " " + g.label(), (what, p) -> {
                        Backend b = s.shared();
                        Sample d = Sample.of(what, NARROW_IN, NARROW_OUT, g, p);
                        try (DenseLayer layer = d.layer(b)) {
                            double[][] single = new double[MAX_BATCH + 1][];
                            for (int batch = 1; batch <= MAX_BATCH; batch++) {
                                try (Matrix x = d.input(b, batch); Matrix out = layer.forward(x)) {
                                    Verify.close(what + ", batch " + batch, d.expected(batch), out, p, b);
                                    single[batch] = out.toDoubleArray();
                                }
                            }
                            // every batch size again, from several threads at once: bitwise what one thread got
                            Workers.run(what, THREADS, (id, stop) -> {
                                for (int batch = id + 1; batch <= MAX_BATCH && !stop.get(); batch += THREADS) {
                                    try (Matrix x = d.input(b, batch); Matrix out = layer.forward(x)) {
                                        Verify.identical(what + ": thread " + id + ", batch " + batch, single[batch],
                                                out.toDoubleArray());
                                    }
                                }
                            });
                        }
                    }));
        }
        for (Activation g : Reference.forwardActivations()) {
            t.addAll(s.forEachPrecision("dense forward " + WIDE_IN + " → " + WIDE_OUT + " " + g.label()
                    + " at batch sizes 1…17 and each side of every power of two to " + MAX_BATCH, (what, p) -> {
                        Backend b = s.shared();
                        Sample d = Sample.wide(g, p);
                        try (DenseLayer layer = d.layer(b)) {
                            for (int batch : WIDE_BATCHES) {
                                try (Matrix x = d.input(b, batch); Matrix out = layer.forward(x)) {
                                    Verify.close(what + ", batch " + batch, d.expected(batch), out, p, b);
                                }
                            }
                        }
                    }));
        }
        t.addAll(s.forEachPrecision(layersName("several layers alive at once, forward interleaved"),
                (what, p) -> {
                    Backend b = s.shared();
                    List<Sample> samples = layerSamples(what, p);
                    List<DenseLayer> layers = layers(b, samples);
                    try {
                        for (int batch : LAYER_BATCHES) {
                            for (int i = 0; i < layers.size(); i++) {
                                Sample d = samples.get(i);
                                try (Matrix x = d.input(b, batch); Matrix out = layers.get(i).forward(x)) {
                                    Verify.close(what + ", layer " + i + " (" + d.name() + "), batch " + batch,
                                            d.expected(batch), out, p, b);
                                }
                            }
                        }
                    } finally {
                        layers.forEach(DenseLayer::close);
                    }
                }));
        return t;
    }

    private static String layersName(String what) {
        StringBuilder name = new StringBuilder(what).append(" (");
        for (int i = 0; i < LAYERS.length; i++) {
            name.append(i == 0 ? "" : ", ").append(LAYERS[i][0]).append(" → ").append(LAYERS[i][1]).append(' ')
                    .append(((Activation) LAYERS[i][2]).label());
        }
        return name.append("), batches 1 and ").append(MAX_BATCH).toString();
    }

    private static List<Sample> layerSamples(String what, Precision p) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < LAYERS.length; i++) {
            samples.add(Sample.of("several layers, layer " + i + " " + p, (Integer) LAYERS[i][0],
                    (Integer) LAYERS[i][1], (Activation) LAYERS[i][2], p));
        }
        return samples;
    }

    private static List<DenseLayer> layers(Backend b, List<Sample> samples) {
        List<DenseLayer> layers = new ArrayList<>();
        for (Sample d : samples) {
            layers.add(d.layer(b));
        }
        return layers;
    }

    static List<DynamicNode> threads(ConformanceSuite s) {
        List<DynamicNode> t = new ArrayList<>();
        t.addAll(s.forEachPrecision(layersName("several layers from " + THREADS + " threads at once give the "
                + "single-thread results bitwise"), (what, p) -> {
                    Backend b = s.shared();
                    List<Sample> samples = layerSamples(what, p);
                    List<DenseLayer> layers = layers(b, samples);
                    try {
                        double[][][] single = new double[layers.size()][LAYER_BATCHES.length][];
                        for (int i = 0; i < layers.size(); i++) {
                            for (int j = 0; j < LAYER_BATCHES.length; j++) {
                                try (Matrix x = samples.get(i).input(b, LAYER_BATCHES[j]);
                                        Matrix out = layers.get(i).forward(x)) {
                                    single[i][j] = out.toDoubleArray();
                                }
                            }
                        }
                        Workers.run(what, THREADS, (id, stop) -> {
                            // every thread runs every layer, each starting elsewhere: all layers are busy at once
                            for (int k = 0; k < layers.size() * LAYER_BATCHES.length && !stop.get(); k++) {
                                int which = (k + id) % (layers.size() * LAYER_BATCHES.length);
                                int i = which % layers.size();
                                int j = which / layers.size();
                                try (Matrix x = samples.get(i).input(b, LAYER_BATCHES[j]);
                                        Matrix out = layers.get(i).forward(x)) {
                                    Verify.identical(what + ": thread " + id + ", layer " + i + ", batch "
                                            + LAYER_BATCHES[j], single[i][j], out.toDoubleArray());
                                }
                            }
                        });
                    } finally {
                        layers.forEach(DenseLayer::close);
                    }
                }));
        t.addAll(s.forEachPrecision(layersName("several layers, forward repeated interleaved, are bitwise "
                + "identical"), (what, p) -> {
                    Backend b = s.shared();
                    List<Sample> samples = layerSamples(what, p);
                    List<DenseLayer> layers = layers(b, samples);
                    try {
                        double[][][] first = new double[layers.size()][LAYER_BATCHES.length][];
                        for (int round = 0; round < 3; round++) {
                            for (int j = 0; j < LAYER_BATCHES.length; j++) {
                                for (int i = 0; i < layers.size(); i++) {
                                    try (Matrix x = samples.get(i).input(b, LAYER_BATCHES[j]);
                                            Matrix out = layers.get(i).forward(x)) {
                                        if (round == 0) {
                                            first[i][j] = out.toDoubleArray();
                                        } else {
                                            Verify.identical(what + ": round " + (round + 1) + ", layer " + i
                                                    + ", batch " + LAYER_BATCHES[j], first[i][j], out.toDoubleArray());
                                        }
                                    }
                                }
                            }
                        }
                    } finally {
                        layers.forEach(DenseLayer::close);
                    }
                }));
        return t;
    }

    /** A layer's data, seeded by name, for batches of up to {@value #MAX_BATCH} rows, and its reference. */
    private static final class Sample {
        private final String name;
        private final int inputs;
        private final int units;
        private final Activation g;
        private final Precision p;
        private final double[] x;
        private final double[] w;
        private final double[] bias;
        private final Expected all;

        private Sample(String name, int inputs, int units, Activation g, Precision p, double[] x, double[] w,
                double[] bias, Expected all) {
            this.name = name;
            this.inputs = inputs;
            this.units = units;
            this.g = g;
            this.p = p;
            this.x = x;
            this.w = w;
            this.bias = bias;
            this.all = all;
        }

        static Sample of(String key, int inputs, int units, Activation g, Precision p) {
            return Data.cached("sample " + key, () -> {
                SplittableRandom random = Data.random(key);
                double[] x = Data.uniform(random, MAX_BATCH * inputs, 1, p);
                double[] w = Data.uniform(random, inputs * units, 8 / Math.sqrt(inputs), p);
                double[] bias = Data.uniform(random, units, 1, p);
                Expected z = Reference.product(x, null, MAX_BATCH, inputs, w, units, bias, p);
                return new Sample(inputs + " → " + units + " " + g.label(), inputs, units, g, p, x, w, bias,
                        Reference.activate(z, g, p));
            });
        }

        /** The wide layer: one product per precision, whatever the activation. */
        static Sample wide(Activation g, Precision p) {
            Sample product = of("wide batch sweep " + p, WIDE_IN, WIDE_OUT, Activation.LINEAR, p);
            return Data.cached("sample wide " + g + " " + p, () -> new Sample(WIDE_IN + " → " + WIDE_OUT + " "
                    + g.label(), WIDE_IN, WIDE_OUT, g, p, product.x, product.w, product.bias,
                    Reference.activate(product.all, g, p)));
        }

        String name() {
            return name;
        }

        DenseLayer layer(Backend b) {
            return b.dense(Data.upload(b, inputs, units, w, p), Data.upload(b, 1, units, bias, p), g);
        }

        /** The first {@code batch} rows of the input. */
        Matrix input(Backend b, int batch) {
            return Data.upload(b, batch, inputs, Arrays.copyOf(x, batch * inputs), p);
        }

        /** The reference of the first {@code batch} rows: a row does not depend on the others. */
        Expected expected(int batch) {
            return new Expected(batch, units, Arrays.copyOf(all.value, batch * units),
                    Arrays.copyOf(all.bound, batch * units));
        }
    }
}
