package org.vecnn.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vecnn.Backend;
import org.vecnn.BackendRegistry;
import org.vecnn.BackendUnavailableException;
import org.vecnn.Backends;

class VecnnModuleTest {
    private static final Key<Map<String, Backend>> BACKEND_MAP = Key.get(new TypeLiteral<>() { });
    private static final Key<Map<String, Provider<Backend>>> PROVIDER_MAP = Key.get(new TypeLiteral<>() { });

    private String savedProperty;
    private FakeProvider low;
    private FakeProvider high;
    private FakeProvider broken;
    private BackendRegistry registry;

    @BeforeEach
    void setUp() {
        savedProperty = System.clearProperty(BackendRegistry.PROPERTY);
        low = new FakeProvider("low", 100, FakeProvider.runs()) { };
        high = new FakeProvider("high", 200, FakeProvider.runs()) { };
        broken = new FakeProvider("broken", 300, FakeProvider.missing("libbroken.so not found")) { };
        registry = BackendRegistry.of(low, high, broken);
    }

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(BackendRegistry.PROPERTY);
        } else {
            System.setProperty(BackendRegistry.PROPERTY, savedProperty);
        }
    }

    private static void assumeNoEnvironmentChoice() {
        assumeTrue(System.getenv(BackendRegistry.ENVIRONMENT) == null,
                "VECNN_BACKEND is set in this environment and would override the priority rule under test");
    }

    @Test
    void bindsTheAvailableBackendOfHighestPriorityWhenNothingIsNamed() {
        assumeNoEnvironmentChoice();
        Injector injector = Guice.createInjector(new VecnnModule(registry));

        Backend backend = injector.getInstance(Backend.class);

        assertEquals("high", backend.name());
        assertSame(high.created.get(0), backend);
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void bindsTheBackendNamedBySystemProperty() {
        System.setProperty(BackendRegistry.PROPERTY, "low");
        Injector injector = Guice.createInjector(new VecnnModule(registry));

        assertEquals("low", injector.getInstance(Backend.class).name());
        assertTrue(high.created.isEmpty(), "the higher-priority backend must not be created");
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void moduleArgumentWinsOverSystemProperty() {
        System.setProperty(BackendRegistry.PROPERTY, "high");
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low"));

        assertEquals("low", injector.getInstance(Backend.class).name());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void backendIsASingletonCreatedWhileTheInjectorIsCreated() {
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low").withoutBackendMap());

        assertEquals(1, low.created.size(), "created eagerly, before anything asked for it");
        assertSame(injector.getInstance(Backend.class), injector.getInstance(Backend.class));
        assertEquals(1, low.created.size());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void unknownBackendNameFailsInjectorCreationWithTheMessageOfBackendsGet() {
        String expected = assertThrows(BackendUnavailableException.class, () -> registry.get("nd4j")).getMessage();

        CreationException e = assertThrows(CreationException.class,
                () -> Guice.createInjector(new VecnnModule(registry, "nd4j")));

        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(expected, e.getCause().getMessage());
        assertTrue(expected.contains("org.vecnn:vecnn-backend-nd4j"), expected);
    }

    @Test
    void unavailableBackendFailsInjectorCreationWithItsProbeReason() {
        String expected = assertThrows(BackendUnavailableException.class, () -> registry.get("broken")).getMessage();

        CreationException e = assertThrows(CreationException.class,
                () -> Guice.createInjector(new VecnnModule(registry, "broken")));

        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("libbroken.so not found"), e.getMessage());
        assertTrue(low.created.isEmpty() && high.created.isEmpty(), "named backends never fall back");
    }

    @Test
    void systemPropertyNamingAnUnavailableBackendFailsInjectorCreation() {
        System.setProperty(BackendRegistry.PROPERTY, "broken");
        String expected = assertThrows(BackendUnavailableException.class, registry::best).getMessage();

        CreationException e = assertThrows(CreationException.class,
                () -> Guice.createInjector(new VecnnModule(registry)));

        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(expected.contains("system property vecnn.backend=broken"), expected);
    }

    @Test
    void defaultRegistryFailureCarriesTheMessageOfBackendsGet() {
        String expected = assertThrows(BackendUnavailableException.class,
                () -> Backends.get("no-such-backend")).getMessage();

        CreationException e = assertThrows(CreationException.class,
                () -> Guice.createInjector(VecnnModule.named("no-such-backend")));

        // Guice 7 shortens package-qualified names in getMessage() (org.vecnn.spi.BackendProvider becomes
        // BackendProvider, listed in a legend at the end); the cause and the error entry keep the full text.
        assertEquals(BackendUnavailableException.class, e.getCause().getClass());
        assertEquals(expected, e.getCause().getMessage());
        assertEquals(1, e.getErrorMessages().size());
        assertTrue(e.getErrorMessages().iterator().next().getMessage().contains(expected));
        assertTrue(e.getMessage().contains("backend 'no-such-backend' (argument) was asked for, but no vecnn "
                + "backend provider was found"), e.getMessage());
    }

    @Test
    void mapHoldsEveryAvailableBackendAndSharesTheChosenOne() {
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low"));

        Map<String, Backend> map = injector.getInstance(BACKEND_MAP);

        assertEquals(Set.of("low", "high"), map.keySet(), "the unavailable backend is left out");
        assertSame(injector.getInstance(Backend.class), map.get("low"));
        assertEquals("high", map.get("high").name());
        assertSame(map.get("high"), injector.getInstance(BACKEND_MAP).get("high"));
        assertEquals(1, high.created.size());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void mapOfProvidersCreatesOnlyTheBackendsThatAreAskedFor() {
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low"));

        Map<String, Provider<Backend>> providers = injector.getInstance(PROVIDER_MAP);

        assertTrue(high.created.isEmpty(), "nothing but the chosen backend exists yet");
        Backend created = providers.get("high").get();
        assertEquals(List.of(created), high.created);
        assertSame(created, providers.get("high").get());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void withoutBackendMapBindsNoMapAndProbesNoOtherProvider() {
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low").withoutBackendMap());

        assertThrows(ConfigurationException.class, () -> injector.getInstance(BACKEND_MAP));
        assertEquals(0, high.probes.get());
        assertEquals(0, broken.probes.get());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void lifecycleClosesEveryBackendTheInjectorCreatedAndOnlyOnce() {
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low"));
        Backend chosen = injector.getInstance(Backend.class);
        Backend other = injector.getInstance(BACKEND_MAP).get("high");
        BackendLifecycle lifecycle = injector.getInstance(BackendLifecycle.class);
        assertEquals(List.of("low", "high"), lifecycle.created());

        lifecycle.close();
        lifecycle.close();

        assertTrue(chosen.isClosed());
        assertTrue(other.isClosed());
        assertTrue(lifecycle.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lifecycle.backend("high"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void eachInjectorOwnsItsOwnBackend() {
        VecnnModule module = new VecnnModule(registry, "low");
        Injector first = Guice.createInjector(module);
        Injector second = Guice.createInjector(module);

        assertNotSame(first.getInstance(Backend.class), second.getInstance(Backend.class));
        first.getInstance(BackendLifecycle.class).close();
        assertFalse(second.getInstance(Backend.class).isClosed());
        second.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void equalModulesInstalledTwiceBindOnce() {
        Injector injector = Guice.createInjector(new VecnnModule(registry, "low"), new VecnnModule(registry, "low"));

        assertEquals("low", injector.getInstance(Backend.class).name());
        assertEquals(1, low.created.size());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void networkFactoryBuildsOnTheInjectedBackend() {
        Injector injector = Guice.createInjector(new VecnnModule(registry, "high"));

        NetworkFactory factory = injector.getInstance(NetworkFactory.class);

        assertSame(injector.getInstance(Backend.class), factory.backend());
        injector.getInstance(BackendLifecycle.class).close();
    }

    @Test
    void blankNameIsRejectedWhenTheModuleIsBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VecnnModule.named(" "));
        assertEquals("VecnnModule: backend name is null or blank", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VecnnModule((BackendRegistry) null));
    }
}
