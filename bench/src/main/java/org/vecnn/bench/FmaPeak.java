package org.vecnn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures the FMA peak with the widest vectors the CPU has. First choice: a small C program
 * ({@code fma_peak.c}, shipped in this jar) compiled at bench time with {@code gcc -O2 -mavx512f -mfma
 * -pthread} where /proc/cpuinfo lists {@code avx512f} (512-bit vectors), {@code -mavx2 -mfma} otherwise
 * (256-bit), and run on one thread per core: twelve independent chains of FMAs per thread, median of five
 * repetitions. When gcc or AVX2/FMA is missing, the same loop in the Java Vector API ({@link VectorFmaProbe})
 * when the JVM has {@code jdk.incubator.vector}, in 512-bit vectors where the CPU has AVX-512 and the
 * preferred species otherwise, whichever is faster; otherwise the peak is not measured and the reports say
 * so.
 */
public final class FmaPeak {
    private static final Pattern GFLOPS = Pattern.compile("gflops=([0-9.]+)");
    private static final Pattern BITS = Pattern.compile("bits=([0-9]+)");

    private FmaPeak() {
    }

    /**
     * @param threads the threads to run, normally one per core
     * @return the peak, with the method used (or, with NaN figures, why none worked)
     */
    public static Peak measure(int threads) {
        String nativeProblem;
        try {
            return nativePeak(threads);
        } catch (IOException | RuntimeException e) {
            nativeProblem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nativeProblem = "interrupted";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            double f = VectorFmaProbe.gflops(threads, false, false);
            double d = VectorFmaProbe.gflops(threads, true, false);
            int bits = VectorFmaProbe.bits(false);
            if (Machine.cpuFlags().contains(" avx512f ") && bits < VectorFmaProbe.bits(true)) {
                // the JVM prefers narrower vectors than the CPU has (-XX:UseAVX, MaxVectorSize): try the wide ones
                double fw = VectorFmaProbe.gflops(threads, false, true);
                if (fw > f) {
                    f = fw;
                    d = Math.max(d, VectorFmaProbe.gflops(threads, true, true));
                    bits = VectorFmaProbe.bits(true);
                }
            }
            return new Peak(f, d, threads, "Java Vector API probe (VectorFmaProbe: 12 chains of " + bits
                    + "-bit FMA per thread on " + threads + " threads, best of 5), because the native probe "
                    + "could not run: " + nativeProblem);
        }
        return new Peak(Double.NaN, Double.NaN, threads, "not measured: native probe: " + nativeProblem
                + "; Java probe: jdk.incubator.vector not in this JVM (run with --add-modules jdk.incubator.vector)");
    }

    private static Peak nativePeak(int threads) throws IOException, InterruptedException {
        String flags = Machine.cpuFlags();
        if (!flags.contains(" avx2 ") || !flags.contains(" fma ")) {
            throw new IOException("the CPU does not report avx2 and fma in /proc/cpuinfo");
        }
        Path dir = Files.createTempDirectory("vecnn-fma-peak");
        try {
            Path source = dir.resolve("fma_peak.c");
            try (InputStream in = FmaPeak.class.getResourceAsStream("fma_peak.c")) {
                if (in == null) {
                    throw new IOException("fma_peak.c is missing from the bench jar");
                }
                Files.copy(in, source);
            }
            Path binary = dir.resolve("fma_peak");
            String isa = flags.contains(" avx512f ") ? "-mavx512f" : "-mavx2";
            String compile = exec(List.of("gcc", "-O2", isa, "-mfma", "-pthread", "-o", binary.toString(),
                    source.toString()));
            if (!Files.isExecutable(binary)) {
                throw new IOException("gcc failed: " + compile.strip());
            }
            String single = exec(List.of(binary.toString(), Integer.toString(threads), "s"));
            double f = parse(single);
            double d = parse(exec(List.of(binary.toString(), Integer.toString(threads), "d")));
            Matcher bits = BITS.matcher(single);
            return new Peak(f, d, threads, "native probe: fma_peak.c built by gcc -O2 " + isa + " -mfma, 12 chains "
                    + "of " + (bits.find() ? bits.group(1) : "?") + "-bit FMA per thread on " + threads
                    + " threads, best of 5 repetitions");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double parse(String output) throws IOException {
        Matcher m = GFLOPS.matcher(output);
        if (!m.find()) {
            throw new IOException("unexpected output of fma_peak: " + output.strip());
        }
        return Double.parseDouble(m.group(1));
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish in 120 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
