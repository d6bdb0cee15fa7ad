package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.train.Loss;
import org.vecnn.train.Optimizer;

class LaunchGeometryTest {

    @Test
    void gemmTileOrderVisitsEveryTileExactlyOnce() {
        int[][] shapes = {{1, 1}, {1, 9}, {9, 1}, {8, 3}, {9, 3}, {17, 5}, {3, 64}, {64, 64}, {100, 7}};
        for (int[] shape : shapes) {
            int tilesM = shape[0];
            int tilesN = shape[1];
            boolean[][] seen = new boolean[tilesM][tilesN];
            for (int pid = 0; pid < tilesM * tilesN; pid++) {
                int[] tile = LaunchGeometry.gemmTileOf(pid, tilesM, tilesN);
                assertTrue(tile[0] >= 0 && tile[0] < tilesM && tile[1] >= 0 && tile[1] < tilesN,
                        "pid " + pid + " of " + tilesM + "×" + tilesN + " maps outside: " + tile[0] + "," + tile[1]);
                assertFalse(seen[tile[0]][tile[1]], "tile " + tile[0] + "," + tile[1] + " visited twice");
                seen[tile[0]][tile[1]] = true;
            }
        }
    }

    @Test
    void gemmTileOrderKeepsGroupsOfEightTileRowsTogether() {
        // blocks 0..7 of a 16×4 grid run down the first column of the first group of 8 tile rows
        for (int pid = 0; pid < 8; pid++) {
            assertArrayEquals(new int[] {pid, 0}, LaunchGeometry.gemmTileOf(pid, 16, 4));
        }
        assertArrayEquals(new int[] {0, 1}, LaunchGeometry.gemmTileOf(8, 16, 4));
        assertArrayEquals(new int[] {8, 0}, LaunchGeometry.gemmTileOf(32, 16, 4));
    }

