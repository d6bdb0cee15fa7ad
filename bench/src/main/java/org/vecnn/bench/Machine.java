package org.vecnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine and software a run measured: what a figure must be quoted with.
 *
 * @param cpu the CPU model with its vendor, family and model numbers, from /proc/cpuinfo
 * @param cores the processors the JVM sees
 * @param memory total memory, from /proc/meminfo
 * @param os the operating system and architecture
 * @param jdk the JVM's vendor, name and version
 * @param jvmArguments the JVM's arguments that matter here (module options, heap)
 * @param loadBefore the load average (1, 5, 15 minutes) when the run started: other work on the machine
 * @param subjects each subject with its probe result (available or not, and why) and where it came from
 * @param vectors the widest vectors the CPU has and those the JVM's Vector API prefers
 * @param openblasCore the OpenBLAS core type in effect, or why it is unknown
 */
public record Machine(String cpu, int cores, String memory, String os, String jdk, String jvmArguments,
        String loadBefore, List<SubjectInfo> subjects, String vectors, String openblasCore) {

    /**
     * One subject as the run found it.
     *
     * @param name the backend's name or {@code raw:<library>}
     * @param library true for a raw library
     * @param available whether it can run here
     * @param reason its probe's reason: what it runs on, or why it cannot run
     * @param source for a backend, the jar of its provider and its priority; empty for a library
     */
    public record SubjectInfo(String name, boolean library, boolean available, String reason, String source) {
    }

    /**
     * Describes this machine and probes each subject (which may load native libraries).
     *
     * @param subjects the subjects of the run
     * @return the description
     */
    public static Machine describe(List<Subject> subjects) {
        List<SubjectInfo> infos = new ArrayList<>();
        for (Subject s : subjects) {
            String source = "";
            if (s instanceof BackendSubject) {
                var info = ((BackendSubject) s).info();
                source = "priority " + info.priority() + ", " + info.source();
            }
            var probe = s.probe();
            String reason = probe.reason() + (probe.available() || probe.hint().isEmpty() ? "" : "; " + probe.hint());
            infos.add(new SubjectInfo(s.name(), s.isLibrary(), probe.available(), reason, source));
        }
        String jvmArgs = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-Xm") || a.startsWith("-XX:+Use")
                        || a.startsWith("-Dvecnn"))
                .toList());
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                jvmArgs, loadAverage(), List.copyOf(infos), detectVectors(), detectOpenblasCore());
    }

    /**
     * @return the CPU model name from /proc/cpuinfo with its vendor, family and model numbers, e.g.
     *     "AMD EPYC (AuthenticAMD, family 26, model 2)", or the architecture when it cannot be read
     */
    static String cpuModel() {
        String name = field("model name");
        if (name.isEmpty()) {
            return System.getProperty("os.arch");
        }
        return name + " (" + field("vendor_id") + ", family " + field("cpu family") + ", model " + field("model")
                + ")";
    }

    /**
     * @return the widest vectors the CPU reports (512-bit with avx512f, 256-bit with avx2) and the width of the
     *     Vector API's preferred species in this JVM, e.g. "CPU 512-bit (avx512f), JVM preferred 512-bit"
     */
    static String detectVectors() {
        String flags = cpuFlags();
        String cpu = flags.contains(" avx512f ") ? "512-bit (avx512f)" : flags.contains(" avx2 ") ? "256-bit (avx2)"
                : flags.isEmpty() ? "unknown" : "128-bit or narrower";
        String jvm;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            jvm = VectorFmaProbe.bits(false) + "-bit";
        } else {
            jvm = "unknown (jdk.incubator.vector not in this JVM)";
        }
        return "CPU " + cpu + ", JVM preferred " + jvm;
    }

    /** @return openblas_get_corename() of the OpenBLAS ND4J and raw:openblas load, or why it is unknown */
    static String detectOpenblasCore() {
        String forced = System.getenv("OPENBLAS_CORETYPE");
        String env = forced == null ? "OPENBLAS_CORETYPE unset" : "OPENBLAS_CORETYPE=" + forced;
        if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isEmpty()) {
            return "unknown (" + env + "): openblas_get_corename is unreachable without --add-modules "
                    + "jdk.incubator.foreign --enable-native-access=ALL-UNNAMED";
        }
        try {
            return OpenBlasCore.name() + " (" + env + ")";
        } catch (Throwable e) { // IllegalCallerException, UnsatisfiedLinkError, NoClassDefFoundError, ...
            return "unknown (" + env + "): openblas_get_corename could not be called: " + e;
        }
    }

    private static String field(String key) {
        for (String line : cpuinfo()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    /** @return the flags line of /proc/cpuinfo, padded with spaces for whole-word search; empty if unknown */
    static String cpuFlags() {
        for (String line : cpuinfo()) {
            if (line.startsWith("flags")) {
                return " " + line.substring(line.indexOf(':') + 1).trim() + " ";
            }
        }
        return "";
    }

    /** @return the 1-, 5- and 15-minute load averages from /proc/loadavg, or "unknown" */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(java.util.Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
