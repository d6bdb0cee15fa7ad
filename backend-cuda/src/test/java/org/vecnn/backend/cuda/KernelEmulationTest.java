package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

/**
 * Runs the CUDA kernel sources on the CPU (src/test/cuda/emulate.hpp: one OS thread per CUDA thread, a
 * barrier for __syncthreads) with the grids this host code computes, and compares with a plain reference.
 * This checks the kernels' index arithmetic, edge tiles, masking and synchronisation where no GPU is at
 * hand; it cannot check the compiled PTX, which gpu-check.sh does on a GPU.
 */
@Tag("slow")
class KernelEmulationTest {
    private static Path binary;

    @BeforeAll
    static void compileTheKernelsForTheHost() throws IOException {
        String gpp = ToolRun.find("g++");
        assumeTrue(gpp != null, "g++ is not installed: the kernels cannot be emulated on the CPU here");
        Path out = PtxSourcesTest.scratch("emulation");
        binary = out.resolve("kernel_emulation");
        String sources = System.getProperty("vecnn.cuda.sources", "src/main/cuda");
        String tests = System.getProperty("vecnn.cuda.testSources", "src/test/cuda");
        ToolRun build = ToolRun.of(gpp, "-std=c++20", "-O1", "-pthread", "-I", sources, "-I", tests, "-x", "c++",
                tests + "/kernel_emulation.cpp", "-o", binary.toString());
        assumeTrue(build.exitCode() == 0 || !build.output().contains("barrier"),
                "this g++ lacks C++20 <barrier>: " + build.output());
        assertEquals(0, build.exitCode(), build.output());
    }

