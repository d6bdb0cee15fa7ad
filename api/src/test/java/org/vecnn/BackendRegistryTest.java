package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.spi.BackendProvider;

class BackendRegistryTest {
    private String savedProperty;

    @BeforeEach
    void clearProperty() {
        savedProperty = System.clearProperty(BackendRegistry.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(BackendRegistry.PROPERTY);
        } else {
            System.setProperty(BackendRegistry.PROPERTY, savedProperty);
        }
    }

    /** A registry without discovery whose environment holds VECNN_BACKEND=env (none when env is null). */
    private static BackendRegistry registry(String env, BackendProvider... providers) {
        BackendRegistry registry = new BackendRegistry(null,
                key -> BackendRegistry.ENVIRONMENT.equals(key) ? env : null);
        for (BackendProvider p : providers) {
            registry.register(p);
        }
        return registry;
    }

    private static String nameOf(Backend backend) {
        try (backend) {
            return backend.name();
        }
    }

    private final TestProvider alpha = new TestProvider("alpha", 100, TestProvider.runs()) { };
    private final TestProvider beta = new TestProvider("beta", 200, TestProvider.runs()) { };
    private final TestProvider gamma = new TestProvider("gamma", 300, TestProvider.runs()) { };
    private final TestProvider gpu = new TestProvider("gpu", 400,
            TestProvider.missing("libcuda.so.1 not found: no NVIDIA driver installed",
                    "install the NVIDIA driver")) { };

    @Test
    void argumentWinsOverPropertyAndEnvironment() {
        System.setProperty(BackendRegistry.PROPERTY, "beta");
        BackendRegistry registry = registry("gamma", alpha, beta, gamma);

        assertEquals("alpha", nameOf(registry.get("alpha")));
        assertEquals(0, beta.creations.get() + gamma.creations.get());
    }

    @Test
    void propertyWinsOverEnvironmentAndPriority() {
        System.setProperty(BackendRegistry.PROPERTY, " beta ");
        BackendRegistry registry = registry("alpha", alpha, beta, gamma);

        assertEquals("beta", nameOf(registry.best()));
        BackendSelection selection = registry.selection();
        assertEquals("beta", selection.chosen());
        assertEquals("system property vecnn.backend=beta", selection.rule());
        assertNull(selection.failure());
    }

    @Test
    void environmentWinsOverPriority() {
        BackendRegistry registry = registry("alpha", alpha, beta, gamma);

        assertEquals("alpha", nameOf(registry.best()));
        assertEquals("environment variable VECNN_BACKEND=alpha", registry.selection().rule());
    }

    @Test
    void aNameIsMatchedInAnyCaseWhenNoProviderHasItExactly() {
        BackendRegistry registry = registry("ALPHA", alpha, beta, gamma);

        assertEquals("alpha", nameOf(registry.best()));
        assertEquals("alpha", registry.selection().chosen());
        assertEquals("beta", nameOf(registry.get("Beta")));
    }

    @Test
    void blankPropertyAndEnvironmentAreIgnored() {
        System.setProperty(BackendRegistry.PROPERTY, "  ");
        BackendRegistry registry = registry("", alpha, gamma);

        assertEquals("gamma", nameOf(registry.best()));
    }

    @Test
    void highestAvailablePriorityWinsAndTheOthersAreExplained() {
        BackendRegistry registry = registry(null, alpha, gpu, beta, gamma);

        assertEquals("gamma", nameOf(registry.best()));
        BackendSelection selection = registry.selection();
        assertEquals("highest available priority", selection.rule());
        assertEquals(List.of("gpu: unavailable: libcuda.so.1 not found: no NVIDIA driver installed",
                "beta: lower priority (200)", "alpha: lower priority (100)"), selection.passedOver());
        assertEquals(0, beta.probes.get(), "backends below the chosen one are not probed");
    }

    @Test
    void tiesOfPriorityAreBrokenByName() {
        TestProvider zulu = new TestProvider("zulu", 100, TestProvider.runs()) { };
        TestProvider echo = new TestProvider("echo", 100, TestProvider.runs()) { };
        BackendRegistry registry = registry(null, zulu, echo);

        assertEquals("echo", nameOf(registry.best()));
        assertEquals(List.of("echo", "zulu"), registry.all().stream().map(BackendInfo::name).toList());
    }

    @Test
    void explicitNameNeverFallsBack() {
        BackendRegistry registry = registry(null, alpha, gpu);

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> registry.get("gpu"));

