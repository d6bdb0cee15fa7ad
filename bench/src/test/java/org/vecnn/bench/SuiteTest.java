package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecnn.Precision;

class SuiteTest {

    @Test
    void fullSuiteHasEveryWorkloadOfTheIssueInBothPrecisions() {
        List<Workload> full = Suite.FULL.workloads();
        for (Precision p : Precision.values()) {
            for (int n : new int[] {64, 128, 256, 512, 1024, 2048}) {
                assertTrue(full.contains(Workload.gemm(n, p)), "gemm " + n + " " + p);
            }
            assertTrue(full.contains(Workload.seed(p)));
            for (int batch : new int[] {1, 64, 1024}) {
                assertTrue(full.contains(Workload.dense(batch, p)), "dense " + batch + " " + p);
            }
            assertTrue(full.contains(Workload.network(256, p)));
        }
        assertTrue(full.contains(Workload.train(128, Precision.FLOAT32)), "the training step of issue 12");
        assertEquals(23, full.size());
    }

    @Test
    void quickSuiteIsASubsetOfTheFullOne() {
        assertTrue(Suite.FULL.workloads().containsAll(Suite.QUICK.workloads()));
        assertTrue(Suite.QUICK.workloads().contains(Workload.gemm(1024, Precision.FLOAT32)));
        assertTrue(Suite.QUICK.workloads().contains(Workload.dense(1024, Precision.FLOAT32)));
        assertTrue(Suite.QUICK.workloads().contains(Workload.seed(Precision.FLOAT32)));
        assertTrue(Suite.QUICK.workloads().contains(Workload.train(128, Precision.FLOAT32)));
    }

    @Test
    void loopNaiveSkipsOnlyTheLargeProducts() {
        assertNull(Suite.skipReason("loop-naive", Workload.gemm(512, Precision.FLOAT32)));
        String reason = Suite.skipReason("loop-naive", Workload.gemm(1024, Precision.FLOAT64));
        assertNotNull(reason);
        assertTrue(reason.contains("not extrapolated"), reason);
        assertNull(Suite.skipReason("loop-naive", Workload.dense(1024, Precision.FLOAT32)));
        assertNull(Suite.skipReason("loop", Workload.gemm(2048, Precision.FLOAT32)));
    }

    @Test
    void onlyTheBackendsAndPyTorchTrain() {
        Workload train = Workload.train(128, Precision.FLOAT32);
        assertNull(Suite.skipReason("loop", train));
        assertNull(Suite.skipReason("loop-naive", train));
        assertNull(Suite.skipReason("raw:torch", train));
        assertTrue(Suite.skipReason("raw:openblas", train).contains("no training step"));
        assertNull(Suite.skipReason("raw:openblas", Workload.network(256, Precision.FLOAT32)));
    }

    @Test
    void tinySuiteTimesOneCall() {
        assertEquals(1, Suite.TINY.plan().rounds());
        assertEquals(0, Suite.TINY.plan().warmupMs());
    }
}
