package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vecnn bench}'s path end to end on the tiny suite: run, table, progress, and the report files. */
@Tag("slow")
class BenchTest {

    @Test
    void theTinySuiteRunsAndWritesAReportThatParses(@TempDir Path dir) throws Exception {
        StringWriter progressText = new StringWriter();
        PrintWriter progress = new PrintWriter(progressText, true);
        StringWriter tableText = new StringWriter();
        PrintWriter table = new PrintWriter(tableText, true);
        BenchReport report = Bench.runAndWrite(new Bench.Options(Suite.TINY, List.of(), null,
                new Progress(progress, false)), table, dir);

        int cells = report.results().size();
        assertTrue(cells >= Suite.TINY.workloads().size() * 4, "at least the four raw CPU libraries ran");
        String lines = progressText.toString();
        assertEquals(cells, lines.lines().count(), "one plain progress line per cell when not on a terminal");
        assertTrue(lines.startsWith("[1/" + cells + "] gemm-8-f32 "), lines);
        String text = tableText.toString();
        assertTrue(text.contains("network-2-f64"), text);
        assertTrue(text.contains("Report: "), text);

        JsonNode json = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON).toFile());
        assertEquals("tiny", json.get("run").get("suite").asText());
        assertEquals(cells, json.get("results").size());
        for (JsonNode r : json.get("results")) {
            if (Suite.skipReason(r.get("subject").asText(), Workload.parse(r.get("workload").asText())) != null) {
                assertEquals("skipped", r.get("status").asText(), r.toString());
                continue;
            }
            assertEquals("ok", r.get("status").asText(), r.toString());
            assertTrue(r.get("medianNs").asDouble() > 0, r.toString());
        }
        assertTrue(json.get("machine").get("cpu").asText().length() > 0);
        ReportWriterTest.xml(dir.resolve(ReportWriter.HTML));
        for (String svg : ReportWriter.SVGS) {
            ReportWriterTest.xml(dir.resolve(svg));
        }
        assertEquals(1 + cells, Files.readAllLines(dir.resolve(ReportWriter.CSV)).size());
    }

    @Test
    void theProgressBarRedrawsOneLineOnATerminal() {
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text, true), true);
        p.started(4);
        p.cellStarted(2, Workload.gemm(64, org.vecnn.Precision.FLOAT32), "loop");
        p.finished();
        String s = text.toString();
        assertTrue(s.startsWith("\r[###############...............]   3/4 "), s);
        assertTrue(s.contains("gemm-64-f32"), s);
        assertEquals(-1, s.indexOf('\n'), "no new line while redrawing");
    }
}