    @Test
    void gemmKernelsMatchTheReferenceOnEdgeAndInteriorTiles() throws IOException {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {2, 4, 8}, {129, 130, 17}, {128, 128, 16}, {200, 96, 64},
            {65, 66, 33}, {70, 132, 40}, {17, 260, 5}};
        assertAllPass(gemmCases(shapes, 132, false));
    }

    @Test
    void splitKProductsMatchTheReferenceWhenKIsCutIntoChunks() throws IOException {
        // Few tiles and a deep K, as a dense layer of a small batch: split for a 132-SM GPU (the H200's count).
        // K = 300 and 257 leave a short last chunk, 257 and N = 70 take the scalar kernels.
        int[][] shapes = {{1, 130, 300}, {33, 70, 257}, {64, 128, 200}, {3, 8, 640}};
        assertAllPass(gemmCases(shapes, 132, true));
    }

    private static List<String> gemmCases(int[][] shapes, int multiprocessors, boolean split) {
        List<String> cases = new ArrayList<>();
        int variant = 0;
        for (Precision p : Precision.values()) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                Activation act = ELEMENT_WISE.get(variant % ELEMENT_WISE.size());
                boolean bias = variant % 3 != 0;
                variant++;
                boolean vec = LaunchGeometry.gemmVectorized(p, n, k);
                int blocks = LaunchGeometry.gemmBlocks(p, m, n);
                int[] splitK = LaunchGeometry.gemmSplitK(p, m, n, k, multiprocessors);
                assertEquals(split, splitK[0] > 1, () -> p + " " + m + "x" + n + "x" + k + " split " + splitK[0]);
                int sumBlocks = LaunchGeometry.elementwiseBlocks((long) m * n, 2);
                for (boolean v : vec ? List.of(true, false) : List.of(false)) {
                    cases.add(String.format(Locale.ROOT, "gemm %s %d %d %d %d %d %s %d %d %d %d %d", tag(p), v ? 1 : 0,
                            m, n, k, LaunchGeometry.activationCode(act), slope(act), bias ? 1 : 0, blocks, splitK[0],
                            splitK[1], sumBlocks));
                }
            }
        }
        return cases;
    }

    @Test
    void transposedOperandProductsMatchTheReferenceWithAndWithoutSplitK() throws IOException {
        // The kit's training shapes (square A catches a missing transpose), the bench's dW = Xᵀ·dZ of 784 → 256
        // at batch 128 (split-K on 132 SMs) shrunk to 200 × 64 × 96, and edge tiles in every direction.
        int[][] shapes = {{9, 9, 5}, {7, 4, 6}, {1, 3, 1}, {33, 17, 65}, {129, 130, 17}, {70, 132, 40},
            {64, 128, 200}, {200, 96, 64}};
        List<String> cases = new ArrayList<>();
        int variant = 0;
        for (Precision p : Precision.values()) {
            for (int[] s : shapes) {
                for (int flags = 1; flags < 4; flags++) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Activation act = ELEMENT_WISE.get(variant % ELEMENT_WISE.size());
                    boolean bias = variant % 3 != 0;
                    variant++;
                    int blocks = LaunchGeometry.gemmBlocks(p, m, n);
                    int[] splitK = LaunchGeometry.gemmSplitK(p, m, n, k, 132);
                    cases.add(String.format(Locale.ROOT, "gemmt %s %d %d %d %d %d %d %s %d %d %d %d %d", tag(p),
                            flags & 1, flags >> 1, m, n, k, LaunchGeometry.activationCode(act), slope(act),
                            bias ? 1 : 0, blocks, splitK[0], splitK[1],
                            LaunchGeometry.elementwiseBlocks((long) m * n, 2)));
                }
            }
        }
        assertTrue(cases.stream().anyMatch(c -> Integer.parseInt(c.split(" ")[11]) > 1), "no case splits K");
        assertAllPass(cases);
    }

    @Test
    void trainingKernelsMatchTheReference() throws IOException {
        List<String> cases = new ArrayList<>();
        for (Precision p : Precision.values()) {
            String t = tag(p);
            // one column per thread; 2 "multiprocessors" leave a grid smaller than the columns (grid-stride)
            cases.add(String.format("colsums %s 13 7 %d", t, LaunchGeometry.columnSumBlocks(7, 132)));
            cases.add(String.format("colsums %s 130 700 %d", t, 2));
            for (Activation g : EVERY) {
                int code = LaunchGeometry.trainingActivationCode(g);
                cases.add(String.format(Locale.ROOT, "backward %s %d %s 6 7 %d 0", t, code, slope(g),
                        LaunchGeometry.activationBackwardBlocks(g, 6, 7, 132)));
                // in place, grid-stride
                cases.add(String.format(Locale.ROOT, "backward %s %d %s 300 29 1 1", t, code, slope(g)));
            }
            for (Loss loss : Loss.values()) {
                // categorical cross-entropy on softmax, and on log-softmax (the NLL of log-probabilities)
                List<Activation> outputs = loss == Loss.CATEGORICAL_CROSS_ENTROPY
                        ? List.of(Activation.SOFTMAX, Activation.LOG_SOFTMAX)
                        : loss.requiredActivation() != null ? List.of(loss.requiredActivation())
                        : List.of(Activation.LINEAR, Activation.SIGMOID, Activation.SOFTMAX, Activation.TANH,
                                Activation.leakyRelu(0.2), Activation.LOG_SOFTMAX);
                for (Activation g : outputs) {
                    String a = String.format(Locale.ROOT, "%d %d %s", LaunchGeometry.lossCode(loss),
                            LaunchGeometry.trainingActivationCode(g), slope(g));
                    // 5 rows: fewer than the block's threads; 600: several rows per thread
                    cases.add(String.format("loss %s %s 5 4 1 0", t, a));
                    cases.add(String.format("loss %s %s 600 10 1 0", t, a));
                    cases.add(String.format("loss %s %s 600 10 0 0", t, a));
                    cases.add(String.format("loss %s %s 2 3 1 1", t, a));
                }
            }
            cases.add(String.format("count %s 600 10", t));
            cases.add(String.format("count %s 300 1", t));
            cases.add(String.format("count %s 4 3", t));
            Optimizer[] optimizers = {Optimizer.sgd(0.1), Optimizer.sgd(0.1).withMomentum(0.9),
                Optimizer.sgd(0.1).withNesterov(0.9), Optimizer.adam(0.01), Optimizer.adamW(0.01, 0.1)};
            for (Optimizer o : optimizers) {
                int rule = LaunchGeometry.optimizerRule(o, o.stateCount());
                int decay = o.kind() == Optimizer.Kind.ADAMW ? 1 : 0;
                for (int l2 = 0; l2 < 2; l2++) {
                    cases.add(String.format("update %s %d %d %d 1000 %d 3", t, rule, decay, l2,
                            LaunchGeometry.elementwiseBlocks(1000, 132)));
                }
                cases.add(String.format("update %s %d %d 0 1000 1 2", t, rule, decay)); // grid-stride
            }
        }
        assertAllPass(cases);
    }

    @Test
    void elementwiseSoftmaxTransposeAndConvertKernelsMatchTheReference() throws IOException {
        List<String> cases = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (Activation act : ELEMENT_WISE) {
                int rows = 37;
                int cols = 29;
                // 2 "multiprocessors" keep the grid small, so the grid-stride loops are exercised
                cases.add(String.format(Locale.ROOT, "bias_act %s %d %d %d %s 1 %d 0", tag(p), rows, cols,
                        LaunchGeometry.activationCode(act), slope(act),
                        LaunchGeometry.elementwiseBlocks((long) rows * cols, 0)));
                cases.add(String.format(Locale.ROOT, "bias_act %s %d %d %d %s 0 %d 1", tag(p), rows, cols,
                        LaunchGeometry.activationCode(act), slope(act),
                        LaunchGeometry.elementwiseBlocks((long) rows * cols, 132)));
            }
            for (String rowWise : List.of("softmax", "log_softmax")) {
                cases.add(String.format("%s %s 5 300 %d 1", rowWise, tag(p), LaunchGeometry.softmaxBlocks(5)));
                cases.add(String.format("%s %s 9 7 %d 0", rowWise, tag(p), 4)); // fewer blocks than rows: grid-stride
            }
            for (int[] s : new int[][] {{1, 1}, {33, 70}, {100, 3}, {64, 32}}) {
                int[] grid = LaunchGeometry.transposeGrid(s[0], s[1]);
                cases.add(String.format("transpose %s %d %d %d %d", tag(p), s[0], s[1], grid[0], grid[1]));
            }
            cases.add(String.format("transpose %s 100 40 2 1", tag(p))); // grid y smaller than the row tiles
        }
        cases.add("convert f32_f64 1000 " + LaunchGeometry.elementwiseBlocks(1000, 0));
        cases.add("convert f64_f32 5000 " + LaunchGeometry.elementwiseBlocks(5000, 1));
        assertAllPass(cases);
    }

    private static void assertAllPass(List<String> cases) throws IOException {
        ToolRun run = ToolRun.withInput(String.join("\n", cases) + "\n", binary.toString());
        long passed = run.output().lines().filter(l -> l.startsWith("ok ")).count();
        assertEquals(cases.size(), passed, run.output());
        assertTrue(run.output().lines().noneMatch(l -> l.startsWith("FAIL")), run.output());
        assertEquals(0, run.exitCode(), run.output());
    }

    /** The activations the GEMM epilogue and bias_act apply, slopes of the leaky ReLU of both signs and above 1. */
    private static final List<Activation> ELEMENT_WISE = List.of(Activation.LINEAR, Activation.SIGMOID,
            Activation.RELU, Activation.TANH, Activation.LEAKY_RELU, Activation.leakyRelu(0.2),
            Activation.leakyRelu(-0.5), Activation.leakyRelu(3));
    /** Every kind, leaky ReLUs with slopes the training allows (it refuses negative ones). */
    private static final List<Activation> EVERY = List.of(Activation.LINEAR, Activation.SIGMOID, Activation.RELU,
            Activation.TANH, Activation.SOFTMAX, Activation.LEAKY_RELU, Activation.leakyRelu(0.2),
            Activation.leakyRelu(0), Activation.LOG_SOFTMAX);

    /** A slope as the C++ side reads it back exactly (Double.toString's shortest digits). */
    private static String slope(Activation g) {
        return Double.toString(LaunchGeometry.activationSlope(g));
    }

    private static String tag(Precision p) {
        return p == Precision.FLOAT32 ? "f32" : "f64";
    }
}
