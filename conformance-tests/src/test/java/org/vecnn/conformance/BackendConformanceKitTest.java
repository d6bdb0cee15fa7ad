package org.vecnn.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vecnn.Backend;
import org.vecnn.Precision;

/**
 * The kit is itself tested: run through the JUnit Platform Launcher against {@link FaultyBackend}, it must
 * pass the correct backend and fail each fault, in the checks that point at it, and only there.
 */
@Tag("slow")
class BackendConformanceKitTest {

    private static KitRun run(FaultyBackend.Fault fault, Class<?>... groups) {
        return KitRun.of(FaultyBackendKit.class, Map.of(FaultyBackendKit.FAULT, fault.name(),
                BackendConformanceKit.REQUIRE, ""), groups);
    }

    private static String test(String check) {
        return FaultyBackendKit.NAME + " › " + check;
    }

    /**
     * Each check failed, with a message that starts by naming it (so it points at the fault). Fault runs select
     * the kit's groups that hold the checks they name, to keep the self-test's time down.
     */
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
        KitRun run = run(FaultyBackend.Fault.W_TRANSPOSED,
                BackendConformanceKit.Products.class, BackendConformanceKit.DenseForward.class,
                BackendConformanceKit.Networks.class, BackendConformanceKit.Activations.class,
                BackendConformanceKit.BiasBroadcast.class, BackendConformanceKit.DataMovement.class);
        assertFail(run, "matmul 17×33·33×65 FLOAT32", "matmul 17×33·33×65 FLOAT64",
                "dense forward 17×33 → 65 sigmoid FLOAT32", "network 33→65 relu → 17 tanh → 5 softmax, batch 19 FLOAT64");
        assertPass(run, "matmul 1×1·1×1 FLOAT32", "apply sigmoid 33×65 FLOAT32", "addRowVector 17×33 + 1×33 FLOAT64",
                "transpose 33×65 FLOAT32");
    }

    @Test
    void failsWhenTheDenseLayerDropsTheBias() {
        KitRun run = run(FaultyBackend.Fault.BIAS_DROPPED,
                BackendConformanceKit.SeedExample.class, BackendConformanceKit.DenseForward.class,
                BackendConformanceKit.BiasBroadcast.class, BackendConformanceKit.Products.class);
        assertFail(run, "seed example X·W + B = [165, -531, 900] FLOAT32", "dense forward 17×33 → 65 sigmoid FLOAT32",
                "dense forward 257×129 → 129 tanh FLOAT64");
        assertTrue(run.failure(test("seed example X·W + B = [165, -531, 900] FLOAT32")).contains("linear dense layer"),
                run.report());
        assertPass(run, "addRowVector 17×33 + 1×33 FLOAT32", "matmul 17×33·33×65 FLOAT32");
    }

    @Test
    void failsWhenSigmoidIsOffByALittle() {
        KitRun run = run(FaultyBackend.Fault.SIGMOID_OFF,
                BackendConformanceKit.Activations.class, BackendConformanceKit.DenseForward.class,
                BackendConformanceKit.Products.class);
        assertFail(run, "apply sigmoid 33×65 FLOAT32", "apply sigmoid 33×65 FLOAT64",
                "dense forward 17×33 → 65 sigmoid FLOAT64");
        assertPass(run, "apply tanh 33×65 FLOAT32", "apply softmax 33×65 FLOAT32", "matmul 17×33·33×65 FLOAT32",
                "dense forward 33×65 → 17 tanh FLOAT32");
    }

    @Test
    void failsWhenTheActivationIsAppliedTwice() {
        KitRun run = run(FaultyBackend.Fault.ACTIVATION_TWICE, BackendConformanceKit.DenseForward.class,
                BackendConformanceKit.Activations.class);
        assertFail(run, "dense forward 17×33 → 65 sigmoid FLOAT32", "dense forward 33×65 → 17 tanh FLOAT64",
                "dense forward 65×127 → 33 softmax FLOAT32");
        // relu and linear are idempotent: applying them twice is no fault
        assertPass(run, "apply sigmoid 33×65 FLOAT32", "dense forward 1×17 → 33 relu FLOAT32",
                "dense forward 17×33 → 65 linear FLOAT64");
    }

    @Test
    void failsWhenSoftmaxIsNotStabilised() {
        KitRun run = run(FaultyBackend.Fault.SOFTMAX_UNSTABLE,
                BackendConformanceKit.SpecialValues.class, BackendConformanceKit.SeedExample.class,
                BackendConformanceKit.Activations.class);
        assertFail(run, "softmax finite and correct for |z| ≥ 1000 FLOAT32",
                "softmax finite and correct for |z| ≥ 1000 FLOAT64", "seed example with softmax stays finite FLOAT32");
        assertTrue(run.failure(test("softmax finite and correct for |z| ≥ 1000 FLOAT64")).contains("must be finite"),
                run.report());
        assertPass(run, "apply softmax 33×65 FLOAT64", "apply sigmoid 33×65 FLOAT64");
    }

    @Test
    void failsWhenLeakyReluIgnoresItsSlope() {
        KitRun run = run(FaultyBackend.Fault.LEAKY_SLOPE_IGNORED, BackendConformanceKit.Activations.class,
                BackendConformanceKit.DenseForward.class, BackendConformanceKit.SpecialValues.class);
        assertFail(run, "apply leaky_relu(0.2) 33×65 FLOAT32", "apply leaky_relu(-0.5) 33×65 FLOAT64",
                "dense forward 33×65 → 129 leaky_relu(0.2) FLOAT32", "leaky_relu(-0.5)(±∞) = +∞ FLOAT64");
        // the default slope is what the fault computes: those checks cannot tell
        assertPass(run, "apply leaky_relu 33×65 FLOAT32", "apply leaky_relu 33×65 FLOAT64",
                "leaky_relu(+∞) = +∞ and leaky_relu(−∞) = −∞ FLOAT32", "apply relu 33×65 FLOAT32");
    }

    @Test
    void failsWhenLogSoftmaxIsNotStabilised() {
        KitRun run = run(FaultyBackend.Fault.LOG_SOFTMAX_UNSTABLE, BackendConformanceKit.SpecialValues.class,
                BackendConformanceKit.Activations.class, BackendConformanceKit.DenseForward.class);
        assertFail(run, "log_softmax finite and correct for |z| ≥ 1000 FLOAT32",
                "log_softmax finite and correct for |z| ≥ 1000 FLOAT64");
        assertTrue(run.failure(test("log_softmax finite and correct for |z| ≥ 1000 FLOAT32")).contains(
                "must be finite"), run.report());
        // moderate logits do not overflow: the unshifted formula passes there
        assertPass(run, "apply log_softmax 33×65 FLOAT64", "dense forward 65×127 → 33 log_softmax FLOAT32",
                "softmax finite and correct for |z| ≥ 1000 FLOAT32", "NaN propagates through log_softmax 3×5 FLOAT64");
    }

    @Test
    void failsWhenReluTurnsNanIntoZero() {
        KitRun run = run(FaultyBackend.Fault.RELU_DROPS_NAN,
                BackendConformanceKit.SpecialValues.class, BackendConformanceKit.Activations.class);
        assertFail(run, "NaN propagates through relu 3×5 FLOAT32", "NaN propagates through relu 3×5 FLOAT64");
        assertTrue(run.failure(test("NaN propagates through relu 3×5 FLOAT32")).contains("must be NaN"),
                run.report());
        assertPass(run, "NaN propagates through sigmoid 3×5 FLOAT32", "apply relu 33×65 FLOAT32");
    }

    @Test
    void reportsAnUnavailableBackendAsOneVisibleSkipPerGroupWithTheProbesReason() {
        KitRun run = run(FaultyBackend.Fault.UNAVAILABLE);
        assertEquals(List.of(), run.failed(), run.report());
        assertEquals(List.of(), run.passed(), run.report());
        assertEquals(ConformanceSuite.Group.values().length, run.aborted().size(),
                "one skip per group: " + run.aborted());
        for (String skipped : run.aborted()) {
            assertTrue(skipped.startsWith(FaultyBackendKit.NAME + " › ") && skipped.contains("not tested: unavailable "
                    + "here: " + FaultyBackendProvider.UNAVAILABLE_REASON), skipped);
            assertTrue(run.failure(skipped).contains(FaultyBackendProvider.UNAVAILABLE_REASON), run.failure(skipped));
        }
    }

    @Test
    void failsAnUnavailableBackendThatIsRequired() {
        for (String require : List.of(FaultyBackendKit.NAME, "other, " + FaultyBackendKit.NAME, "*")) {
            KitRun run = KitRun.of(FaultyBackendKit.class, Map.of(FaultyBackendKit.FAULT,
                    FaultyBackend.Fault.UNAVAILABLE.name(), BackendConformanceKit.REQUIRE, require));
            assertEquals(List.of(), run.aborted(), run.report());
            assertEquals(ConformanceSuite.Group.values().length, run.failed().size(),
                    require + ": " + run.report());
            for (String failed : run.failed()) {
                assertTrue(run.failure(failed).contains("is required (" + BackendConformanceKit.REQUIRE + ")")
                        && run.failure(failed).contains(FaultyBackendProvider.UNAVAILABLE_REASON), run.failure(failed));
            }
        }
        KitRun other = KitRun.of(FaultyBackendKit.class, Map.of(FaultyBackendKit.FAULT,
                FaultyBackend.Fault.UNAVAILABLE.name(), BackendConformanceKit.REQUIRE, "other"),
                BackendConformanceKit.SeedExample.class);
        assertEquals(1, other.aborted().size(), "another backend's requirement is not this one's: " + other.report());
    }

    @Test
    void failsWhenMatmulSkipsTheZerosOfA() {
        KitRun run = run(FaultyBackend.Fault.ZERO_SKIP, BackendConformanceKit.SpecialValues.class,
                BackendConformanceKit.Products.class);
        assertFail(run, "NaN, ±∞ and −0.0 in W propagate through matmul 5×9·9×7 FLOAT32",
                "NaN, ±∞ and −0.0 in W propagate through matmul 5×9·9×7 FLOAT64",
                "NaN, ±∞ and −0.0 in W through dense forward 5×9 → 7 sigmoid FLOAT64",
                "NaN, ±∞ and −0.0 in W through dense forward 5×9 → 7 linear FLOAT32");
        assertTrue(run.failure(test("NaN, ±∞ and −0.0 in W propagate through matmul 5×9·9×7 FLOAT64"))
                .contains("must be NaN"), run.report());
        assertPass(run, "NaN propagates through matmul 5×17·17×7 FLOAT32", "matmul 17×33·33×65 FLOAT64",
                "NaN, ±∞ and −0.0 in B through dense forward 5×9 → 7 tanh FLOAT32");
    }

    @Test
    void failsWhenTheBiasLosesItsSpecialValues() {
        KitRun run = run(FaultyBackend.Fault.BIAS_SPECIALS_DROPPED, BackendConformanceKit.SpecialValues.class,
                BackendConformanceKit.BiasBroadcast.class);
        assertFail(run, "NaN, ±∞ and −0.0 in B propagate through addRowVector 5×7 + 1×7 FLOAT32",
                "NaN, ±∞ and −0.0 in B through dense forward 5×9 → 7 relu FLOAT64",
                "−∞ and −0.0 in B through dense forward 5×9 → 7 softmax FLOAT32");
        assertPass(run, "addRowVector 17×33 + 1×33 FLOAT32", "NaN, ±∞ and −0.0 in W propagate through matmul "
                + "5×9·9×7 FLOAT64");
    }

    @Test
    void failsWhenSigmoidSaturatesTooEarly() {
        KitRun run = run(FaultyBackend.Fault.SIGMOID_EARLY_SATURATION, BackendConformanceKit.Sweeps.class,
                BackendConformanceKit.Activations.class,
                BackendConformanceKit.SpecialValues.class, BackendConformanceKit.SeedExample.class);
        String sweep = "apply sigmoid over its whole range, every threshold ± 16 ulps ";
        assertFail(run, sweep + "FLOAT32", sweep + "FLOAT64");
        assertTrue(Pattern.compile("for input -?1[2-7]\\.").matcher(run.failure(test(sweep + "FLOAT32"))).find(),
                "the message names the argument, just beyond 12: " + run.failure(test(sweep + "FLOAT32")));
        // every check that samples a few points or the far ends passes: only the sweep sees the threshold
        assertPass(run, "apply sigmoid 33×65 FLOAT32", "apply sigmoid 33×65 FLOAT64",
                "sigmoid finite and correct for |z| ≥ 1000 FLOAT32", "sigmoid(+∞) = 1 and sigmoid(−∞) = 0 FLOAT64",
                "seed example sigmoid → [1, 0, 1] FLOAT32", "apply tanh over its whole range, every threshold ± 16 "
                        + "ulps FLOAT32");
    }

    @Test
    void failsWhenOnlyLargeOddBatchesAreWrong() {
        KitRun run = run(FaultyBackend.Fault.LAST_ROW_OF_LARGE_ODD_BATCH, BackendConformanceKit.Sweeps.class,
                BackendConformanceKit.DenseForward.class);
        String every = "dense forward at every batch size 1…1024, alone and from 8 threads at once, 7 → 5 ";
        assertFail(run, every + "linear FLOAT32", every + "sigmoid FLOAT64", every + "softmax FLOAT32");
        assertTrue(run.failure(test(every + "linear FLOAT32")).contains(", batch 1001:"),
                run.failure(test(every + "linear FLOAT32")));
        assertPass(run, "dense forward 256×784 → 129 sigmoid FLOAT32", "dense forward 257×129 → 129 tanh FLOAT64",
                "dense forward 17×33 → 65 linear FLOAT64");
    }

    @Test
    void aFailingThreadCheckShowsTheBitsAndLeavesNoThreadToDisturbTheNextChecks() {
        KitRun run = run(FaultyBackend.Fault.OTHER_THREADS_ONE_ULP_OFF, BackendConformanceKit.Threads.class,
                BackendConformanceKit.Sweeps.class,
                BackendConformanceKit.Closing.class, BackendConformanceKit.DataMovement.class);
        String same = "same layer 255 → 65 sigmoid from 8 threads at once gives the single-thread results bitwise, "
                + "batch 257 FLOAT64";
        assertFail(run, same);
        assertFalse(run.failed().isEmpty());
        for (String failed : run.failed()) {
            assertTrue(failed.contains("threads at once"), "only the thread checks may fail: " + run.report());
        }
        assertPass(run, "repeated forward 17×65 → 33 tanh is bitwise identical FLOAT64",
                "repeated matmul 127×255·255×129 is bitwise identical FLOAT32", "close is idempotent FLOAT32",
                "closing a backend closes its matrices and layers FLOAT64", "copyOf between two instances of the "
                        + "backend FLOAT32");
        // one ulp in FLOAT64 must read differently: 17 significant digits and the bits
        Matcher m = Pattern.compile("is (\\S+) \\((0x[^)]+)\\) but was (\\S+) \\((0x[^)]+)\\)")
                .matcher(run.failure(test(same)));
        assertTrue(m.find(), run.failure(test(same)));
        assertNotEquals(m.group(1), m.group(3), run.failure(test(same)));
        assertNotEquals(m.group(2), m.group(4), run.failure(test(same)));
        List<String> alive = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith(Workers.THREAD_PREFIX)).collect(Collectors.toList());
        assertEquals(List.of(), alive, "the kit's threads must all have ended when their check reported");
    }

    @Test
    void failsABackendWhoseCloseFreesMemoryUnderRunningKernels() {
        KitRun run = run(FaultyBackend.Fault.FREES_AT_CLOSE, BackendConformanceKit.Races.class,
                BackendConformanceKit.Closing.class, BackendConformanceKit.DenseForward.class);
        String races = ", " + RaceChecks.SHORT + " repetitions, layer 128 → 64 sigmoid, batch 16 ";
        assertFail(run, "closing the layer while 8 threads call forward" + races + "FLOAT32",
                "closing the input while 8 threads call forward" + races + "FLOAT64",
                "closing b while 8 threads call a.matmul(b)" + races + "FLOAT32");
        String message = run.failure(test("closing the input while 8 threads call forward" + races + "FLOAT64"));
        assertTrue(message.contains(", repetition ") && message.contains("but was"), message);
        // alone, the backend computes correctly and refuses closed operands
        assertPass(run, "dense forward 17×33 → 65 sigmoid FLOAT32", "use after close throws IllegalStateException "
                + "FLOAT64", "closing a backend closes its matrices and layers FLOAT32");
    }

    @Test
    void aThreadThatNeverReturnsFailsItsCheckInsteadOfHangingTheBuild() {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        AssertionError e = assertThrows(AssertionError.class, () -> Workers.run("stuck", 2,
                java.time.Duration.ofMillis(200), (id, stop) -> {
                    if (id == 1) {
                        never.await();
                    }
                }));
        never.countDown();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(Workers.THREAD_PREFIX)) {
                assertDoesNotThrow(() -> t.join());
            }
        }
        assertTrue(e.getMessage().startsWith("stuck: hang: 1 thread(s) still running") && e.getMessage()
                .contains("await"), e.getMessage());
    }

    @Test
    void failsAFactoryThatKeepsTheCallersRows() {
        for (Precision p : Precision.values()) {
            try (Backend aliasing = new RowAliasingBackend()) {
                AssertionError e = assertThrows(AssertionError.class,
                        () -> LifecycleChecks.rowFactoriesCopy(aliasing, "rows " + p, p));
                assertTrue(e.getMessage().contains("must copy the caller's rows"), e.getMessage());
            }
            try (Backend correct = new FaultyBackend("heap", FaultyBackend.Fault.NONE)) {
                LifecycleChecks.rowFactoriesCopy(correct, "rows " + p, p);
            }
        }
    }

    @Test
    void bitwiseMessagesShowTheDifference() {
        AssertionError e = assertThrows(AssertionError.class, () -> Verify.identical("x", new double[] {4.41094433},
                new double[] {Math.nextUp(4.41094433)}));
        assertTrue(e.getMessage().contains(Double.toHexString(4.41094433))
                && e.getMessage().contains(Double.toHexString(Math.nextUp(4.41094433))), e.getMessage());
        assertTrue(e.getMessage().contains("4.4109443300000000") && e.getMessage().contains("4.4109443300000010"),
                e.getMessage());
    }

    private static KitRun training(FaultyBackend.Fault fault) {
        return run(fault, BackendConformanceKit.Training.class);
    }

    private static final String ADAM = "training (faulty) update " + org.vecnn.train.Optimizer.adam(0.01)
            + ", 3 steps of two parameters";

    @Test
    void trainingChecksPassTheComposedKernelsAndNameThePath() {
        KitRun run = training(FaultyBackend.Fault.NONE);
        assertEquals(List.of(), run.failed(), run.report());
        assertTrue(run.passed().size() > 80, "the training group ran only " + run.passed().size() + " checks");
        assertPass(run, "training (composed) multiply 9×9 (Aᵀ)·9×5 FLOAT32",
                "training (composed) short run (trainer, 4 steps of momentum) ends at the reference weights FLOAT32",
                "training (composed) gradients of tanh → softmax + cce equal central differences, square layer FLOAT64");
    }

    @Test
    void trainingFailsWhenDwIsComputedWithoutTheTransposeOnSquareLayers() {
        KitRun run = training(FaultyBackend.Fault.DW_NOT_TRANSPOSED);
        assertFail(run, "training (faulty) multiply 9×9 (Aᵀ)·9×5 FLOAT32", "training (faulty) multiply 9×9 (Aᵀ)·9×5 FLOAT64",
                "training (faulty) gradients of tanh → softmax + cce equal central differences, square layer FLOAT64",
                "training (faulty) short run (trainer, 4 steps of momentum) ends at the reference weights FLOAT32");
        assertPass(run, "training (faulty) multiply 7×4 (Aᵀ)·4×6 FLOAT32", "training (faulty) columnSums 13×7 FLOAT32",
                "training (composed) short run (4 steps of momentum) ends at the reference weights FLOAT64");
    }

    @Test
    void trainingFailsWhenTheBiasGradientIsNotSummedOverTheBatch() {
        KitRun run = training(FaultyBackend.Fault.BIAS_GRADIENT_NOT_SUMMED);
        assertFail(run, "training (faulty) columnSums 13×7 FLOAT32", "training (faulty) columnSums 13×7 FLOAT64",
                "training (faulty) gradients of relu → linear + mse equal central differences, square layer FLOAT64");
        assertPass(run, "training (faulty) multiply 9×9 (Aᵀ)·9×5 FLOAT32");
    }

    @Test
    void trainingFailsWhenTheCrossEntropyGradientIsNotDividedByTheBatchSize() {
        KitRun run = training(FaultyBackend.Fault.CROSS_ENTROPY_NOT_AVERAGED);
        assertFail(run, "training (faulty) loss cce on softmax 5×4 FLOAT32", "training (faulty) loss bce on sigmoid 5×4 FLOAT64",
                "training (faulty) gradients of sigmoid → sigmoid + bce equal central differences, square layer FLOAT64");
        assertTrue(run.failure(test("training (faulty) loss cce on softmax 5×4 FLOAT32")).contains("(dL/dZ)"),
                run.report());
        assertPass(run, "training (faulty) loss mse on linear 5×4 FLOAT32", "training (faulty) loss mse on softmax 5×4 FLOAT64");
    }

    @Test
    void trainingFailsWhenRelusDerivativeIsWrongAtNegativeInputs() {
        KitRun run = training(FaultyBackend.Fault.RELU_BACKWARD_AT_NEGATIVE_INPUTS);
        assertFail(run, "training (faulty) activationBackward relu 6×7 FLOAT32",
                "training (faulty) activationBackward relu 6×7 FLOAT64",
                "training (faulty) gradients of relu → linear + mse equal central differences, square layer FLOAT64");
        assertPass(run, "training (faulty) activationBackward tanh 6×7 FLOAT32",
                "training (faulty) activationBackward linear 6×7 FLOAT64");
    }

    @Test
    void trainingFailsWhenAdamHasNoBiasCorrection() {
        KitRun run = training(FaultyBackend.Fault.ADAM_WITHOUT_BIAS_CORRECTION);
        assertFail(run, ADAM + " FLOAT32", ADAM + " FLOAT64");
        assertTrue(run.failure(test(ADAM + " FLOAT32")).contains("step 1, parameter 1"), run.report());
        assertPass(run, "training (faulty) update " + org.vecnn.train.Optimizer.sgd(0.1)
                + ", 3 steps of two parameters FLOAT32");
    }

    @Test
    void trainingFailsWhenTwoParametersShareTheirMomentum() {
        KitRun run = training(FaultyBackend.Fault.MOMENTUM_SHARED);
        String momentum = "training (faulty) update " + org.vecnn.train.Optimizer.sgd(0.05).withMomentum(0.9)
                + ", 3 steps of two parameters";
        String nesterov = "training (faulty) update " + org.vecnn.train.Optimizer.sgd(0.05).withNesterov(0.9)
                + ", 3 steps of two parameters";
        assertFail(run, momentum + " FLOAT32", momentum + " FLOAT64", nesterov + " FLOAT32");
        assertTrue(run.failure(test(momentum + " FLOAT64")).contains("parameter 2"), run.report());
        assertPass(run, ADAM + " FLOAT32");
    }
}
