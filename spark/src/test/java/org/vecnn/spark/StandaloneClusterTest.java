package org.vecnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vecnn.Precision;

/**
 * The stage on a real Spark standalone cluster on this machine: a master and two workers, each its own JVM
 * started from the Spark jars of the test class path, and executors that the workers start through a temporary
 * SPARK_HOME whose {@code jars/} folder links those jars. vecnn itself reaches the executors only as
 * {@code spark.jars} (what {@code spark-submit --jars} sets): the api, the model, this module and the loop
 * backend, not ejml. So this checks what local mode cannot: the stage and its weights serialized to other
 * JVMs, loading there through the jars Spark ships, and the message when an executor lacks a backend.
 *
 * <p>Everything binds to 127.0.0.1. Every process started here (and its descendants, the executors) is
 * destroyed after the tests, also when they fail or time out, and by a shutdown hook if this JVM is killed.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StandaloneClusterTest {
    private static final long START_SECONDS = 120;

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final Thread REAPER = new Thread(StandaloneClusterTest::destroyAll, "cluster-reaper");
    private static Path home;
    private static SparkSession spark;
    private static double[][] digits;

    @BeforeAll
    static void startCluster() throws Exception {
        Runtime.getRuntime().addShutdownHook(REAPER);
        digits = Digits.rows();
        home = Files.createTempDirectory("vecnn-spark-cluster");
        List<String> shipped = prepareSparkHome(home);

        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        Process m = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
        awaitLine(m, "master", "I have been elected leader");
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Path workDir = Files.createDirectories(home.resolve("work-" + w));
            workers.add(start("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                    workDir.toString(), master));
        }
        for (int w = 0; w < 2; w++) {
            awaitLine(workers.get(w), "worker-" + w, "Successfully registered with master");
        }

        spark = SparkSession.builder().master(master).appName("vecnn-spark-cluster-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.jars", String.join(",", shipped))
                .config("spark.cores.max", "2")
                .config("spark.executor.cores", "1")
                .config("spark.executor.memory", "512m")
                .config("spark.executor.extraJavaOptions", "-XX:+UseSerialGC")
                // The first job waits for both executors (at most 60 s), so that both take part.
                .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s")
                .config("spark.task.maxFailures", "1")
                .config("spark.sql.codegen.wholeStage", "false")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            destroyAll();
            Runtime.getRuntime().removeShutdownHook(REAPER);
            if (home != null) {
                try (Stream<Path> files = Files.walk(home)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static Dataset<Row> digitsFrame() {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < digits.length; r++) {
            rows.add(RowFactory.create(r, digits[r]));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("id", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("features", DataTypes.createArrayType(DataTypes.DoubleType), true, Metadata.empty())});
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2),
                schema);
    }

    @Test
    void twoExecutorsScoreTheDigitsAsVecnnPredictDoes() throws IOException {
        NetworkTransformer stage = new NetworkTransformer().setModelPath(Digits.model().toString())
                .setBackend("loop").setBatchSize(60).setPredictionCol("label");
        List<Row> scored = stage.transform(digitsFrame()).collectAsList();
        assertEquals(Digits.predict(digits, "loop", 60, null, false), Digits.printed(scored, "outputs",
                Precision.FLOAT64));
        assertEquals(Digits.predict(digits, "loop", 60, null, true), Digits.labels(scored, "label"));
        assertEquals(3, spark.sparkContext().statusTracker().getExecutorInfos().length,
                "the driver and two executors");
    }

    @Test
    void anExecutorWithoutTheBackendsJarFailsTheJobSayingSo() {
        NetworkTransformer stage = new NetworkTransformer().setModelPath(Digits.model().toString())
                .setBackend("ejml");
        SparkException e = assertThrows(SparkException.class, () -> stage.transform(digitsFrame()).count());
        assertTrue(e.getMessage().contains("vecnn-spark: executor "), e.getMessage());
        assertTrue(e.getMessage().contains(" cannot run backend 'ejml': backend 'ejml' (argument) is not on the "
                + "class path; present: loop, loop-naive."), e.getMessage());
    }

    // ---- the cluster

    /**
     * Links the Spark side of the class path into home/jars, for the executors the workers start, and turns
     * vecnn's own entries (module folders or jars) into jars for spark.jars, leaving ejml out.
     *
     * @return the jars to ship
     */
    private static List<String> prepareSparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Path ship = Files.createDirectories(home.resolve("ship"));
        Path conf = Files.createDirectories(home.resolve("conf"));
        try (var in = StandaloneClusterTest.class.getResourceAsStream("/log4j2-test.properties")) {
            Files.copy(in, conf.resolve("log4j2.properties"));
        }
        List<String> shipped = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            index++;
            String text = p.toString();
            boolean ours = Files.isDirectory(p) || p.getFileName().toString().startsWith("vecnn-");
            if (text.contains("backend-ejml") || text.contains("vecnn-backend-ejml") || text.contains("/ejml")) {
                continue;
            }
            if (ours) {
                Path jar = ship.resolve(index + "-" + (Files.isDirectory(p) ? "classes" : p.getFileName()
                        .toString().replace(".jar", "")) + ".jar");
                if (Files.isDirectory(p)) {
                    jarFolder(p, jar);
                } else {
                    Files.copy(p, jar);
                }
                shipped.add(jar.toString());
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.createSymbolicLink(jars.resolve(index + "-" + p.getFileName()), p);
            }
        }
        return shipped;
    }

    private static void jarFolder(Path folder, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new ZipEntry(folder.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    private static Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty("vecnn.spark.javaOptions", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        // Master and workers only pass messages: a small heap, one GC thread and the quick JIT keep their start-up
        // from competing with the test for this machine's cores.
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        // Their INFO lines tell when they are up; see awaitLine.
        command.add("-Dlog4j2.configurationFile=" + writeLogConfig(name));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_CONF_DIR", home.resolve("conf").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().remove("SPARK_MASTER_HOST");
        Process process = builder.start();
        synchronized (PROCESSES) {
            PROCESSES.add(process);
        }
        return process;
    }

    private static Path writeLogConfig(String name) throws IOException {
        Path file = home.resolve("log4j2-" + name + ".properties");
        Files.writeString(file, String.join("\n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.out.ref = out",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
                "logger.master.name = org.apache.spark.deploy.master.Master",
                "logger.master.level = info",
                "logger.worker.name = org.apache.spark.deploy.worker.Worker",
                "logger.worker.level = info",
                ""));
        return file;
    }

    /** Reads the process's output until a line holds the text; the rest of its output is drained. */
    private static void awaitLine(Process process, String name, String text)
            throws InterruptedException, ExecutionException {
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Boolean> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!found.isDone()) {
                        synchronized (seen) {
                            seen.append(line).append('\n');
                        }
                        if (line.contains(text)) {
                            found.complete(true);
                        }
                    }
                }
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
            found.complete(false);
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        boolean ok;
        try {
            ok = found.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ok = false;
        }
        if (!ok) {
            synchronized (seen) {
                throw new AssertionError(name + " did not log '" + text + "' within " + START_SECONDS + " s (alive: "
                        + process.isAlive() + "); its output:\n" + seen);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Destroys every process started here and their descendants (the executors), waiting for each. */
    private static void destroyAll() {
        List<Process> all;
        synchronized (PROCESSES) {
            all = new ArrayList<>(PROCESSES);
            PROCESSES.clear();
        }
        List<ProcessHandle> handles = new ArrayList<>();
        for (Process p : all) {
            p.descendants().forEach(handles::add);
            handles.add(p.toHandle());
        }
        for (ProcessHandle h : handles) {
            h.destroy();
        }
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }
}
