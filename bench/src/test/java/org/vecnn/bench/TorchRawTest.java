package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Precision;

/**
 * raw:torch without Python: a missing interpreter, an interpreter without PyTorch, and a fake helper (a shell
 * script) whose answers come from a fake results file; the row reader on its own; the request the JVM writes.
 * One test runs the real helper where PyTorch is installed.
 */
class TorchRawTest {
    private static final Precision F32 = Precision.FLOAT32;
    private static final Suite.Plan PLAN = new Suite.Plan(0, 1, 0, 0);

    private static String row(String id, String status, String times, String note) {
        Workload w = Workload.parse(id);
        return id + "," + w.kind().label() + "," + w.size() + "," + w.precision() + ",raw:torch,true," + status + ","
                + times + ",,,,,,,," + note;
    }

    /** An executable shell script standing in for python3 ($1 is the helper's path, $2 --probe or nothing). */
    private static Path fakePython(Path dir, String body) throws Exception {
        Path f = dir.resolve("fake-python");
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    /** A fake helper answering each request with the row of its workload id from a fake results file. */
    private static Path fakeHelper(Path dir, List<String> rows) throws Exception {
        Path results = dir.resolve("fake-results.csv");
        Files.write(results, rows);
        return fakePython(dir, "if [ \"$2\" = --probe ]; then echo 'ok fake PyTorch 0.0'; exit 0; fi\n"
                + "while IFS= read -r line; do\n"
                + "  id=$(printf '%s' \"$line\" | sed -e 's/^{\"workload\":\"\\([^\"]*\\)\".*/\\1/')\n"
                + "  grep -m 1 \"^$id,\" '" + results + "' || { echo \"no row for $id\" >&2; exit 3; }\n"
                + "done");
    }

    @Test
    void aMissingInterpreterMakesItUnavailableWithTheReasonAndTheInstallLine() {
        try (TorchRaw torch = new TorchRaw(List.of("/nonexistent/python3"), 2, 1000)) {
            assertFalse(torch.probe().available());
            assertTrue(torch.probe().reason().contains("/nonexistent/python3: cannot be run"),
                    torch.probe().reason());
            assertTrue(torch.probe().explanation().contains("apt-get install python3-torch"),
                    torch.probe().explanation());
            Result r = torch.measure(Workload.gemm(8, F32), PLAN);
            assertEquals(Result.Status.FAILED, r.status());
            assertTrue(r.note().startsWith("unavailable: "), r.note());
        }
    }

    @Test
    void anInterpreterWithoutPyTorchSaysWhatFailedForEachCandidate(@TempDir Path dir) throws Exception {
        Path fake = fakePython(dir, "echo 'Traceback (most recent call last):'\n"
                + "echo \"unavailable PyTorch does not import in $0: ModuleNotFoundError: No module named 'torch'\"");
        try (TorchRaw torch = new TorchRaw(List.of(fake.toString(), "/nonexistent/python3"), 2, 1000)) {
            String reason = torch.probe().reason();
            assertFalse(torch.probe().available());
            assertTrue(reason.contains(fake + ": PyTorch does not import"), reason);
            assertTrue(reason.contains("No module named 'torch'"), reason);
            assertTrue(reason.contains("/nonexistent/python3: cannot be run"), reason);
        }
    }

    @Test
    void theInterpreterNamedByTheUserIsTheOnlyOneTried() {
        assertEquals(List.of("/opt/py/bin/python3"), TorchRaw.interpreters("/opt/py/bin/python3", "/other"));
        assertEquals(List.of("/other"), TorchRaw.interpreters(" ", "/other"));
        assertEquals(List.of("python3", "/usr/bin/python3"), TorchRaw.interpreters(null, null));
    }

    @Test
    void withoutPyTorchTheRestRunsAndTheReportSaysUnavailable() {
        List<Subject> subjects = List.of(new EjmlRaw(false), new TorchRaw(List.of("/nonexistent/python3"), 2, 1000));
        try {
            List<Workload> workloads = List.of(Workload.gemm(8, F32), Workload.dense(2, F32));
            List<Result> results = new Harness(PLAN).run(workloads, subjects, new Harness.Listener() { });
            assertEquals(2, results.size(), "the unavailable subject has no cells");
            assertTrue(results.stream().allMatch(r -> r.ok() && r.subject().equals("raw:ejml")));
            BenchReport report = new BenchReport("t", "m", "s", 1, "l", Machine.describe(subjects),
                    new Peak(100, 50, 2, "test"), results);
            String table = ReportWriter.table(report);
            assertTrue(table.contains("Not measured (unavailable here):\n  raw:torch: no Python with PyTorch found"),
                    table);
            assertTrue(table.contains("apt-get install python3-torch"), table);
            assertTrue(Double.isNaN(report.ratioToTorch(results.get(0))));
        } finally {
            subjects.forEach(Subject::close);
        }
    }

    @Test
    void rowsOfAFakeHelperBecomeResultsBesideTheOthers(@TempDir Path dir) throws Exception {
        Path fake = fakeHelper(dir, List.of(
                row("gemm-8-f32", "ok", "200.0,100.0,400.0,150.0,300.0,5,1000", "\"PyTorch 0.0, 2 threads\""),
                row("dense-2-f32", "failed", ",,,,,,", "\"RuntimeException: no \"\"addmm\"\", sorry\""),
                row("seed-f32", "ok", "200.0,100.0,400.0,150.0,300.0,5,1000", "fine").replace(",raw:torch,",
                        ",raw:onnxruntime,"),
                row("train-2-f32", "ok", "1000.0,900.0,1100.0,950.0,1050.0,3,7", "Adam")));
        List<Subject> subjects = List.of(new EjmlRaw(false), new TorchRaw(List.of(fake.toString()), 2, 60_000));
        try {
            assertTrue(subjects.get(1).probe().available(), subjects.get(1).probe().reason());
            assertEquals("fake PyTorch 0.0, 2 threads", subjects.get(1).probe().reason());
            List<Workload> workloads = List.of(Workload.gemm(8, F32), Workload.dense(2, F32), Workload.seed(F32),
                    Workload.network(2, F32), Workload.train(2, F32));
            List<Result> results = new Harness(PLAN).run(workloads, subjects, new Harness.Listener() { });
            assertEquals(10, results.size());

            Result gemm = results.get(1);
            assertEquals("raw:torch", gemm.subject());
            assertTrue(gemm.ok(), gemm.note());
            assertTrue(gemm.library());
            assertEquals(200.0, gemm.medianNs());
            assertEquals(new Stats(200, 100, 400, 150, 300, 5, 1000), gemm.stats());
            assertEquals("PyTorch 0.0, 2 threads", gemm.note());
            BenchReport report = new BenchReport("t", "m", "s", 1, "l", Machine.describe(subjects),
                    new Peak(100, 50, 2, "test"), results);
            assertEquals(200.0 / results.get(0).medianNs(), report.ratioToTorch(results.get(0)), 1e-12);
            assertTrue(Double.isNaN(report.ratioToTorch(gemm)), "no ratio of PyTorch to itself");
            assertTrue(ReportWriter.table(report).contains("raw:torch"));

            Result dense = results.get(3);
            assertEquals(Result.Status.FAILED, dense.status());
            assertEquals("PyTorch failed: RuntimeException: no \"addmm\", sorry", dense.note());

            Result seed = results.get(5);
            assertEquals(Result.Status.FAILED, seed.status());
            assertTrue(seed.note().contains("answered for seed-f32@raw:onnxruntime when asked for seed-f32@raw:torch"),
                    seed.note());

            Result network = results.get(7);
            assertEquals(Result.Status.FAILED, network.status());
            assertTrue(network.note().contains("ended without an answer"), network.note());
            assertTrue(network.note().contains("no row for network-2-f32"), "its error output: " + network.note());

            assertEquals(Result.Status.SKIPPED, results.get(8).status(), "raw:ejml has no training step");
            Result train = results.get(9);
            assertTrue(train.ok(), "a new process after the one that ended: " + train.note());
            assertEquals(1000.0, train.medianNs());
            assertEquals(2 * 1e9 / 1000.0, train.samplesPerSecond(), 1e-6);
        } finally {
            subjects.forEach(Subject::close);
        }
    }

    private static Result ok(String id, String subject, double ns) {
        return new Result(Workload.parse(id), subject, subject.startsWith("raw:"), Result.Status.OK, "",
                new Stats(ns, ns, ns, ns, ns, 1, 1));
    }

    private static Target target(BenchReport r, String start) {
        return r.targets().stream().filter(t -> t.description().startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void theTargetsAgainstPyTorchAreJudgedOnTheSameRunsRatios() {
        List<Result> results = new ArrayList<>();
        for (String id : List.of("dense-1-f32", "dense-64-f32", "dense-1024-f32", "network-256-f32")) {
            results.add(ok(id, "nd4j", 100));
            results.add(ok(id, "loop", id.equals("dense-1-f32") ? 300 : 90));
            results.add(ok(id, "raw:openblas", 10));
            results.add(ok(id, "raw:torch", 110));
        }
        results.add(ok("train-128-f32", "nd4j", 2000));
        results.add(ok("train-128-f32", "loop", 1200));
        results.add(ok("train-128-f32", "loop-naive", 36000));
        results.add(ok("train-128-f32", "raw:torch", 1000));
        BenchReport r = new BenchReport("t", "m", "s", 1, "l", new Machine("cpu", 2, "", "", "", "", "", List.of(), "", ""),
                new Peak(100, 50, 2, "test"), results);

        Target best = target(r, "best CPU backend, dense");
        assertEquals(Boolean.TRUE, best.met(), best.measured());
        assertTrue(best.measured().startsWith("worst 1.10 (dense-1-f32); dense-1-f32 1.10 (nd4j), dense-64-f32 1.22 "
                + "(loop)"), "the raw libraries do not count: " + best.measured());
        assertEquals(Boolean.TRUE, target(r, "loop, dense at batch 64").met());
        Target bestTraining = target(r, "best CPU backend, training step");
        assertEquals(Boolean.FALSE, bestTraining.met());
        assertEquals("train-128-f32 0.83 (loop) of PyTorch's samples per second", bestTraining.measured());
        assertEquals(Boolean.TRUE, target(r, "loop, training step batch 128, FLOAT32: samples per second ≥ 0.8×")
                .met());
        Target naive = target(r, "loop, training step batch 128, FLOAT32: samples per second ≥ 25×");
        assertEquals("30.0×", naive.measured());
        assertEquals(Boolean.TRUE, naive.met());

        results.removeIf(x -> x.subject().equals("raw:torch"));
        BenchReport without = new BenchReport("t", "m", "s", 1, "l", r.machine(), r.peak(), results);
        assertEquals(null, target(without, "best CPU backend, training step").met(), "not measured without PyTorch");
    }

    @Test
    void aHelperThatDoesNotAnswerIsStoppedAndTheCellFails(@TempDir Path dir) throws Exception {
        Path fake = fakePython(dir, "if [ \"$2\" = --probe ]; then echo 'ok fake'; exit 0; fi\n"
                + "while IFS= read -r line; do :; done");
        try (TorchRaw torch = new TorchRaw(List.of(fake.toString()), 2, 300)) {
            Result r = torch.measure(Workload.gemm(8, F32), PLAN);
            assertEquals(Result.Status.FAILED, r.status());
            assertTrue(r.note().contains("gave no answer in 0.3 s; stopped"), r.note());
        }
    }

    @Test
    void theRowReaderChecksWhatItReads() {
        Workload w = Workload.dense(64, F32);
        Result ok = TorchRaw.parseRow(row("dense-64-f32", "ok", "2.0E5,1.5e5,3e5,1.8e5,2.2e5,7,40", "\"a, b\""), w);
        assertTrue(ok.ok());
        assertEquals(new Stats(2e5, 1.5e5, 3e5, 1.8e5, 2.2e5, 7, 40), ok.stats());
        assertEquals("a, b", ok.note());

        assertTrue(TorchRaw.parseRow("dense-64-f32,dense,64", w).note().contains("3 fields, not the 22"));
        assertTrue(TorchRaw.parseRow(row("dense-64-f32", "ok", "1,1,1,1,1,1,1", "\"open"), w).note()
                .contains("a quoted field is not closed"));
        assertTrue(TorchRaw.parseRow(row("dense-64-f32", "ok", "x,1,1,1,1,1,1", ""), w).note()
                .contains("unreadable answer"));
        assertTrue(TorchRaw.parseRow(row("dense-64-f32", "ok", "1,2,3,1,1,1,1", ""), w).note()
                .contains("not ordered"), "a median below the minimum");
        assertTrue(TorchRaw.parseRow(row("dense-64-f32", "done", "1,1,1,1,1,1,1", ""), w).note()
                .contains("status 'done'"));
        assertEquals(Result.Status.FAILED, TorchRaw.parseRow(row("dense-64-f32", "ok", "1,1,1,1,1,1,1", "")
                .replace(",raw:torch,", ",raw:onnxruntime,"), w).status(), "another subject's row");
        assertEquals(List.of("a", "", "b \"c\", d", ""), TorchRaw.csvFields("a,,\"b \"\"c\"\", d\","));
        assertThrows(UnsupportedOperationException.class, () -> new TorchRaw().prepare(w));
    }

    @Test
    void theRequestCarriesTheWorkloadsDefinitionAndItsOperands(@TempDir Path dir) throws Exception {
        Workload w = Workload.train(3, F32);
        try (TorchRaw torch = new TorchRaw(List.of("/nonexistent/python3"), 5, 1000)) {
            JsonNode r = new ObjectMapper().readTree(torch.request(w, Suite.QUICK.plan(), dir));
            assertEquals("train-3-f32", r.get("workload").asText());
            assertEquals("train", r.get("kind").asText());
            assertEquals(3, r.get("size").asInt());
            assertEquals("FLOAT32", r.get("precision").asText());
            assertEquals(5, r.get("threads").asInt());
            assertEquals(Suite.QUICK.plan().roundMs(), r.get("plan").get("round_ms").asLong());
            assertEquals(Suite.QUICK.plan().rounds(), r.get("plan").get("rounds").asInt());
            assertEquals("[[784,256,\"relu\"],[256,128,\"relu\"],[128,10,\"softmax\"]]", r.get("layers").toString());
            JsonNode t = r.get("train");
            assertEquals("categorical_cross_entropy", t.get("loss").asText());
            assertEquals("adam", t.get("optimizer").asText());
            assertEquals(Workload.TRAINING.learningRate(), t.get("lr").asDouble());
            assertEquals(Workload.TRAINING.epsilon(), t.get("eps").asDouble());

            WorkloadData data = WorkloadData.of(w);
            ByteBuffer x = read(Path.of(r.get("data").get("input").asText()));
            assertEquals(3 * 784 * 4, x.capacity());
            assertEquals((float) data.input()[5], x.getFloat(5 * 4));
            ByteBuffer w2 = read(Path.of(r.get("data").get("weights").get(2).asText()));
            assertEquals(128 * 10 * 4, w2.capacity());
            assertEquals((float) data.weights().get(2)[17], w2.getFloat(17 * 4));
            ByteBuffer labels = read(Path.of(r.get("data").get("labels").asText()));
            for (int i = 0; i < 3; i++) {
                assertEquals(data.labels()[i], labels.getInt(4 * i));
            }
        }
        try (TorchRaw torch = new TorchRaw(List.of("/nonexistent/python3"), 2, 1000)) {
            Path gemmDir = Files.createDirectory(dir.resolve("gemm"));
            JsonNode r = new ObjectMapper().readTree(torch.request(Workload.gemm(4, Precision.FLOAT64),
                    Suite.QUICK.plan(), gemmDir));
            ByteBuffer b = read(Path.of(r.get("data").get("right").asText()));
            assertEquals(16 * 8, b.capacity());
            assertEquals(WorkloadData.of(Workload.gemm(4, Precision.FLOAT64)).right()[15], b.getDouble(15 * 8));
            assertFalse(r.has("train"));
        }
    }

    private static ByteBuffer read(Path file) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
    }

    @Test
    void theRealHelperMeasuresEveryKindWherePyTorchIsInstalled() {
        try (TorchRaw torch = new TorchRaw()) {
            assumeTrue(torch.probe().available(), "PyTorch is not installed here: " + torch.probe().explanation());
            assertTrue(torch.probe().reason().startsWith("PyTorch "), torch.probe().reason());
            List<Result> results = new ArrayList<>();
            for (Workload w : Suite.TINY.workloads()) {
                results.add(torch.measure(w, PLAN));
            }
            for (Result r : results) {
                assertTrue(r.ok(), r.workload() + ": " + r.note());
                // PyTorch computed the same workload: the sum of its first output (a training step's first loss)
                // is the independent reference's.
                Matcher m = Pattern.compile("(output sum|first loss) (\\S+)$")
                        .matcher(r.note());
                assertTrue(m.find(), r.note());
                double sum = 0;
                double size = 0;
                for (double x : Reference.of(r.workload())) {
                    sum += x;
                    size += Math.abs(x);
                }
                double tolerance = (r.workload().precision() == F32 ? 1e-5 : 1e-12) * (1 + size);
                assertEquals(sum, Double.parseDouble(m.group(2)), tolerance, r.workload() + ": " + r.note());
            }
        }
    }
}
