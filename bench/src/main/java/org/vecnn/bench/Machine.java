package org.vecnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine and software a run measured: what a figure must be quoted with.
 *
 * @param cpu the CPU model, from /proc/cpuinfo
 * @param cores the processors the JVM sees
 * @param memory total memory, from /proc/meminfo
 * @param os the operating system and architecture
 * @param jdk the JVM's vendor, name and version
 * @param jvmArguments the JVM's arguments that matter here (module options, heap)
 * @param loadBefore the load average (1, 5, 15 minutes) when the run started: other work on the machine
 * @param subjects each subject with its probe result (available or not, and why) and where it came from
 */
public record Machine(String cpu, int cores, String memory, String os, String jdk, String jvmArguments,
        String loadBefore, List<SubjectInfo> subjects) {

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
                jvmArgs, loadAverage(), List.copyOf(infos));
    }

    /** @return the CPU model name from /proc/cpuinfo, or the architecture when it cannot be read */
    static String cpuModel() {
        for (String line : cpuinfo()) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
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
