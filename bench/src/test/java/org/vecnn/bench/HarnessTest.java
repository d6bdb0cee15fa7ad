package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vecnn.Backends;
import org.vecnn.Precision;

/**
 * The smoke test of the benchmarks: every workload of the tiny suite runs once on every subject found here,
 * and computes what an independent double-precision reference computes.
 */
class HarnessTest {
    private static List<Subject> subjects;

    @BeforeAll
    static void discover() {
        subjects = Subjects.discover(Backends.registry());
    }

    @AfterAll
    static void close() {
        subjects.forEach(Subject::close);
    }

    /** The available subjects that run in this JVM (raw:torch has tests of its own, TorchRawTest). */
    private static List<Subject> available() {
        List<Subject> a = new ArrayList<>();
        for (Subject s : subjects) {
            if (s.probe().available() && !(s instanceof OutOfProcessSubject)) {
                a.add(s);
            }
        }
        return a;
    }

    @Test
    void theRawCpuLibrariesLoadHere() {
        for (String name : List.of("raw:openblas", "raw:nd4j", "raw:ejml", "raw:ejml-mt")) {
            Subject s = Subjects.find(subjects, name);
            assertTrue(s.probe().available(), name + ": " + s.probe().reason());
            assertTrue(s.isLibrary());
            assertFalse(s.probe().reason().contains("unknown"), "the reports name the library's version: "
                    + s.probe().reason());
        }
    }

    @Test
    void theCublasHookSaysWhyItIsNotMeasured() {
        Subject s = Subjects.find(subjects, "raw:cublas");
        assertFalse(s.probe().available());
        assertTrue(s.probe().hint().contains("cublas_baseline.py"), s.probe().hint());
    }

    @Test
    void everyTinyWorkloadRunsOnEveryAvailableSubject() {
        List<Subject> available = available();
        List<Result> results = new Harness(Suite.TINY.plan()).run(Suite.TINY.workloads(), available,
                new Harness.Listener() { });
        assertEquals(Suite.TINY.workloads().size() * available.size(), results.size());
        for (Result r : results) {
            if (Suite.skipReason(r.subject(), r.workload()) != null) {
                assertEquals(Result.Status.SKIPPED, r.status(), r.workload() + " on " + r.subject());
                continue;
            }
            assertTrue(r.ok(), r.workload() + " on " + r.subject() + ": " + r.status() + " " + r.note());
            assertEquals(1, r.stats().rounds());
            assertTrue(r.medianNs() > 0, r.toString());
        }
    }

    @Test
    void everyAvailableSubjectComputesTheReferenceResult() {
        for (Subject s : available()) {
            for (Workload w : Suite.TINY.workloads()) {
                if (Suite.skipReason(s.name(), w) != null) {
                    continue;
                }
                double[] expected = Reference.of(w);
                double[] got;
                try (Task t = s.prepare(w)) {
                    got = t.result();
                }
                assertEquals(expected.length, got.length, s.name() + " " + w);
                double tolerance = w.precision() == Precision.FLOAT32 ? 1e-4 : 1e-10;
                for (int i = 0; i < expected.length; i++) {
                    if (Math.abs(got[i] - expected[i]) > tolerance * (1 + Math.abs(expected[i]))) {
                        fail(s.name() + " " + w + " element " + i + ": expected " + expected[i] + ", got " + got[i]);
                    }
                }
            }
        }
    }

    @Test
    void theSeedExampleGivesTheLecturesAnswerOnEverySubject() {
        for (Subject s : available()) {
            try (Task t = s.prepare(Workload.seed(Precision.FLOAT64))) {
                double[] out = t.result();
                assertEquals(1.0, Math.rint(out[0]), s.name());
                assertEquals(0.0, Math.rint(out[1]), s.name());
                assertEquals(1.0, Math.rint(out[2]), s.name());
            }
        }
    }

    @Test
    void loopNaiveIsSkippedOnLargeProductsWithoutRunningThem() {
        Subject exploding = new Subject() {
            @Override
            public String name() {
                return Subjects.NAIVE;
            }

            @Override
            public boolean isLibrary() {
                return false;
            }

            @Override
            public org.vecnn.spi.ProbeResult probe() {
                return org.vecnn.spi.ProbeResult.available("test");
            }

            @Override
            public List<String> references() {
                return List.of();
            }

            @Override
            public Task prepare(Workload workload) {
                throw new AssertionError("a skipped cell must not be prepared");
            }

            @Override
            public void close() {
            }
        };
        Result r = new Harness(Suite.TINY.plan()).measure(Workload.gemm(2048, Precision.FLOAT32), exploding);
        assertEquals(Result.Status.SKIPPED, r.status());
        assertTrue(r.note().contains("n > " + Suite.NAIVE_GEMM_LIMIT), r.note());
    }

    @Test
    void aSubjectThatThrowsIsReportedAsFailedWithItsMessage() {
        Subject broken = new Subject() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean isLibrary() {
                return false;
            }

            @Override
            public org.vecnn.spi.ProbeResult probe() {
                return org.vecnn.spi.ProbeResult.available("test");
            }

            @Override
            public List<String> references() {
                return List.of();
            }

            @Override
            public Task prepare(Workload workload) {
                throw new IllegalStateException("no memory for " + workload.id());
            }

            @Override
            public void close() {
            }
        };
        Result r = new Harness(Suite.TINY.plan()).measure(Workload.gemm(8, Precision.FLOAT32), broken);
        assertEquals(Result.Status.FAILED, r.status());
        assertEquals("IllegalStateException: no memory for gemm-8-f32", r.note());
    }

    /** A subject whose every call appends its name, and every finish() "name done", to a shared log. */
    private static Subject logging(String name, List<String> log) {
        return new Subject() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isLibrary() {
                return false;
            }

            @Override
            public org.vecnn.spi.ProbeResult probe() {
                return org.vecnn.spi.ProbeResult.available("test");
            }

            @Override
            public List<String> references() {
                return List.of();
            }

            @Override
            public Task prepare(Workload workload) {
                return new Task() {
                    @Override
                    public Object run() {
                        log.add(name);
                        return log;
                    }

                    @Override
                    public void finish() {
                        log.add(name + " done");
                    }

                    @Override
                    public double[] result() {
                        return new double[0];
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void theTimedRoundsOfOneWorkloadInterleaveAcrossSubjects() {
        List<String> log = new ArrayList<>();
        Suite.Plan plan = new Suite.Plan(0, 3, 0, 0); // no warm-up beyond the first call, 3 rounds of one call
        List<Result> results = new Harness(plan).run(List.of(Workload.gemm(8, Precision.FLOAT32)),
                List.of(logging("a", log), logging("b", log)), new Harness.Listener() { });

        assertEquals(2, results.size());
        assertTrue(results.stream().allMatch(Result::ok), results.toString());
        // first calls (the warm-up) in subject order, then round by round: a, b, a, b, ...; each round (and the
        // first call) ends with finish(), inside the timed span, so a device backend's queued work is counted
        assertEquals(List.of("a", "a done", "b", "b done", "a", "a done", "b", "b done", "a", "a done", "b",
                "b done", "a", "a done", "b", "b done"), log);
    }
}
