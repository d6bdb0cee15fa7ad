package org.vecnn.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.vecnn.Backend;
import org.vecnn.BackendRegistry;
import org.vecnn.BackendUnavailableException;
import org.vecnn.Network;
import org.vecnn.Precision;

/**
 * The networks of one executor JVM: each model is built once per backend and precision, on first use by a
 * task, and shared by every task that follows (a network's forward is thread-safe, as the conformance kit
 * checks). They are closed by a JVM shutdown hook when the executor stops.
 *
 * <p>Why a shutdown hook and not a Spark plugin or task listeners: a task-completion listener would close the
 * network after every task, which is the per-task loading this cache exists to avoid; a Spark
 * {@code ExecutorPlugin} only runs when the user adds it to {@code spark.plugins} on every job, and is skipped
 * when an executor is killed by its worker. An executor JVM ends by {@code System.exit} or a signal from its
 * worker; both run shutdown hooks, with no configuration.
 */
final class ExecutorNetworks {
    private static final ConcurrentHashMap<String, Loaded> NETWORKS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static final String CUDA_DEVICE = "vecnn.cuda.device";

    private ExecutorNetworks() {
    }

    private static final class Loaded {
        final Backend backend;
        final Network network;

        Loaded(Backend backend, Network network) {
            this.backend = backend;
            this.network = network;
        }

        void close() {
            try {
                network.close();
            } finally {
                backend.close();
            }
        }
    }

    /**
     * The network of these weights on a backend, built on first use in this JVM.
     *
     * @param digest the weights' identity ({@link NetworkWeights#digest()}), so that a cache hit needs no weights
     * @param weights gives the weights on a cache miss (a broadcast variable's value)
     * @param backendName a backend name, or empty for vecnn's selection rules on this JVM
     * @param precision the precision to compute in
     * @return the shared network; callers must not close it
     * @throws BackendUnavailableException when this JVM cannot run the backend, naming the executor and host
     */
    static Network network(String digest, Supplier<NetworkWeights> weights, String backendName, Precision precision) {
        String key = digest + '/' + backendName + '/' + precision;
        return NETWORKS.computeIfAbsent(key, k -> load(weights.get(), backendName, precision)).network;
    }

    private static Loaded load(NetworkWeights weights, String backendName, Precision precision) {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorNetworks::closeAll, "vecnn-spark-close"));
        }
        Backend backend = createBackend(backendName);
        try {
            Network network = weights.model().build(backend, precision);
            LOADS.incrementAndGet();
            return new Loaded(backend, network);
        } catch (RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    private static Backend createBackend(String backendName) {
        useAssignedGpu();
        // The task thread's loader sees the jars of --jars and --packages as well as the executor's class path.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        BackendRegistry registry = BackendRegistry.discover(loader != null ? loader
                : ExecutorNetworks.class.getClassLoader());
        try {
            return backendName.isEmpty() ? registry.best() : registry.get(backendName);
        } catch (BackendUnavailableException e) {
            String asked = backendName.isEmpty() ? "any backend (vecnn's selection rules)" : "backend '"
                    + backendName + "'";
            throw new BackendUnavailableException("vecnn-spark: " + where() + " cannot run " + asked + ": "
                    + e.getMessage() + " -- every executor needs the backend's jar (spark-submit --jars or "
                    + "--packages, or a job jar that holds it) and what the backend needs to run; see docs/spark.md",
                    e);
        }
    }

    // With Spark's GPU scheduling, an executor owns the GPUs Spark assigned it, which need not be device 0. The
    // cuda backend reads vecnn.cuda.device once, at its first probe, so it is set before the first backend is
    // made, unless the user set it.
    private static void useAssignedGpu() {
        TaskContext task = TaskContext.get();
        if (task == null || System.getProperty(CUDA_DEVICE) != null) {
            return;
        }
        ResourceInformation gpu = task.resourcesJMap().get("gpu");
        if (gpu != null && gpu.addresses().length > 0) {
            System.setProperty(CUDA_DEVICE, gpu.addresses()[0]);
        }
    }

    private static String where() {
        SparkEnv env = SparkEnv.get();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "an unknown host";
        }
        return "executor " + (env == null ? "?" : env.executorId()) + " on " + host;
    }

    /** @return how many networks this JVM has built since it started (tests check the cache with it) */
    static int loads() {
        return LOADS.get();
    }

    /** Closes every network and backend of this JVM; the next task builds them again. */
    static void closeAll() {
        List<Loaded> all = new ArrayList<>(NETWORKS.values());
        NETWORKS.clear();
        RuntimeException first = null;
        for (Loaded loaded : all) {
            try {
                loaded.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
