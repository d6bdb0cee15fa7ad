package org.vecnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vecnn.Backend;
import org.vecnn.BackendInfo;
import org.vecnn.BackendRegistry;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

/**
 * A vecnn backend as a benchmark subject: every workload goes through the public api exactly as a user
 * would call it ({@code matmul(b, out)}, {@code DenseLayer.forward(x, out)}, {@code Network.forward(x)}); a
 * training step through the backend's training kernels ({@link TrainingStep}).
 * The backend instance is created on first use and closed with the subject.
 */
final class BackendSubject implements Subject {
    private final BackendRegistry registry;
    private final BackendInfo info;
    private final List<String> references;
    private Backend backend;

    BackendSubject(BackendRegistry registry, BackendInfo info, List<String> references) {
        this.registry = registry;
        this.info = info;
        this.references = List.copyOf(references);
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public boolean isLibrary() {
        return false;
    }

    @Override
    public ProbeResult probe() {
        return info.probe();
    }

    @Override
    public List<String> references() {
        return references;
    }

    /** @return where the provider came from, e.g. its jar */
    BackendInfo info() {
        return info;
    }

    private synchronized Backend backend() {
        if (backend == null) {
            backend = registry.get(info.name());
        }
        return backend;
    }

    @Override
    public Task prepare(Workload workload) {
        Backend b = backend();
        if (workload.kind() == Workload.Kind.TRAIN) {
            return new TrainingStep(b, workload);
        }
        WorkloadData data = WorkloadData.of(workload);
        Precision p = workload.precision();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            if (workload.kind() == Workload.Kind.GEMM) {
                int n = workload.size();
                Matrix left = own(owned, b.matrix(n, n, data.left(), p));
                Matrix right = own(owned, b.matrix(n, n, data.right(), p));
                Matrix out = own(owned, b.zeros(n, n, p));
                return new BackendTask(owned, () -> left.matmul(right, out), out::toDoubleArray, left);
            }
            List<Workload.Layer> specs = workload.layers();
            List<DenseLayer> layers = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                Workload.Layer s = specs.get(i);
                Matrix w = b.matrix(s.inputs(), s.units(), data.weights().get(i), p);
                Matrix bias = b.matrix(1, s.units(), data.biases().get(i), p);
                layers.add(own(owned, b.dense(w, bias, s.activation())));
            }
            Matrix input = own(owned, b.matrix(workload.batch(), specs.get(0).inputs(), data.input(), p));
            if (layers.size() == 1) {
                DenseLayer layer = layers.get(0);
                Matrix out = own(owned, b.zeros(workload.batch(), layer.units(), p));
                return new BackendTask(owned, () -> layer.forward(input, out), out::toDoubleArray, input);
            }
            Network network = own(owned, Network.of(layers));
            return new BackendTask(owned, () -> {
                try (Matrix out = network.forward(input)) {
                    return out.rows();
                }
            }, () -> {
                try (Matrix out = network.forward(input)) {
                    return out.toDoubleArray();
                }
            }, input);
        } catch (RuntimeException | Error e) {
            closeAll(owned);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T own(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    static void closeAll(List<AutoCloseable> owned) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception ignored) {
                // close() of the api never throws; a broken backend must not hide the benchmark's own error
            }
        }
        owned.clear();
    }

    @Override
    public synchronized void close() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    private static final class BackendTask implements Task {
        private final List<AutoCloseable> owned;
        private final Supplier<Object> call;
        private final Supplier<double[]> copy;
        private final Matrix operand;

        /**
         * @param operand a matrix of the task's backend: reading it waits for the backend's queued work (one
         *     stream, in order), which is how {@link #finish()} closes a round on a device backend
         */
        BackendTask(List<AutoCloseable> owned, Supplier<Object> call, Supplier<double[]> copy, Matrix operand) {
            this.owned = owned;
            this.call = call;
            this.copy = copy;
            this.operand = operand;
        }

        @Override
        public Object run() {
            return call.get();
        }

        @Override
        public void finish() {
            operand.get(0, 0);
        }

        @Override
        public double[] result() {
            call.get();
            return copy.get();
        }

        @Override
        public void close() {
            closeAll(owned);
        }
    }
}
