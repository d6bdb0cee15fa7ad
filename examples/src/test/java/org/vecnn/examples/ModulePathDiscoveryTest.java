package org.vecnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.BackendInfo;
import org.vecnn.Backends;

/**
 * Backend discovery from the module path, not only the class path: a one-class application module is
 * compiled here and run in a child JVM whose module path holds only the jars (or exploded modules) it
 * needs. The loop backends must be found through backend-loop's {@code provides} clause, in a named module.
 */
@Tag("slow")
class ModulePathDiscoveryTest {
    private static final String LIST_BACKENDS = """
            package vecnn.probe;

            import java.lang.module.ModuleDescriptor;
            import org.vecnn.BackendInfo;
            import org.vecnn.Backends;

            public final class Main {
                public static void main(String[] args) throws ClassNotFoundException {
                    for (BackendInfo info : Backends.all()) {
                        Module module = Class.forName(info.providerClass(), false,
                                Main.class.getClassLoader()).getModule();
                        ModuleDescriptor d = module.getDescriptor();
                        boolean provides = d != null && d.provides().stream().anyMatch(p ->
                                p.service().equals("org.vecnn.spi.BackendProvider")
                                        && p.providers().contains(info.providerClass()));
                        System.out.println(info.name() + " " + module.getName() + " "
                                + (d == null ? "unnamed" : d.isAutomatic() ? "automatic" : "explicit") + " "
                                + (provides ? "provides" : "no-provides") + " "
                                + Main.class.getModule().getName());
                    }
                }
            }
            """;
    private static final String INJECT_BACKEND = """
            package vecnn.probe;

            import com.google.inject.Guice;
            import com.google.inject.Injector;
            import com.google.inject.Key;
            import com.google.inject.TypeLiteral;
            import java.util.Map;
            import java.util.TreeSet;
            import org.vecnn.Backend;
            import org.vecnn.guice.BackendLifecycle;
            import org.vecnn.guice.VecnnModule;

            public final class Main {
                public static void main(String[] args) {
                    Injector injector = Guice.createInjector(VecnnModule.named(args[0]));
                    try (BackendLifecycle lifecycle = injector.getInstance(BackendLifecycle.class)) {
                        Backend backend = injector.getInstance(Backend.class);
                        Map<String, Backend> all = injector.getInstance(
                                Key.get(new TypeLiteral<Map<String, Backend>>() { }));
                        System.out.println(backend.name() + " " + new TreeSet<>(all.keySet()) + " "
                                + backend.getClass().getModule().getName() + " "
                                + VecnnModule.class.getModule().getName() + " "
                                + Guice.class.getModule().getName());
                    }
                }
            }
            """;

    @TempDir
    Path work;

    private static Path locationOf(String className) throws ReflectiveOperationException, URISyntaxException {
        Class<?> type = Class.forName(className, false, ModulePathDiscoveryTest.class.getClassLoader());
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path loopLocation() throws URISyntaxException {
        for (BackendInfo info : Backends.all()) {
            if (info.name().equals("loop")) {
                return Path.of(new URI(info.source()));
            }
        }
        throw new AssertionError("backend-loop is not on this test's class path: " + Backends.all());
    }

    private static String path(Stream<Path> entries) {
        return entries.map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void loopBackendsAreFoundThroughProvidesOnTheModulePath() throws Exception {
        Path api = locationOf("org.vecnn.Backends");
        Path probe = compile("module vecnn.probe { requires org.vecnn.api; }", LIST_BACKENDS, path(Stream.of(api)));

        List<String> lines = run(path(Stream.of(api, loopLocation(), simdLocation(), probe)));

        assertEquals(List.of("loop org.vecnn.backend.loop explicit provides vecnn.probe",
                "loop-naive org.vecnn.backend.loop explicit provides vecnn.probe"), lines);
    }

    @Test
    void guiceModuleInjectsABackendWithEverythingOnTheModulePath() throws Exception {
        List<Path> guice = new ArrayList<>();
        for (String type : List.of("org.vecnn.Backends", "org.vecnn.guice.VecnnModule", "com.google.inject.Guice",
                "jakarta.inject.Inject", "com.google.common.collect.ImmutableList",
                "com.google.common.util.concurrent.internal.InternalFutureFailureAccess",
                "org.aopalliance.intercept.MethodInterceptor")) {
            guice.add(locationOf(type));
        }
        Path probe = compile("module vecnn.probe { requires org.vecnn.guice; opens vecnn.probe to com.google.guice; }",
                INJECT_BACKEND, path(guice.stream()));

        List<String> lines = run(path(Stream.concat(guice.stream(), Stream.of(loopLocation(), simdLocation(), probe))),
                "loop");

        assertEquals(List.of("loop [loop, loop-naive] org.vecnn.backend.loop org.vecnn.guice com.google.guice"), lines);
    }

    @Test
    void classPathFindsTheSameLoopBackendsThroughTheirServicesFile() {
        List<String> names = Backends.all().stream().map(BackendInfo::name).toList();

        assertTrue(names.contains("loop"), names.toString());
        assertTrue(names.contains("loop-naive"), names.toString());
        assertTrue(Backends.registry().problems().isEmpty(), Backends.registry().problems().toString());
    }

    // backend-loop requires org.vecnn.simd (its lane activations), a runtime dependency of this module
    private static Path simdLocation() throws ReflectiveOperationException, URISyntaxException {
        return locationOf("org.vecnn.simd.FloatActivationPass");
    }

    /** Compiles module vecnn.probe with one class, vecnn.probe.Main, into an exploded module. */
    private Path compile(String moduleInfo, String main, String modulePath) throws IOException {
        Path src = work.resolve("src");
        Path out = work.resolve("mods/vecnn.probe");
        Files.createDirectories(src.resolve("vecnn/probe"));
        Files.writeString(src.resolve("module-info.java"), moduleInfo);
        Files.writeString(src.resolve("vecnn/probe/Main.java"), main);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "17", "--module-path", modulePath,
                "-d", out.toString(), src.resolve("module-info.java").toString(),
                src.resolve("vecnn/probe/Main.java").toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        return out;
    }

    /** Runs vecnn.probe/vecnn.probe.Main in a child JVM; returns its stdout lines (stderr holds the log). */
    private List<String> run(String modulePath, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--module-path", modulePath, "-m", "vecnn.probe/vecnn.probe.Main"));
        command.addAll(List.of(args));
        Path stderr = work.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // A bound so that a hung child fails the build instead of stalling it; not a speed check.
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String log = Files.exists(stderr) ? Files.readString(stderr) : "";
        assertTrue(exited, "the child JVM did not exit; stdout: " + stdout + " stderr: " + log);
        assertEquals(0, process.exitValue(), "stdout: " + stdout + " stderr: " + log);
        return stdout.lines().filter(l -> !l.isBlank()).toList();
    }
}
