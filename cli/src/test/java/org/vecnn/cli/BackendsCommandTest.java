package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vecnn.BackendRegistry;

class BackendsCommandTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(BackendRegistry.PROPERTY);
    }

    @Test
    void reportListsLoopAndLoopNaiveWithPriorityProbeAndSource() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(), "backends");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("vecnn backends: 2 providers found, 2 available here\n"), r.out());
        List<String> loop = r.block("loop");
        assertTrue(loop.get(0).matches("loop\\s+priority (200|350)\\s+available"), loop.get(0)); // 350 with 512-bit SIMD
        assertTrue(loop.get(1).startsWith("  reason:   ") && loop.get(1).length() > 14, loop.get(1));
        assertTrue(loop.get(2).startsWith("  source:   ") && loop.get(2).contains("backend-loop"), loop.get(2));
        assertTrue(loop.get(3).startsWith("  provider: org.vecnn.backend.loop."), loop.get(3));
        List<String> naive = r.block("loop-naive");
        assertTrue(naive.get(0).matches("loop-naive\\s+priority 0\\s+available"), naive.get(0));
        assertTrue(naive.get(2).contains("backend-loop"), naive.get(2));
    }

    @Test
    void reportGivesTheReasonAndHintOfAnUnavailableBackend() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(new FakeProviders.Offline()), "backends");

        assertEquals(List.of("offline     priority 900  UNAVAILABLE",
                "  reason:   no accelerator in this machine",
                "  hint:     run it where there is one",
                "  source:   registered by " + FakeProviders.Offline.class.getName(),
                "  provider: " + FakeProviders.Offline.class.getName()), r.block("offline"));
        assertTrue(r.out().startsWith("vecnn backends: 3 providers found, 2 available here\n"), r.out());
    }

    @Test
    void reportShowsTheSelectionBySystemProperty() {
        System.setProperty(BackendRegistry.PROPERTY, "loop-naive");
        Cli.Result r = Cli.run(Cli.loops(), "backends");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  system property vecnn.backend           loop-naive\n"), r.out());
        assertTrue(r.out().contains("  environment variable VECNN_BACKEND      "), r.out());
        assertTrue(r.out().contains("  default: loop-naive (system property vecnn.backend=loop-naive)\n"), r.out());
        assertTrue(r.out().contains("    passed over: loop: not named\n"), r.out());
    }

    @Test
    void reportSaysNotSetForAnAbsentSystemProperty() {
        Cli.Result r = Cli.run(Cli.loops(), "backends");

        assertTrue(r.out().contains("  system property vecnn.backend           not set\n"), r.out());
        String env = System.getenv(BackendRegistry.ENVIRONMENT);
        assertTrue(r.out().contains("  environment variable VECNN_BACKEND      "
                + (env == null || env.isBlank() ? "not set" : env) + "\n"), r.out());
    }

    @Test
    void reportExitsWithThreeWhenTheNamedDefaultIsAbsent() {
        System.setProperty(BackendRegistry.PROPERTY, "cuda");
        Cli.Result r = Cli.run(Cli.loops(), "backends");

        assertEquals(Main.UNAVAILABLE, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  default: none (system property vecnn.backend=cuda): backend 'cuda' (system "
                + "property vecnn.backend=cuda) is not on the class path; present: loop, loop-naive. Add "
                + "org.vecnn:vecnn-backend-cuda to the runtime class path.\n"), r.out());
    }

    @Test
    void reportOfTheRealClassPathListsEveryBackendModuleAndNoProblem() {
        // Probes every backend, nd4j and cuda included: it asserts that they are listed, not that they load.
        Cli.Result r = Cli.runDiscovered("backends");

        for (String name : List.of("cuda", "nd4j", "loop", "ejml", "loop-naive")) {
            List<String> block = r.block(name);
            assertTrue(block.get(0).matches(name + "\\s+priority -?\\d+\\s+(available|UNAVAILABLE)"), block.get(0));
            assertTrue(block.stream().anyMatch(l -> l.startsWith("  source:   ") && l.contains("backend-")),
                    String.join("\n", block));
        }
        assertTrue(r.out().contains("\nDiscovery problems: none\n"), r.out());
    }
}
