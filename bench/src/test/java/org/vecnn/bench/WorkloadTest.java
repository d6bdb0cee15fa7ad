package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecnn.Activation;
import org.vecnn.Precision;

class WorkloadTest {

    @Test
    void idsReadBackToTheSameWorkloadInEverySuite() {
        for (Suite suite : Suite.values()) {
            for (Workload w : suite.workloads()) {
                assertEquals(w, Workload.parse(w.id()), w.id());
            }
        }
    }

    @Test
    void idsNameKindSizeAndPrecision() {
        assertEquals("gemm-1024-f32", Workload.gemm(1024, Precision.FLOAT32).id());
        assertEquals("seed-f64", Workload.seed(Precision.FLOAT64).id());
        assertEquals("dense-64-f32", Workload.dense(64, Precision.FLOAT32).id());
        assertEquals("network-256-f64", Workload.network(256, Precision.FLOAT64).id());
        assertEquals("train-128-f32", Workload.train(128, Precision.FLOAT32).id());
        assertEquals(Workload.train(128, Precision.FLOAT32), Workload.parse("train-128-f32"));
    }

    @Test
    void malformedIdsAreRefusedWithTheAcceptedForms() {
        for (String bad : new String[] {"gemm-f32", "gemm-x-f32", "seed-1-f32", "dense-64-f16", "conv-3-f32", "", "-"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("gemm-<n>-<f32|f64>"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Workload.parse(null));
    }

    @Test
    void flopsCountTwoPerMultiplyAddOfTheProducts() {
        assertEquals(2.0 * 512 * 512 * 512, Workload.gemm(512, Precision.FLOAT32).flops());
        assertEquals(2.0 * 2 * 3, Workload.seed(Precision.FLOAT32).flops());
        assertEquals(2.0 * 64 * 784 * 256, Workload.dense(64, Precision.FLOAT64).flops());
        assertEquals(2.0 * 256 * (784 * 256 + 256 * 128 + 128 * 10), Workload.network(256, Precision.FLOAT32).flops());
        assertEquals(2.0 * 128 * (3 * (784 * 256 + 256 * 128 + 128 * 10) - 784 * 256),
                Workload.train(128, Precision.FLOAT32).flops(), "forward, dW of each layer, dA of the last two");
    }

    @Test
    void layerWorkloadsHaveTheIssuesShapesAndActivations() {
        Workload.Layer seed = Workload.seed(Precision.FLOAT32).layers().get(0);
        assertEquals(new Workload.Layer(2, 3, Activation.SIGMOID), seed);
        assertEquals(new Workload.Layer(784, 256, Activation.SIGMOID), Workload.dense(1, Precision.FLOAT32).layers().get(0));
        assertEquals(3, Workload.network(256, Precision.FLOAT32).layers().size());
        assertEquals(Activation.SOFTMAX, Workload.network(256, Precision.FLOAT32).layers().get(2).activation());
        assertTrue(Workload.gemm(8, Precision.FLOAT32).layers().isEmpty());
        assertFalse(Workload.gemm(8, Precision.FLOAT32).hasSamples());
    }

    @Test
    void seedDataIsTheLecturesExample() {
        WorkloadData d = WorkloadData.of(Workload.seed(Precision.FLOAT32));
        assertEquals(200.0, d.input()[0]);
        assertEquals(17.0, d.input()[1]);
        assertEquals(-6.0, d.weights().get(0)[5]);
        assertEquals(2.0, d.biases().get(0)[2]);
    }

    @Test
    void randomDataIsTheSameOnEveryCall() {
        Workload w = Workload.dense(2, Precision.FLOAT32);
        assertEquals(WorkloadData.of(w).input()[17], WorkloadData.of(w).input()[17]);
        assertEquals(WorkloadData.of(w).weights().get(0)[1000], WorkloadData.of(w).weights().get(0)[1000]);
    }
}
