package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecnn.Precision;

class OnnxRuntimeRawTest {
    @Test
    void probeNamesTheVersionAndTheThreads() {
        try (OnnxRuntimeRaw s = new OnnxRuntimeRaw()) {
            assertTrue(s.probe().available(), s.probe().reason());
            assertTrue(s.probe().reason().matches("ONNX Runtime 1\\.\\d+\\.\\d+ CPU provider, \\d+ intra-op threads"),
                    s.probe().reason());
        }
    }

    @Test
    void computesWhatRawEjmlComputes() {
        for (Workload w : new Workload[] {Workload.network(5, Precision.FLOAT32), Workload.dense(3, Precision.FLOAT64),
                Workload.gemm(9, Precision.FLOAT32), Workload.seed(Precision.FLOAT32)}) {
            try (OnnxRuntimeRaw ort = new OnnxRuntimeRaw(); EjmlRaw ejml = new EjmlRaw(false);
                    Task a = ort.prepare(w); Task b = ejml.prepare(w)) {
                double[] x = a.result();
                double[] y = b.result();
                assertEquals(y.length, x.length, w.id());
                for (int i = 0; i < x.length; i++) {
                    // A loose check that both ran the same model; the derived bounds live in vecnn-onnx's tests.
                    assertEquals(y[i], x[i], 1e-4 * (1 + Math.abs(y[i])), w.id() + " element " + i);
                }
            }
        }
    }
}
