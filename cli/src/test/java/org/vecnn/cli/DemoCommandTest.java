package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vecnn.BackendRegistry;
import org.vecnn.Precision;

class DemoCommandTest {
    private static final Pattern OK_ROW = Pattern.compile(
            "  FLOAT(32|64)\\s+Z = \\[\\[165, -531, 900]]\\s+A = \\[\\[1, 0, 1]]\\s+raw A = \\[\\[1\\.0, \\S+, 1\\.0]]  ok");

    @AfterEach
    void clearProperty() {
        System.clearProperty(BackendRegistry.PROPERTY);
    }

    @Test
    void demoGivesOneZeroOneOnLoopAndLoopNaiveInBothPrecisions() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(), "demo");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        for (String backend : List.of("loop", "loop-naive")) {
            List<String> block = r.block(backend);
            assertEquals(3, block.size(), "a heading and one row per precision:\n" + block);
            assertTrue(block.get(1).startsWith("  FLOAT32 ") && OK_ROW.matcher(block.get(1)).matches(), block.get(1));
            assertTrue(block.get(2).startsWith("  FLOAT64 ") && OK_ROW.matcher(block.get(2)).matches(), block.get(2));
        }
        assertTrue(r.out().contains("All 2 backends give [1, 0, 1] in FLOAT32 and FLOAT64."), r.out());
    }

    @Test
    void demoShowsRawValuesInEachPrecision() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(), "demo", "--backend", "loop");

        // sigmoid(-531) = 1/(1 + e^531) underflows to 0 in float but not in double.
        assertTrue(r.block("loop").get(1).endsWith("raw A = [[1.0, 0.0, 1.0]]  ok"), r.out());
        String float64 = r.block("loop").get(2);
        String tiny = float64.substring(float64.indexOf("raw A = [[1.0, ") + 15, float64.indexOf(", 1.0]]"));
        assertEquals(1 / (1 + Math.exp(531)), Double.parseDouble(tiny), 1e-12 * Math.exp(-531));
    }

    @Test
    void demoNamesTheDefaultBackendAndTheRuleThatChoseIt() {
        System.setProperty(BackendRegistry.PROPERTY, "loop-naive");
        Cli.Result r = Cli.run(Cli.loops(), "demo");

        assertTrue(r.out().contains("Default backend: loop-naive (system property vecnn.backend=loop-naive)\n"), r.out());
        assertTrue(r.block("loop-naive").get(0).endsWith("[default]"), r.out());
        assertFalse(r.block("loop").get(0).endsWith("[default]"), r.out());
    }

    @Test
    void demoWithoutAChoiceDefaultsToTheHighestAvailablePriorityAndListsWhatItPassedOver() {
        assumeTrue(System.getenv(BackendRegistry.ENVIRONMENT) == null,
                "VECNN_BACKEND is set in this environment, and it would decide the default");
        Cli.Result r = Cli.run(Cli.loops(new FakeProviders.Offline()), "demo");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Default backend: loop (highest available priority)\n"), r.out());
        assertTrue(r.out().contains("  passed over: offline: unavailable: no accelerator in this machine\n"), r.out());
        assertTrue(r.out().contains("  passed over: loop-naive: lower priority (0)\n"), r.out());
        assertTrue(r.block("loop").get(0).matches("loop  \\(priority (200|350); .*"), r.out()); // 350 with 512-bit SIMD
    }

    @Test
    void demoListsUnavailableBackendsWithReasonAndHint() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(new FakeProviders.Offline()), "demo");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Not available here:\n"
                + "  offline  (priority 900): no accelerator in this machine\n"
                + "    hint: run it where there is one\n"), r.out());
    }

    @Test
    void demoExplainsTheForLoopAndTheMatrixProduct() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(), "demo", "--backend", "loop");

        assertTrue(r.out().contains("  X = [[200, 17]] "), r.out());
        assertTrue(r.out().contains("  W = [[1, -3, 5], [-2, 4, -6]] "), r.out());
        assertTrue(r.out().contains("  B = [[-1, 1, 2]] "), r.out());
        assertTrue(r.out().contains("  j=0: z = 200*1 + 17*(-2) + (-1) = 165 "), r.out());
        assertTrue(r.out().contains("  j=1: z = 200*(-3) + 17*4 + 1 = -531 "), r.out());
        assertTrue(r.out().contains("  j=2: z = 200*5 + 17*(-6) + 2 = 900 "), r.out());
        assertTrue(r.out().contains("  Z = matmul(X, W) + B,  A = sigmoid(Z)\n"), r.out());
    }

    @Test
    void demoOnOneBackendRunsOnlyThatOne() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(), "demo", "--backend", "loop-naive");

        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertEquals(3, r.block("loop-naive").size(), r.out());
        assertTrue(r.outLines().stream().noneMatch(l -> l.startsWith("loop ") || l.equals("loop")), r.out());
        assertTrue(r.out().contains("All 1 backend gives [1, 0, 1] in FLOAT32 and FLOAT64."), r.out());
    }

    @Test
    void demoExitsWithOneWhenABackendComputesAWrongResult() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(new FakeProviders.ActivationIgnoring()), "demo");

        assertEquals(Main.FAILED, r.code(), r.out() + r.err());
        List<String> block = r.block("no-activation");
        assertTrue(block.get(1).matches("  FLOAT32\\s+Z = \\[\\[165, -531, 900]]\\s+A = \\[\\[165, -531, 900]].*  WRONG"),
                block.get(1));
        assertTrue(r.out().contains("WRONG: no-activation FLOAT32, no-activation FLOAT64 did not give"), r.out());
        assertEquals(3, r.block("loop").size(), "the other backends still run: " + r.out());
    }

    @Test
    void demoRejectsABackendThatIsNotOnTheClassPathInOneLine() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(), "demo", "--backend", "nope");

        assertEquals(Main.UNAVAILABLE, r.code(), r.out() + r.err());
        assertEquals(List.of("vecnn demo: backend 'nope' (argument) is not on the class path; present: loop, "
                + "loop-naive. Check the name, or add the jar that provides it."), r.errLines());
    }

    @Test
    void demoRejectsANamedBackendThatCannotRunWithItsReason() {
        System.setProperty(BackendRegistry.PROPERTY, "loop");
        Cli.Result r = Cli.run(Cli.loops(new FakeProviders.Offline()), "demo", "--backend", "offline");

        assertEquals(Main.UNAVAILABLE, r.code(), r.out() + r.err());
        assertEquals(List.of("vecnn demo: backend 'offline' (argument) is unavailable: no accelerator in this "
                + "machine. run it where there is one"), r.errLines());
    }

    @Test
    void demoFailsWhenTheSystemPropertyNamesAnAbsentBackend() {
        System.setProperty(BackendRegistry.PROPERTY, "nope");
        Cli.Result r = Cli.run(Cli.loops(), "demo");

        assertEquals(Main.UNAVAILABLE, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Default backend: none: backend 'nope' (system property vecnn.backend=nope) "
                + "is not on the class path; present: loop, loop-naive."), r.out());
        assertEquals(3, r.block("loop").size(), "the available backends still run: " + r.out());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void matchesAcceptsTheReferenceInBothPrecisions() {
        double[] zRef = {165, -531, 900};
        double[] aRef = {sigmoid(165), sigmoid(-531), sigmoid(900)};
        assertTrue(DemoCommand.matches(zRef, aRef, zRef, aRef, Precision.FLOAT64));
        double[] aFloat = {(float) aRef[0], (float) aRef[1], (float) aRef[2]};
        assertTrue(DemoCommand.matches(zRef, aFloat, zRef, aRef, Precision.FLOAT32));
    }

    @Test
    void matchesRejectsADroppedBiasEvenThoughTheRoundedActivationsAgree() {
        double[] zRef = {165, -531, 900};
        double[] aRef = {sigmoid(165), sigmoid(-531), sigmoid(900)};
        double[] zNoBias = {166, -532, 898};
        double[] aNoBias = {sigmoid(166), sigmoid(-532), sigmoid(898)};
        assertFalse(DemoCommand.matches(zNoBias, aNoBias, zRef, aRef, Precision.FLOAT32));
    }

    @Test
    void matchesRejectsNaNAndWrongActivations() {
        double[] zRef = {165, -531, 900};
        double[] aRef = {sigmoid(165), sigmoid(-531), sigmoid(900)};
        assertFalse(DemoCommand.matches(zRef, new double[] {1, Double.NaN, 1}, zRef, aRef, Precision.FLOAT64));
        assertFalse(DemoCommand.matches(zRef, new double[] {1, 0.4, 1}, zRef, aRef, Precision.FLOAT64));
        assertFalse(DemoCommand.matches(zRef, new double[] {1, 1}, zRef, aRef, Precision.FLOAT64));
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
