package org.vecnn.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Backend;
import org.vecnn.BackendRegistry;
import org.vecnn.BackendUnavailableException;
import org.vecnn.Backends;
import org.vecnn.spi.BackendProvider;

/**
 * What a host sees of backend selection: the choice logged once through System.Logger (here routed to
 * java.util.logging, the JDK's default), nothing on stdout, and duplicate names reported.
 */
class SelectionDiagnosticsTest {
    // Held strongly so that the api's System.Logger resolves to this very java.util.logging logger.
    private static final Logger LOG = Logger.getLogger("org.vecnn.Backends");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private Level savedLevel;
    private String savedProperty;

    private final FakeProvider low = new FakeProvider("low", 100, FakeProvider.runs()) { };
    private final FakeProvider high = new FakeProvider("high", 200, FakeProvider.runs()) { };
    private final FakeProvider broken = new FakeProvider("broken", 300,
            FakeProvider.missing("libbroken.so not found")) { };

    @BeforeEach
    void capture() {
        savedProperty = System.clearProperty(BackendRegistry.PROPERTY);
        savedLevel = LOG.getLevel();
        LOG.setLevel(Level.ALL);
        LOG.setUseParentHandlers(false);
        LOG.addHandler(capture);
        savedOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        LOG.removeHandler(capture);
        LOG.setUseParentHandlers(true);
        LOG.setLevel(savedLevel);
        if (savedProperty != null) {
            System.setProperty(BackendRegistry.PROPERTY, savedProperty);
        }
    }

    private List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
    }

    @Test
    void choiceIsLoggedOnceAtInfoWithWhyTheOthersWerePassedOver() {
        BackendRegistry registry = BackendRegistry.of(low, high, broken);

        for (int i = 0; i < 3; i++) {
            registry.get("low").close();
        }

        assertEquals(List.of("vecnn: using backend 'low' (argument); passed over: broken: not named; "
                + "high: not named"), messages(Level.FINE));
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anotherRuleLeadingToAnotherChoiceIsLoggedAgainOnce() {
        BackendRegistry registry = BackendRegistry.of(low, high, broken);
        registry.get("low").close();
        System.setProperty(BackendRegistry.PROPERTY, "high");

        registry.best().close();
        registry.best().close();

        List<String> info = messages(Level.FINE);
        assertEquals(2, info.size(), info.toString());
        assertTrue(info.get(1).startsWith("vecnn: using backend 'high' (system property vecnn.backend=high)"),
                info.get(1));
    }

    @Test
    void injectorsSharingARegistryLogTheChoiceOnce() {
        BackendRegistry registry = BackendRegistry.of(low, high);
        VecnnModule module = new VecnnModule(registry, "high");

        Injector first = Guice.createInjector(module);
        Injector second = Guice.createInjector(module);

        assertEquals(1, messages(Level.FINE).size(), messages(Level.FINE).toString());
        first.getInstance(BackendLifecycle.class).close();
        second.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void nothingIsPrintedToStdoutOnSuccessOrFailure() {
        BackendRegistry registry = BackendRegistry.of(low, broken);
        registry.get("low").close();
        registry.all();
        registry.selection();
        assertThrows(BackendUnavailableException.class, () -> registry.get("broken"));
        assertThrows(BackendUnavailableException.class, () -> registry.get("absent"));
        assertThrows(BackendUnavailableException.class, () -> Backends.get("absent"));
        Backends.selection();
        Guice.createInjector(new VecnnModule(registry, "low")).getInstance(BackendLifecycle.class).close();

        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
        assertTrue(messages(Level.FINE).size() >= 1);
    }

    @Test
    void twoProvidersWithOneNameAreReportedOnceNamingBothSources() {
        FakeProvider first = new FakeProvider("dup", 100, FakeProvider.runs()) { };
        FakeProvider second = new FakeProvider("dup", 100, FakeProvider.runs()) { };
        BackendRegistry registry = BackendRegistry.of(first, second, low);

        registry.all();
        registry.all();
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low"));

        List<String> warnings = messages(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        String warning = warnings.get(0);
        assertTrue(warning.startsWith("vecnn: two or more providers are named 'dup': "), warning);
        assertTrue(warning.contains(first.getClass().getName() + " from registered by "
                + first.getClass().getName()), warning);
        assertTrue(warning.contains(second.getClass().getName() + " from registered by "
                + second.getClass().getName()), warning);
        // Not shadowed: asking for the name fails with the same report instead of picking one.
        Map<String, Provider<Backend>> providers = injector.getInstance(
                Key.get(new TypeLiteral<Map<String, Provider<Backend>>>() { }));
        ProvisionException e = assertThrows(ProvisionException.class, () -> providers.get("dup").get());
        assertTrue(e.getCause().getMessage().startsWith("two or more providers are named 'dup'"),
                e.getCause().getMessage());
        assertTrue(first.created.isEmpty() && second.created.isEmpty());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void providerThatFailsToLoadIsLoggedAsAWarning(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/" + BackendProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "com.example.MissingProvider\n", StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            BackendRegistry registry = Backends.using(loader);

            registry.all();

            List<String> warnings = messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("vecnn: a backend provider failed to load: "), warnings.get(0));
            assertTrue(warnings.get(0).contains("com.example.MissingProvider"), warnings.get(0));
        }
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }
}
