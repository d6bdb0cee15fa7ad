package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

/**
 * A raw library called directly, the baseline a backend is compared with. Every workload is the library's
 * GEMM into a preallocated result; a layer adds one bias-and-activation pass over that result, in place
 * (the "GEMM plus a bias-and-activation pass" of the targets). Subclasses supply storage and the GEMM.
 *
 * @param <M> the library's matrix type
 */
abstract class RawSubject<M> implements Subject {
    private final String name;
    private volatile ProbeResult probe;

    RawSubject(String library) {
        this.name = "raw:" + library;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isLibrary() {
        return true;
    }

    @Override
    public final List<String> references() {
        return List.of();
    }

    @Override
    public final ProbeResult probe() {
        ProbeResult p = probe;
        if (p == null) {
            synchronized (this) {
                p = probe;
                if (p == null) {
                    try {
                        p = load();
                    } catch (Throwable t) {
                        p = ProbeResult.failed("loading " + name, t, hint());
                    }
                    probe = p;
                }
            }
        }
        return p;
    }

    /** Loads the library; may throw anything, which {@link #probe()} turns into an unavailable result. */
    abstract ProbeResult load();

    /** @return what a user can do when the library does not load */
    String hint() {
        return "";
    }

    /** A rows&times;cols matrix holding data (row-major), or zeros when data is null. */
    abstract M create(int rows, int cols, double[] data, Precision precision);

    /** c = a&middot;b, a m&times;k, b k&times;n, c m&times;n. */
    abstract void gemm(M a, M b, M c, int m, int k, int n, Precision precision);

    /** The bias in the form {@link #biasActivate} wants it. */
    Object bias(double[] bias, Precision precision) {
        return precision == Precision.FLOAT32 ? WorkloadData.toFloat(bias) : bias.clone();
    }

    /** z &larr; g(z + bias) in place, z rows&times;cols. */
    abstract void biasActivate(M z, int rows, int cols, Object bias, Activation g, Precision precision);

    /** The first length elements of m, widened to double. */
    abstract double[] read(M m, int length, Precision precision);

    /** Frees m. */
    abstract void free(M m);

    /** Frees a bias made by {@link #bias}; nothing to do for heap arrays. */
    void freeBias(Object bias) {
    }

    @Override
    public Task prepare(Workload workload) {
        ProbeResult p = probe();
        if (!p.available()) {
            throw new IllegalStateException(name + " is unavailable: " + p.reason());
        }
        if (workload.kind() == Workload.Kind.TRAIN) {
            throw new UnsupportedOperationException(name() + " has no training step (" + workload.id() + ")");
        }
        WorkloadData data = WorkloadData.of(workload);
        Precision precision = workload.precision();
        List<M> owned = new ArrayList<>();
        List<Object> biases = new ArrayList<>();
        try {
            if (workload.kind() == Workload.Kind.GEMM) {
                int n = workload.size();
                M a = own(owned, create(n, n, data.left(), precision));
                M b = own(owned, create(n, n, data.right(), precision));
                M c = own(owned, create(n, n, null, precision));
                return new RawTask(owned, biases, c, n * n, precision) {
                    @Override
                    public Object run() {
                        gemm(a, b, c, n, n, n, precision);
                        return c;
                    }
                };
            }
            List<Workload.Layer> layers = workload.layers();
            int batch = workload.batch();
            List<M> weights = new ArrayList<>();
            List<M> outputs = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Workload.Layer l = layers.get(i);
                weights.add(own(owned, create(l.inputs(), l.units(), data.weights().get(i), precision)));
                biases.add(bias(data.biases().get(i), precision));
                outputs.add(own(owned, create(batch, l.units(), null, precision)));
            }
            M input = own(owned, create(batch, layers.get(0).inputs(), data.input(), precision));
            int units = layers.get(layers.size() - 1).units();
            M last = outputs.get(outputs.size() - 1);
            return new RawTask(owned, biases, last, batch * units, precision) {
                @Override
                public Object run() {
                    M in = input;
                    for (int i = 0; i < layers.size(); i++) {
                        Workload.Layer l = layers.get(i);
                        M z = outputs.get(i);
                        gemm(in, weights.get(i), z, batch, l.inputs(), l.units(), precision);
                        biasActivate(z, batch, l.units(), biases.get(i), l.activation(), precision);
                        in = z;
                    }
                    return in;
                }
            };
        } catch (RuntimeException | Error e) {
            release(owned, biases);
            throw e;
        }
    }

    private static <T> T own(List<T> owned, T m) {
        owned.add(m);
        return m;
    }

    private void release(List<M> owned, List<Object> biases) {
        for (M m : owned) {
            free(m);
        }
        owned.clear();
        for (Object b : biases) {
            freeBias(b);
        }
        biases.clear();
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return name;
    }

    private abstract class RawTask implements Task {
        private final List<M> owned;
        private final List<Object> biases;
        private final M output;
        private final int length;
        private final Precision precision;

        RawTask(List<M> owned, List<Object> biases, M output, int length, Precision precision) {
            this.owned = owned;
            this.biases = biases;
            this.output = output;
            this.length = length;
            this.precision = precision;
        }

        @Override
        public double[] result() {
            run();
            return read(output, length, precision);
        }

        @Override
        public void close() {
            release(owned, biases);
        }
    }
}
