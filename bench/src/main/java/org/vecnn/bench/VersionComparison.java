package org.vecnn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

/**
 * Times the same small forward calls ({@link ForwardCallTiming}) on two builds of vecnn in one JVM, alternating
 * short rounds between them, so that a busy machine's changing load hits both alike: each build's
 * {@code org.vecnn} classes are loaded by a class loader of their own (everything else, ND4J and EJML
 * included, is shared). Prints, per call, each build's median time per call over the rounds and the median of
 * the per-round ratios B/A.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.vecnn.bench.VersionComparison \
 *      A_LIB_DIR B_LIB_DIR [rounds [CALLS]]
 * </pre>
 * A_LIB_DIR and B_LIB_DIR are the {@code bench/target/lib} folders of two builds (their {@code vecnn-*.jar}
 * are used). With {@code -Dvecnn.bench.clock=cpu} a round is timed by the thread's CPU time rather than the
 * wall clock, so that on a machine shared with other work the time the thread spends descheduled is left out.
 * CALLS, when given, is a comma-separated list of the calls to time, by name (e.g.
 * {@code "nd4j seed forwardInto,nd4j dense-64 forwardInto"}); by default all of them.
 */
public final class VersionComparison {
    private static final String[] CELLS = {"loop seed forwardInto", "loop seed forward", "ejml seed forwardInto",
        "ejml seed forward", "nd4j seed forwardInto", "nd4j seed forward", "loop dense-64 forwardInto",
        "ejml dense-64 forwardInto", "nd4j dense-64 forwardInto"};
    private static final long ROUND_NANOS = 20_000_000L;
    private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("vecnn.bench.clock"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private VersionComparison() {
    }

    /**
     * @param args the two lib folders, then optionally the number of rounds per call (default 41) and the calls
     *     to time (comma-separated names; default all)
     * @throws Exception when a build cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 41;
        List<String> cells = args.length > 3 ? Arrays.asList(args[3].split(",")) : Arrays.asList(CELLS);
        for (String cell : cells) {
            if (!Arrays.asList(CELLS).contains(cell)) {
                throw new IllegalArgumentException("no call '" + cell + "'; the calls are " + Arrays.toString(CELLS));
            }
        }
        Function<String, LongUnaryOperator> a = timing(Path.of(args[0]));
        Function<String, LongUnaryOperator> b = timing(Path.of(args[1]));
        System.out.printf(Locale.ROOT, "%-28s %14s %14s %10s%n", "call", "A ns/call", "B ns/call", "B/A");
        for (String cell : cells) {
            LongUnaryOperator ta = a.apply(cell);
            LongUnaryOperator tb = b.apply(cell);
            long calls = calibrate(ta);
            for (int warm = 0; warm < 25; warm++) {
                ta.applyAsLong(calls);
                tb.applyAsLong(calls);
            }
            double[] perA = new double[rounds];
            double[] perB = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                boolean aFirst = r % 2 == 0;
                long first = time(aFirst ? ta : tb, calls);
                long second = time(aFirst ? tb : ta, calls);
                perA[r] = (double) (aFirst ? first : second) / calls;
                perB[r] = (double) (aFirst ? second : first) / calls;
                ratio[r] = perB[r] / perA[r];
            }
            System.out.printf(Locale.ROOT, "%-28s %14.1f %14.1f %10.3f%n", cell, median(perA), median(perB),
                    median(ratio));
        }
    }

    // The timer's own wall-clock figure, or with -Dvecnn.bench.clock=cpu the thread's CPU time around it: on a
    // machine whose cores other processes share, time spent descheduled then counts for neither build.
    private static long time(LongUnaryOperator timer, long calls) {
        if (!CPU_CLOCK) {
            return timer.applyAsLong(calls);
        }
        long start = THREADS.getCurrentThreadCpuTime();
        timer.applyAsLong(calls);
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private static long calibrate(LongUnaryOperator timer) {
        long calls = 1;
        while (timer.applyAsLong(calls) < ROUND_NANOS && calls < (1L << 40)) {
            calls *= 2;
        }
        return calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @SuppressWarnings("unchecked")
    private static Function<String, LongUnaryOperator> timing(Path lib) throws Exception {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.getFileName().toString().startsWith("vecnn-"))
                    .sorted()::iterator) {
                urls.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(lib + ": not a folder of jars: " + e.getMessage(), e);
        }
        urls.add(ForwardCallTiming.class.getProtectionDomain().getCodeSource().getLocation());
        ClassLoader loader = new VecnnFirst(urls.toArray(new URL[0]), VersionComparison.class.getClassLoader());
        return (Function<String, LongUnaryOperator>) loader.loadClass(ForwardCallTiming.class.getName())
                .getConstructor().newInstance();
    }

    /** Loads {@code org.vecnn} classes from its own jars, everything else from its parent. */
    private static final class VecnnFirst extends URLClassLoader {
        VecnnFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.vecnn.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
