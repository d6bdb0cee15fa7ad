package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Precision;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ReportWriterTest {
    private static final Precision F32 = Precision.FLOAT32;

    /** A report with known medians, so that every derived figure has a value to check. */
    static BenchReport sample(Peak peak) {
        List<Machine.SubjectInfo> subjects = List.of(
                new Machine.SubjectInfo("loop", false, true, "Vector API, 256-bit float lanes, 2 threads", "priority 200, loop.jar"),
                new Machine.SubjectInfo("ejml", false, true, "EJML 0.44.0", "priority 100, ejml.jar"),
                new Machine.SubjectInfo("loop-naive", false, true, "per-neuron loop", "priority 0, loop.jar"),
                new Machine.SubjectInfo("cuda", false, false, "libcuda.so.1 not found", "priority 400, cuda.jar"),
                new Machine.SubjectInfo("raw:openblas", true, true, "OpenBLAS 0.3.21", ""),
                new Machine.SubjectInfo("raw:ejml", true, true, "EJML", ""),
                new Machine.SubjectInfo("raw:ejml-mt", true, true, "EJML MT", ""));
        Machine machine = new Machine("Test CPU <x86> & co", 2, "1.0 GiB", "Linux", "Test JDK 17", "", "0.00 0.00 0.00",
                subjects, "CPU 512-bit (avx512f), JVM preferred 256-bit", "Haswell (OPENBLAS_CORETYPE=Haswell)");
        List<Result> results = new ArrayList<>();
        Workload g1024 = Workload.gemm(1024, F32);
        results.add(ok(g1024, "loop", 40e6));
        results.add(ok(g1024, "ejml", 400e6));
        results.add(ok(g1024, "raw:openblas", 20e6));
        results.add(ok(g1024, "raw:ejml", 800e6));
        results.add(ok(g1024, "raw:ejml-mt", 390e6));
        Workload g64 = Workload.gemm(64, F32);
        results.add(ok(g64, "loop", 20e3));
        results.add(ok(g64, "loop-naive", 400e3));
        results.add(ok(g64, "raw:openblas", 10e3));
        results.add(new Result(Workload.gemm(2048, F32), "loop-naive", false, Result.Status.SKIPPED,
                "too slow, \"not extrapolated\"", null));
        Workload seed = Workload.seed(F32);
        results.add(ok(seed, "loop", 120));
        results.add(ok(seed, "ejml", 1500));
        results.add(ok(seed, "loop-naive", 300));
        results.add(ok(seed, "raw:ejml", 200));
        Workload dense = Workload.dense(1024, F32);
        results.add(ok(dense, "loop", 40e6));
        results.add(ok(dense, "loop-naive", 1e9));
        results.add(new Result(Workload.network(256, F32), "ejml", false, Result.Status.FAILED, "boom, with a comma", null));
        return new BenchReport("test", "synthetic", "2026-01-01T00:00:00Z", 1.5, "0.00 0.00 0.00", machine, peak,
                results);
    }

    private static Result ok(Workload w, String subject, double medianNs) {
        return new Result(w, subject, subject.startsWith("raw:"), Result.Status.OK, "",
                new Stats(medianNs, medianNs * 0.9, medianNs * 1.2, medianNs * 0.95, medianNs * 1.1, 5, 3));
    }

    private static Target target(BenchReport r, String prefix) {
        for (Target t : r.targets()) {
            if (t.description().startsWith(prefix)) {
                return t;
            }
        }
        throw new AssertionError("no target starting with " + prefix);
    }

    @Test
    void derivedFiguresAreSameRunRatiosOfMedians() {
        BenchReport r = sample(new Peak(100, 50, 2, "test"));
        Result loop = r.find("gemm-1024-f32", "loop");
        assertEquals(2.0 * 1024 * 1024 * 1024 / 40e6, loop.gflops(), 1e-9);
        assertEquals(loop.gflops() / 100, r.fractionOfPeak(loop), 1e-12);
        Result gpu = ok(Workload.gemm(1024, F32), "cuda", 1e5);
        assertTrue(Double.isNaN(r.fractionOfPeak(gpu)), "a GPU's GFLOPS are no fraction of the CPU's FMA peak");
        assertEquals(new BenchReport.Reference("raw:openblas", 0.5), r.reference(loop));
        BenchReport.Reference ejml = r.reference(r.find("gemm-1024-f32", "ejml"));
        assertEquals("raw:ejml-mt", ejml.library(), "the faster of EJML's two entry points");
        assertEquals(390.0 / 400.0, ejml.ratio(), 1e-12);
        assertNull(r.reference(r.find("gemm-1024-f32", "raw:openblas")), "libraries have no reference");
        assertEquals(25.0, r.speedupOverNaive(r.find("dense-1024-f32", "loop")), 1e-12);
        assertTrue(Double.isNaN(r.speedupOverNaive(loop)), "loop-naive was not measured at n=1024");
        assertEquals(1024 * 1e9 / 40e6, r.find("dense-1024-f32", "loop").samplesPerSecond(), 1e-6);
    }

    @Test
    void targetsAreJudgedOnTheRunsFigures() {
        BenchReport r = sample(new Peak(100, 50, 2, "test"));
        assertEquals(Boolean.TRUE, target(r, "loop, FLOAT32 GEMM n=1024").met());
        assertTrue(target(r, "loop, FLOAT32 GEMM n=1024").description().contains("≥ 50%"));
        assertEquals(Boolean.TRUE, target(r, "loop, seed").met());
        assertEquals("120 ns per call", target(r, "loop, seed").measured());
        assertEquals(Boolean.TRUE, target(r, "ejml, every GEMM").met());
        assertEquals(Boolean.TRUE, target(r, "ejml, seed").met());
        assertTrue(target(r, "ejml, seed").measured().contains("+1300 ns"), target(r, "ejml, seed").measured());
        assertEquals(Boolean.TRUE, target(r, "loop, dense").met());
        assertEquals("25.0×", target(r, "loop, dense").measured());
        assertNull(target(r, "nd4j, FLOAT32 GEMM").met());
        assertEquals("not measured", target(r, "nd4j, dense 784→256 sigmoid, batch").measured());
        assertEquals(14, r.targets().size());
    }

    @Test
    void aTargetMissedIsSaidSo() {
        BenchReport good = sample(new Peak(100, 50, 2, "test"));
        List<Result> results = new ArrayList<>(good.results());
        results.replaceAll(x -> x.subject().equals("loop") && x.workload().kind() == Workload.Kind.SEED
                ? ok(x.workload(), "loop", 400) : x);
        BenchReport r = new BenchReport("t", "m", "s", 1, "l", good.machine(), good.peak(), results);
        assertEquals(Boolean.FALSE, target(r, "loop, seed").met());
    }

    @Test
    void filesAreWrittenAndParse(@TempDir Path dir) throws Exception {
        BenchReport r = sample(new Peak(100, 50, 2, "test"));
        List<Path> files = ReportWriter.write(r, dir.resolve("out"));
        assertEquals(6, files.size());
        for (Path f : files) {
            assertTrue(Files.size(f) > 0, f.toString());
        }
        Path out = dir.resolve("out");

        Document html = xml(out.resolve(ReportWriter.HTML));
        assertEquals("html", html.getDocumentElement().getLocalName());
        NodeList svgs = html.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertEquals(3, svgs.getLength(), "the charts are inline");
        String page = Files.readString(out.resolve(ReportWriter.HTML));
        assertTrue(page.contains("Test CPU &lt;x86&gt; &amp; co"), "machine description, escaped");
        assertTrue(page.contains("libcuda.so.1 not found"), "unavailable backends say why");
        assertFalse(page.contains("<script"), "no script");
        assertFalse(page.contains("src=\"http"), "no external resource");
        assertTrue(page.contains("failed: boom, with a comma"));

        Document g32 = xml(out.resolve("gflops-float32.svg"));
        assertEquals("svg", g32.getDocumentElement().getLocalName());
        assertEquals(6, g32.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength(),
                "one line per subject with a FLOAT32 GEMM result");
        assertTrue(Files.readString(out.resolve("gflops-float32.svg")).contains("FMA peak 100 GFLOPS"));
        assertTrue(Files.readString(out.resolve("gflops-float64.svg")).contains("no GEMM measured in FLOAT64"));
        String speedup = Files.readString(out.resolve("speedup.svg"));
        xml(out.resolve("speedup.svg"));
        assertTrue(speedup.contains("loop dense-1024-f32: ×25.0"), speedup);
        assertTrue(speedup.contains("loop gemm-64-f32: ×20.0"), speedup);

        List<String> lines = Files.readAllLines(out.resolve(ReportWriter.CSV));
        assertEquals(1 + r.results().size(), lines.size());
        List<String> header = csvFields(lines.get(0));
        assertEquals(ReportWriter.COLUMNS, header);
        assertEquals(22, header.size());
        for (String line : lines) {
            assertEquals(header.size(), csvFields(line).size(), line);
        }
        List<String> loopRow = csvFields(lines.get(1));
        assertEquals("gemm-1024-f32", loopRow.get(header.indexOf("workload")));
        assertEquals("loop", loopRow.get(header.indexOf("subject")));
        assertEquals(0.5, Double.parseDouble(loopRow.get(header.indexOf("ratio_to_reference"))), 1e-12);
        assertEquals("too slow, \"not extrapolated\"", csvFields(lines.get(9)).get(header.indexOf("note")));

        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON).toFile());
        assertEquals(r.results().size(), json.get("results").size());
        JsonNode first = json.get("results").get(0);
        assertEquals("gemm-1024-f32", first.get("workload").asText());
        assertEquals(0.5, first.get("ratioToReference").asDouble(), 1e-12);
        assertEquals("raw:openblas", first.get("reference").asText());
        assertTrue(first.get("speedupOverNaive").isNull());
        assertEquals(100.0, json.get("peak").get("float32Gflops").asDouble());
        assertEquals(7, json.get("machine").get("subjects").size());
        assertEquals(14, json.get("targets").size());
        assertEquals("failed", json.get("results").get(r.results().size() - 1).get("status").asText());
    }

    @Test
    void anUnmeasuredPeakIsNullInJsonAndHasNoLine() throws Exception {
        BenchReport r = sample(new Peak(Double.NaN, Double.NaN, 2, "not measured: no gcc"));
        JsonNode json = new ObjectMapper().readTree(ReportWriter.json(r));
        assertTrue(json.get("peak").get("float32Gflops").isNull());
        assertTrue(json.get("results").get(0).get("fractionOfPeak").isNull());
        assertFalse(Charts.gflops(r, F32).contains("FMA peak"));
        xml(Charts.gflops(r, F32));
    }

    @Test
    void theTableNamesEveryCellAndTheSubjectsLeftOut() {
        String table = ReportWriter.table(sample(new Peak(100, 50, 2, "test")));
        assertTrue(table.contains("gemm-1024-f32    loop"), table);
        assertTrue(table.contains("0.50 raw:openblas"), table);
        assertTrue(table.contains("×25.0"), table);
        assertTrue(table.contains("cuda: libcuda.so.1 not found"), table);
        assertTrue(table.contains("[MET ] loop, seed example FLOAT32"), table);
        assertTrue(table.contains("[n/a ] nd4j"), table);
        assertTrue(table.contains("failed: boom"), table);
    }

    @Test
    void theHeaderNamesTheCpuTheVectorWidthAndTheOpenBlasCore() {
        String table = ReportWriter.table(sample(new Peak(1000, 500, 2, "test")));
        assertTrue(table.startsWith("CPU: Test CPU <x86> & co; vectors: CPU 512-bit (avx512f), JVM preferred "
                + "256-bit; OpenBLAS core: Haswell (OPENBLAS_CORETYPE=Haswell)\n"), table);
        assertFalse(table.contains("PROBE BUG"), table);
    }

    @Test
    void aFigureOverThePeakIsFlaggedAsAProbeBug() {
        // raw:openblas at n = 1024 in 20 ms is 107 GFLOPS: over a peak of 100
        BenchReport r = sample(new Peak(100, 50, 2, "test"));
        assertEquals(1, r.overPeak().size());
        String table = ReportWriter.table(r);
        assertTrue(table.contains("107%!"), table);
        assertTrue(table.contains("PROBE BUG: 1 figure is over 100% of the FMA peak"), table);
        assertTrue(table.contains("gemm-1024-f32@raw:openblas 107%"), table);
        assertTrue(Html.page(r).contains("PROBE BUG"));
    }

    static Document xml(Path file) throws Exception {
        return xml(Files.readString(file));
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        assertFalse(quoted, "unbalanced quotes: " + line);
        assertNotNull(line);
        return fields;
    }
}