        assertEquals("backend 'gpu' (argument) is unavailable: libcuda.so.1 not found: no NVIDIA driver "
                + "installed. install the NVIDIA driver", e.getMessage());
        assertEquals(0, alpha.creations.get());
    }

    @Test
    void propertyNamingAnUnavailableBackendNeverFallsBack() {
        System.setProperty(BackendRegistry.PROPERTY, "gpu");
        BackendRegistry registry = registry(null, alpha, gpu);

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, registry::best);

        assertTrue(e.getMessage().startsWith("backend 'gpu' (system property vecnn.backend=gpu) is unavailable"),
                e.getMessage());
        assertEquals(0, alpha.creations.get());
        BackendSelection selection = registry.selection();
        assertNull(selection.chosen());
        assertEquals(e.getMessage(), selection.failure());
    }

    @Test
    void unknownNameListsThePresentBackendsAndTheArtifactToAdd() {
        BackendRegistry registry = registry(null, alpha, beta);

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> registry.get("ejml"));

        assertEquals("backend 'ejml' (argument) is not on the class path; present: beta, alpha. "
                + "Add org.vecnn:vecnn-backend-ejml to the runtime class path.", e.getMessage());
    }

    @Test
    void unknownForeignNameAsksToCheckTheName() {
        BackendRegistry registry = registry("ejlm", alpha);

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, registry::best);

        assertEquals("backend 'ejlm' (environment variable VECNN_BACKEND=ejlm) is not on the class path; "
                + "present: alpha. Check the name, or add the jar that provides it.", e.getMessage());
    }

    @Test
    void noProviderAtAllNamesTheLikelyCauses() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            BackendRegistry registry = BackendRegistry.discover(empty);

            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, registry::best);

            assertTrue(e.getMessage().startsWith("no vecnn backend provider was found through class loader "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Likely causes: (1) no backend jar is a dependency: add "
                    + "org.vecnn:vecnn-backend-loop at runtime scope; (2) a fat jar dropped "
                    + "META-INF/services/org.vecnn.spi.BackendProvider"), e.getMessage());
            assertTrue(e.getMessage().contains("use Backends.using(thatLoader)"), e.getMessage());
            BackendUnavailableException named = assertThrows(BackendUnavailableException.class,
                    () -> registry.get("loop"));
            assertTrue(named.getMessage().startsWith("backend 'loop' (argument) was asked for, but no vecnn "
                    + "backend provider was found"), named.getMessage());
            assertTrue(registry.all().isEmpty());
        }
    }

    @Test
    void noBackendThatCanRunNamesEachReasonAndTheFallbackArtifact() {
        BackendRegistry registry = registry(null, gpu);

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, registry::best);

        assertEquals("no vecnn backend can run here: gpu: unavailable: libcuda.so.1 not found: no NVIDIA driver "
                + "installed. Add org.vecnn:vecnn-backend-loop, which runs on any JVM.", e.getMessage());
    }

    @Test
    void probeThatThrowsIsContainedAsAnUnavailableBackend() {
        TestProvider throwing = new TestProvider("native", 500, () -> {
            throw new UnsatisfiedLinkError("no jnind4j in java.library.path");
        }) { };
        BackendRegistry registry = registry(null, alpha, throwing);

        assertEquals("alpha", nameOf(registry.best()));
        BackendInfo info = registry.all().get(0);
        assertEquals("native", info.name());
        assertFalse(info.probe().available());
        assertTrue(info.probe().reason().contains("failed: UnsatisfiedLinkError: no jnind4j in java.library.path"),
                info.probe().reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> registry.get("native"));
        assertTrue(e.getMessage().contains("no jnind4j in java.library.path"), e.getMessage());
        assertEquals(1, throwing.probes.get(), "each provider is probed at most once");
    }

    @Test
    void createThatThrowsIsReportedAsAFailedStart() {
        BackendProvider failing = new TestProvider("flaky", 100, TestProvider.runs()) {
            @Override
            public Backend create() {
                throw new IllegalStateException("device busy");
            }
        };
        BackendRegistry registry = registry(null, failing);

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> registry.get("flaky"));

        assertEquals("backend 'flaky' failed to start: java.lang.IllegalStateException: device busy", e.getMessage());
        assertEquals("device busy", e.getCause().getMessage());
    }

    @Test
    void twoProvidersWithOneNameFailSelectionNamingBoth() {
        TestProvider first = new TestProvider("dup", 100, TestProvider.runs()) { };
        TestProvider second = new TestProvider("dup", 100, TestProvider.runs()) { };
        BackendRegistry registry = registry(null, first, second);

        BackendUnavailableException byName = assertThrows(BackendUnavailableException.class,
                () -> registry.get("dup"));
        BackendUnavailableException byPriority = assertThrows(BackendUnavailableException.class, registry::best);

        for (String message : List.of(byName.getMessage(), byPriority.getMessage())) {
            assertTrue(message.startsWith("two or more providers are named 'dup': "), message);
            assertTrue(message.contains(first.getClass().getName() + " from registered by "
                    + first.getClass().getName()), message);
            assertTrue(message.contains(second.getClass().getName()), message);
            assertTrue(message.endsWith("Remove all but one of these jars from the class path."), message);
        }
        assertEquals(2, registry.all().size());
        assertEquals(0, first.creations.get() + second.creations.get());
    }

    @Test
    void brokenServicesEntryIsReportedAndNotFatal(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/" + BackendProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# a plugin jar built without its provider class\ncom.example.MissingProvider\n",
                StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            BackendRegistry registry = BackendRegistry.discover(loader);

            assertTrue(registry.all().isEmpty());
            assertEquals(1, registry.problems().size());
            assertTrue(registry.problems().get(0).contains("com.example.MissingProvider"),
                    registry.problems().get(0));
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, registry::best);
            assertTrue(e.getMessage().contains("Providers that failed to load: "), e.getMessage());
            assertTrue(e.getMessage().contains("com.example.MissingProvider"), e.getMessage());

            registry.register(alpha);
            assertEquals("alpha", nameOf(registry.best()));
        }
    }

    @Test
    void selectionDoesNotCreateTheBackend() {
        BackendRegistry registry = registry(null, alpha, beta);

        BackendSelection selection = registry.selection();

        assertEquals("beta", selection.chosen());
        assertEquals(0, beta.creations.get());
    }

    @Test
    void blankNameIsRejected() {
        BackendRegistry registry = registry(null, alpha);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get(" "));

        assertEquals("get: backend name is null or blank", e.getMessage());
    }

    @Test
    void anIdenticalCopyOfAProviderJarIsOneProvider(@TempDir Path dir) throws Exception {
        Path first = providerJar(dir.resolve("backend.jar"), JarredProvider.class);
        Path copy = Files.copy(first, dir.resolve("lib-backend.jar")); // e.g. again through a manifest Class-Path
        try (URLClassLoader loader = isolated(first, copy)) {
            Class<?> registryClass = loader.loadClass(BackendRegistry.class.getName());
            Object registry = registryClass.getMethod("discover", ClassLoader.class).invoke(null, loader);

            Object selection = registryClass.getMethod("selection").invoke(registry);

            assertEquals(1, ((List<?>) registryClass.getMethod("all").invoke(registry)).size());
            assertEquals("jarred", selection.getClass().getMethod("chosen").invoke(selection));
        }
    }

    @Test
    void aDiscoveredProviderWhoseNameThrowsIsReportedAndTheOthersStillWork(@TempDir Path dir) throws Exception {
        Path jar = providerJar(dir.resolve("plugins.jar"), NamelessProvider.class, JarredProvider.class);
        try (URLClassLoader loader = isolated(jar)) {
            Class<?> registryClass = loader.loadClass(BackendRegistry.class.getName());
            Object registry = registryClass.getMethod("discover", ClassLoader.class).invoke(null, loader);

            List<?> all = (List<?>) registryClass.getMethod("all").invoke(registry);
            List<?> problems = (List<?>) registryClass.getMethod("problems").invoke(registry);
            Object selection = registryClass.getMethod("selection").invoke(registry);

            assertEquals(1, all.size());
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).toString().contains(NamelessProvider.class.getName()
                    + " broke the provider contract: java.lang.IllegalStateException: no name configured"),
                    problems.get(0).toString());
            assertEquals("jarred", selection.getClass().getMethod("chosen").invoke(selection));
        }
    }

    @Test
    void registeringAProviderWhoseNameThrowsIsRefused() {
        BackendRegistry registry = registry(null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.register(new NamelessProvider()));

        assertEquals("register: " + NamelessProvider.class.getName() + " broke the provider contract: "
                + "java.lang.IllegalStateException: no name configured", e.getMessage());
    }

    @Test
    void theStaticRegisterAddsToTheDefaultRegistry() {
        TestProvider own = new TestProvider("static-registered", -5, TestProvider.runs()) { };

        Backends.register(own);

        assertTrue(Backends.all().stream().anyMatch(i -> i.name().equals("static-registered")));
        try (Backend b = Backends.get("static-registered")) {
            assertEquals("static-registered", b.name());
        }
        assertEquals(1, own.creations.get());
    }

    /** A jar holding the class files of the given providers and a services file that lists them. */
    private static Path providerJar(Path jar, Class<?>... providers) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            List<String> names = new ArrayList<>();
            for (Class<?> provider : providers) {
                String resource = provider.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(resource));
                try (InputStream in = provider.getResourceAsStream(provider.getSimpleName() + ".class")) {
                    in.transferTo(out);
                }
                out.closeEntry();
                names.add(provider.getName());
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + BackendProvider.class.getName()));
            out.write((String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /**
     * A class loader that sees only the api's classes and the given jars, not this test's class path: a plugin
     * host's loader. Its classes are not this test's, hence the reflection.
     */
    private static URLClassLoader isolated(Path... jars) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(BackendRegistry.class.getProtectionDomain().getCodeSource().getLocation());
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), null);
    }
}
