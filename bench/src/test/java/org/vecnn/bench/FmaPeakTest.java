package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            String bits = Machine.cpuFlags().contains(" avx512f ") ? "512" : "256";
            assertTrue(p.method().contains(" of " + bits + "-bit FMA "), p.method());
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
        for (boolean wide : new boolean[] {false, true}) {
            double g = VectorFmaProbe.gflops(1, false, wide);
            assertTrue(g > 0 && Double.isFinite(g), Double.toString(g));
            double d = VectorFmaProbe.gflops(1, true, wide); // the generated FLOAT64 chains
            assertTrue(d > 0 && Double.isFinite(d), Double.toString(d));
        }
        assertEquals(512, VectorFmaProbe.bits(true));
    }

    @Test
    void theMachineNamesTheCpuVectorsAndOpenBlasCore() {
        String cpu = Machine.cpuModel();
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/cpuinfo"))) {
            assertTrue(cpu.matches(".+ \\(.+, family \\d+, model \\d+\\)"), cpu);
        }
        assertTrue(Machine.detectVectors().matches("CPU .+, JVM preferred \\d+-bit"), Machine.detectVectors());
        // surefire runs with jdk.incubator.foreign and native access (bench/pom.xml), so the call must work
        String core = Machine.detectOpenblasCore();
        assertTrue(!core.startsWith("unknown"), core);
        assertTrue(core.contains("OPENBLAS_CORETYPE"), core);
    }
}
