package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kit is itself tested: run through the JUnit Platform Launcher against {@link FaultyBackend}, it must
 * pass the correct backend and fail each fault, in the checks that point at it, and only there.
 */
@Tag("slow")
class BackendConformanceKitTest {

    private static KitRun run(FaultyBackend.Fault fault) {
        return KitRun.of(FaultyBackendKit.class, Map.of(FaultyBackendKit.FAULT, fault.name()));
    }

    private static String test(String check) {
        return FaultyBackendKit.NAME + " › " + check;
    }

    /** Each check failed, with a message that starts by naming it (so it points at the fault). */
    private static void assertFail(KitRun run, String... checks) {
        for (String check : checks) {
            String message = run.failure(test(check));
            assertTrue(run.failed().contains(test(check)), "'" + check + "' must fail; failures:\n" + run.report());
            assertTrue(message != null && message.startsWith(check), "the message must name '" + check + "': "
                    + message);
        }
    }

    private static void assertPass(KitRun run, String... checks) {
        for (String check : checks) {
            assertTrue(run.passed().contains(test(check)), "'" + check + "' must pass; failures:\n" + run.report());
        }
    }

    @Test
    void passesACorrectBackend() {
        KitRun run = run(FaultyBackend.Fault.NONE);
        assertEquals(List.of(), run.failed(), run.report());
        assertEquals(List.of(), run.aborted(), run.report());
        assertTrue(run.passed().size() > 250, "the kit ran only " + run.passed().size() + " checks");
        assertPass(run, "seed example sigmoid → [1, 0, 1] FLOAT32", "seed example sigmoid → [1, 0, 1] FLOAT64",
                "matmul 513×515·515×517 FLOAT32", "matmul 513×515·515×517 FLOAT64",
                "network 33→65 relu → 17 tanh → 5 softmax, batch 19 FLOAT32",
                "same layer 255 → 65 sigmoid from 8 threads at once gives the single-thread results bitwise, "
                        + "batch 257 FLOAT64");
    }

    @Test
    void failsWhenWeightsAreReadTransposed() {
        KitRun run = run(FaultyBackend.Fault.W_TRANSPOSED);
        assertFail(run, "matmul 17×33·33×65 FLOAT32", "matmul 17×33·33×65 FLOAT64",
                "dense forward 17×33 → 65 sigmoid FLOAT32", "network 33→65 relu → 17 tanh → 5 softmax, batch 19 FLOAT64");
        assertPass(run, "matmul 1×1·1×1 FLOAT32", "apply sigmoid 33×65 FLOAT32", "addRowVector 17×33 + 1×33 FLOAT64",
                "transpose 33×65 FLOAT32");
    }

    @Test
    void failsWhenTheDenseLayerDropsTheBias() {
        KitRun run = run(FaultyBackend.Fault.BIAS_DROPPED);
        assertFail(run, "seed example X·W + B = [165, -531, 900] FLOAT32", "dense forward 17×33 → 65 sigmoid FLOAT32",
                "dense forward 257×129 → 129 tanh FLOAT64");
        assertTrue(run.failure(test("seed example X·W + B = [165, -531, 900] FLOAT32")).contains("linear dense layer"),
                run.report());
        assertPass(run, "addRowVector 17×33 + 1×33 FLOAT32", "matmul 17×33·33×65 FLOAT32");
    }

    @Test
    void failsWhenSigmoidIsOffByALittle() {
        KitRun run = run(FaultyBackend.Fault.SIGMOID_OFF);
        assertFail(run, "apply sigmoid 33×65 FLOAT32", "apply sigmoid 33×65 FLOAT64",
                "dense forward 17×33 → 65 sigmoid FLOAT64");
        assertPass(run, "apply tanh 33×65 FLOAT32", "apply softmax 33×65 FLOAT32", "matmul 17×33·33×65 FLOAT32",
                "dense forward 33×65 → 17 tanh FLOAT32");
    }

    @Test
    void failsWhenTheActivationIsAppliedTwice() {
        KitRun run = run(FaultyBackend.Fault.ACTIVATION_TWICE);
        assertFail(run, "dense forward 17×33 → 65 sigmoid FLOAT32", "dense forward 33×65 → 17 tanh FLOAT64",
                "dense forward 65×127 → 33 softmax FLOAT32");
        // relu and linear are idempotent: applying them twice is no fault
        assertPass(run, "apply sigmoid 33×65 FLOAT32", "dense forward 1×17 → 33 relu FLOAT32",
                "dense forward 17×33 → 65 linear FLOAT64");
    }

    @Test
    void failsWhenSoftmaxIsNotStabilised() {
        KitRun run = run(FaultyBackend.Fault.SOFTMAX_UNSTABLE);
        assertFail(run, "softmax finite and correct for |z| ≥ 1000 FLOAT32",
                "softmax finite and correct for |z| ≥ 1000 FLOAT64", "seed example with softmax stays finite FLOAT32");
        assertTrue(run.failure(test("softmax finite and correct for |z| ≥ 1000 FLOAT64")).contains("must be finite"),
                run.report());
        assertPass(run, "apply softmax 33×65 FLOAT64", "apply sigmoid 33×65 FLOAT64");
    }

    @Test
    void failsWhenReluTurnsNanIntoZero() {
        KitRun run = run(FaultyBackend.Fault.RELU_DROPS_NAN);
        assertFail(run, "NaN propagates through relu 3×5 FLOAT32", "NaN propagates through relu 3×5 FLOAT64");
        assertTrue(run.failure(test("NaN propagates through relu 3×5 FLOAT32")).contains("must be NaN"),
                run.report());
        assertPass(run, "NaN propagates through sigmoid 3×5 FLOAT32", "apply relu 33×65 FLOAT32");
    }
}
