package org.vecnn.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.vecnn.bench.BenchReport;
import org.vecnn.bench.Result;
import org.vecnn.bench.Suite;
import org.vecnn.bench.Workload;

/** The JMH benchmark cannot rot: its method runs directly, and JMH itself runs it in-process on tiny cells. */
class WorkloadBenchmarkTest {

    @Test
    void theBenchmarkMethodRunsEveryTinyWorkloadOnARawLibraryAndTrainingOnABackend() {
        for (Workload w : Suite.TINY.workloads()) {
            WorkloadBenchmark b = new WorkloadBenchmark();
            b.cell = w.id() + (w.kind() == Workload.Kind.TRAIN ? "@loop-naive" : "@raw:ejml");
            b.setUp();
            try {
                assertNotNull(b.call());
            } finally {
                b.tearDown();
            }
        }
    }

    @Test
    void aRawLibraryRefusesTheTrainingCell() {
        WorkloadBenchmark b = new WorkloadBenchmark();
        b.cell = "train-2-f32@raw:ejml";
        try {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, b::setUp);
            assertEquals("raw:ejml has no training step (train-2-f32)", e.getMessage());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void jmhRunsTinyCellsInProcess(@TempDir Path dir) throws Exception {
        Options options = new OptionsBuilder()
                .include(WorkloadBenchmark.class.getName().replace(".", "\\.") + "\\.call")
                .param("cell", "gemm-8-f32@raw:openblas", "seed-f64@raw:ejml")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .output(dir.resolve("jmh.log").toString())
                .build();
        Collection<RunResult> runs = new Runner(options).run();
        assertEquals(2, runs.size());
        for (RunResult r : runs) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getParam("cell"));
            assertEquals("ns/op", r.getPrimaryResult().getScoreUnit());
        }
    }

    @Test
    void jmhMainTurnsJmhResultsIntoAReport(@TempDir Path dir) throws Exception {
        Options options = new OptionsBuilder()
                .param("cell", "dense-2-f32@raw:openblas")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(2)
                .measurementTime(TimeValue.milliseconds(20))
                .timeUnit(TimeUnit.MICROSECONDS)
                .output(dir.resolve("jmh.log").toString())
                .build();
        BenchReport report = JmhMain.run(options, Suite.TINY, List.of());
        Result r = report.find("dense-2-f32", "raw:openblas");
        assertNotNull(r, report.results().toString());
        assertEquals(2, r.stats().rounds());
        assertTrue(r.medianNs() > 0);
    }

    @Test
    void cellIdsNameWorkloadAndSubject() {
        Cell c = Cell.parse("gemm-1024-f32@raw:openblas");
        assertEquals(Workload.parse("gemm-1024-f32"), c.workload());
        assertEquals("raw:openblas", c.subject());
        assertEquals("gemm-1024-f32@raw:openblas", c.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cell.parse("gemm-8-f32"));
        assertTrue(e.getMessage().contains("<workload>@<subject>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cell.parse("gemm-8-f32@"));
    }
}
