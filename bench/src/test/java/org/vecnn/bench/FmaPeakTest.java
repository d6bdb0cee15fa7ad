package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class FmaPeakTest {

    @Tag("slow")
    @Test
    void thePeakIsMeasuredByTheNativeProbeWhereGccAndAvx2ArePresent() {
        Peak p = FmaPeak.measure(1);
        boolean avx2 = Machine.cpuFlags().contains(" avx2 ") && Machine.cpuFlags().contains(" fma ");
        boolean gcc = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/gcc"));
        if (avx2 && gcc) {
            assertTrue(p.method().startsWith("native probe"), p.method());
        }
        if (!p.method().startsWith("not measured")) {
            assertTrue(p.float32Gflops() > 0 && Double.isFinite(p.float32Gflops()), p.toString());
            assertTrue(p.float64Gflops() > 0 && Double.isFinite(p.float64Gflops()), p.toString());
        }
        assertTrue(p.threads() == 1);
    }

    @Test
    void theVectorApiProbeRunsWhenTheJvmHasIt() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "surefire runs with --add-modules jdk.incubator.vector (see bench/pom.xml)");
        double g = VectorFmaProbe.gflops(1, false);
        assertTrue(g > 0 && Double.isFinite(g), Double.toString(g));
        double d = VectorFmaProbe.gflops(1, true); // the generated FLOAT64 chains
        assertTrue(d > 0 && Double.isFinite(d), Double.toString(d));
    }
}