    @Test
    void splitKFillsAnUnderusedGpuWithChunksThatCoverK() {
        // dense 784→256 at batch 1024 on 132 SMs: 16 tiles, so 8 chunks of 112 (7 of them cover 784)
        assertArrayEquals(new int[] {7, 112}, LaunchGeometry.gemmSplitK(Precision.FLOAT32, 1024, 256, 784, 132));
        // batch 1: 2 tiles; K / 64 = 12 chunks wanted, of 80 (a multiple of 16), 10 of which cover 784
        assertArrayEquals(new int[] {10, 80}, LaunchGeometry.gemmSplitK(Precision.FLOAT32, 1, 256, 784, 132));
        // enough tiles to fill the GPU, or too shallow a K: not split
        assertArrayEquals(new int[] {1, 4096}, LaunchGeometry.gemmSplitK(Precision.FLOAT32, 4096, 4096, 4096, 132));
        assertArrayEquals(new int[] {1, 2}, LaunchGeometry.gemmSplitK(Precision.FLOAT32, 1, 3, 2, 132));
        assertArrayEquals(new int[] {1, 100}, LaunchGeometry.gemmSplitK(Precision.FLOAT64, 1, 3, 100, 132));
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Precision p = random.nextBoolean() ? Precision.FLOAT32 : Precision.FLOAT64;
            int m = 1 + random.nextInt(3000);
            int n = 1 + random.nextInt(3000);
            int k = 1 + random.nextInt(20000);
            int sms = 1 + random.nextInt(200);
            int[] split = LaunchGeometry.gemmSplitK(p, m, n, k, sms);
            String what = p + " " + m + "×" + n + "×" + k + " on " + sms + " SMs: " + split[0] + " × " + split[1];
            assertTrue(split[0] >= 1 && split[0] <= LaunchGeometry.SPLIT_K_MAX, what);
            if (split[0] == 1) {
                assertEquals(k, split[1], what);
            } else {
                assertEquals(0, split[1] % LaunchGeometry.GEMM_BK, what);
                assertTrue((long) (split[0] - 1) * split[1] < k && k <= (long) split[0] * split[1], what);
                assertTrue(split[1] >= LaunchGeometry.SPLIT_K_MIN_CHUNK, what);
                assertTrue((long) split[0] * LaunchGeometry.gemmBlocks(p, m, n) <= sms, what);
            }
        }
    }

    @Test
    void gemmBlocksCoverTheResultWithTilesOfThePrecision() {
        assertEquals(128, LaunchGeometry.gemmTile(Precision.FLOAT32));
        assertEquals(64, LaunchGeometry.gemmTile(Precision.FLOAT64));
        assertEquals(1, LaunchGeometry.gemmBlocks(Precision.FLOAT32, 1, 1));
        assertEquals(4, LaunchGeometry.gemmBlocks(Precision.FLOAT32, 129, 256));
        assertEquals(64 * 64, LaunchGeometry.gemmBlocks(Precision.FLOAT64, 4096, 4096));
        assertEquals(16_777_216, LaunchGeometry.gemmBlocks(Precision.FLOAT32, 1, Integer.MAX_VALUE));
    }

    @Test
    void vectorizedGemmNeedsRowsOfWholeVectors() {
        assertTrue(LaunchGeometry.gemmVectorized(Precision.FLOAT32, 4096, 4096));
        assertFalse(LaunchGeometry.gemmVectorized(Precision.FLOAT32, 4096, 4094));
        assertFalse(LaunchGeometry.gemmVectorized(Precision.FLOAT32, 3, 4));
        assertTrue(LaunchGeometry.gemmVectorized(Precision.FLOAT64, 6, 2));
        assertFalse(LaunchGeometry.gemmVectorized(Precision.FLOAT64, 6, 3));
    }

    @Test
    void elementwiseGridFillsTheGpuWithoutExceedingTheWork() {
        assertEquals(1, LaunchGeometry.elementwiseBlocks(1, 132));
        assertEquals(2, LaunchGeometry.elementwiseBlocks(257, 132));
        assertEquals(32 * 132, LaunchGeometry.elementwiseBlocks(1L << 30, 132));
        assertEquals(32, LaunchGeometry.elementwiseBlocks(1L << 30, 0));
    }

    @Test
    void transposeAndSoftmaxGridsStayWithinCudaLimits() {
        assertArrayEquals(new int[] {3, 2}, LaunchGeometry.transposeGrid(33, 70));
        assertArrayEquals(new int[] {1, 65535}, LaunchGeometry.transposeGrid(Integer.MAX_VALUE / 8, 8));
        assertEquals(7, LaunchGeometry.softmaxBlocks(7));
        assertEquals(65535, LaunchGeometry.softmaxBlocks(1_000_000));
    }

    @Test
    void activationCodesMatchTheKernelHeader() throws IOException {
        String header = read(System.getProperty("vecnn.cuda.sources", "src/main/cuda") + "/vecnn_common.cuh");
        Matcher m = Pattern.compile("ACT_(\\w+) = (\\d+)").matcher(header);
        Map<String, Integer> codes = new HashMap<>();
        while (m.find()) {
            codes.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertEquals(Activation.Kind.values().length, codes.size(), header);
        for (Activation a : Activation.values()) {
            if (!a.isRowWise()) {
                assertEquals(codes.get(a.name()), LaunchGeometry.activationCode(a), a.name());
            }
            assertEquals(codes.get(a.name()), LaunchGeometry.trainingActivationCode(a), a.name());
        }
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.activationCode(Activation.SOFTMAX));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.activationCode(Activation.LOG_SOFTMAX));
        assertEquals(codes.get("LEAKY_RELU"), LaunchGeometry.activationCode(Activation.leakyRelu(0.2)));
    }

    @Test
    void theLeakyReluSlopeTravelsBesideTheCodeAndRowWiseKindsRunARowPerThreadBackward() {
        assertEquals(0.2, LaunchGeometry.activationSlope(Activation.leakyRelu(0.2)));
        assertEquals(-0.5, LaunchGeometry.activationSlope(Activation.leakyRelu(-0.5)));
        assertEquals(0.01, LaunchGeometry.activationSlope(Activation.LEAKY_RELU));
        for (Activation a : Activation.values()) {
            if (a.kind() != Activation.Kind.LEAKY_RELU) {
                assertEquals(0.0, LaunchGeometry.activationSlope(a), a.name());
            }
            // 1000 rows × 100 columns: 1000 threads (4 blocks of 256) for the row-wise kinds, 100000 (391) otherwise
            assertEquals(a.isRowWise() ? 4 : 391, LaunchGeometry.activationBackwardBlocks(a, 1000, 100, 132),
                    a.name());
        }
    }

    @Test
    void lossCodesAndUpdateRulesMatchTheTrainingKernels() throws IOException {
        String source = read(System.getProperty("vecnn.cuda.sources", "src/main/cuda") + "/training.cu");
        Map<String, Integer> codes = new HashMap<>();
        Matcher m = Pattern.compile("(LOSS|RULE)_(\\w+) = (\\d+)").matcher(source);
        while (m.find()) {
            codes.put(m.group(1) + "_" + m.group(2), Integer.parseInt(m.group(3)));
        }
        assertEquals(7, codes.size(), source);
        assertEquals(codes.get("LOSS_MSE"), LaunchGeometry.lossCode(Loss.MEAN_SQUARED_ERROR));
        assertEquals(codes.get("LOSS_BCE"), LaunchGeometry.lossCode(Loss.BINARY_CROSS_ENTROPY));
        assertEquals(codes.get("LOSS_CCE"), LaunchGeometry.lossCode(Loss.CATEGORICAL_CROSS_ENTROPY));
        Optimizer sgd = Optimizer.sgd(0.1);
        assertEquals(codes.get("RULE_SGD"), LaunchGeometry.optimizerRule(sgd, sgd.stateCount()));
        Optimizer momentum = sgd.withMomentum(0.9);
        assertEquals(codes.get("RULE_MOMENTUM"), LaunchGeometry.optimizerRule(momentum, momentum.stateCount()));
        Optimizer nesterov = sgd.withNesterov(0.9);
        assertEquals(codes.get("RULE_NESTEROV"), LaunchGeometry.optimizerRule(nesterov, nesterov.stateCount()));
        assertEquals(codes.get("RULE_ADAM"), LaunchGeometry.optimizerRule(Optimizer.adam(0.01), 2));
        assertEquals(codes.get("RULE_ADAM"), LaunchGeometry.optimizerRule(Optimizer.adamW(0.01, 0.1), 2));
    }

    @Test
    void transposedProductsTakeTheTransposedGemmVariantsAndNeverTheVectorOnes() {
        assertEquals("gemm_f32_vec", LaunchGeometry.gemmKernel(Precision.FLOAT32, false, false, 8, 8));
        assertEquals("gemm_f32", LaunchGeometry.gemmKernel(Precision.FLOAT32, false, false, 7, 8));
        assertEquals("gemm_f32_ta", LaunchGeometry.gemmKernel(Precision.FLOAT32, true, false, 8, 8));
        assertEquals("gemm_f64_tb", LaunchGeometry.gemmKernel(Precision.FLOAT64, false, true, 8, 8));
        assertEquals("gemm_f64_tatb", LaunchGeometry.gemmKernel(Precision.FLOAT64, true, true, 8, 8));
        for (Precision p : Precision.values()) {
            for (int flags = 0; flags < 4; flags++) {
                String kernel = LaunchGeometry.gemmKernel(p, (flags & 1) != 0, (flags & 2) != 0, 8, 8);
                // the forward pass's products load with the backend, the transposed ones with the training module
                assertTrue(CudaKernels.kernelsOf(flags == 0 ? "gemm" : "training").contains(kernel), kernel);
            }
        }
        assertEquals(1, LaunchGeometry.activationBackwardBlocks(Activation.SOFTMAX, 256, 1000, 132));
        assertEquals(1000, LaunchGeometry.activationBackwardBlocks(Activation.RELU, 256, 1000, 132));
    }

    static String read(String path) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
