package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Checks the PTX the jar ships, without a GPU: it must load on CUDA 12 drivers and compile for sm_75..sm_90. */
@Tag("slow")
class ShippedPtxTest {
    static final List<String> ARCHS = List.of("sm_75", "sm_80", "sm_90");
    private static final Pattern VERSION = Pattern.compile("(?m)^\\.version (\\d+)\\.(\\d+)$");
    private static final Pattern SPILLS = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");

    @Test
    void everyModuleDeclaresAPtxVersionThatCuda12DriversLoad() {
        for (String module : CudaPtx.MODULES) {
            String ptx = new String(CudaPtx.ptx(module), StandardCharsets.US_ASCII);
            Matcher v = VERSION.matcher(ptx);
            assertTrue(v.find(), module + ".ptx has no .version line");
            int version = Integer.parseInt(v.group(1)) * 10 + Integer.parseInt(v.group(2));
            assertTrue(version <= 80, module + ".ptx declares PTX ISA " + v.group(1) + "." + v.group(2)
                    + "; CUDA 12.0 drivers accept up to 8.0: rerun build-ptx.sh");
            assertTrue(ptx.contains("\n.target sm_75\n"), module + ".ptx must target sm_75 (compute_75)");
        }
    }

    @Test
    void everyModuleExportsTheKernelsTheHostLaunches() {
        for (String module : CudaPtx.MODULES) {
            String ptx = new String(CudaPtx.ptx(module), StandardCharsets.US_ASCII);
            for (String kernel : CudaKernels.kernelsOf(module)) {
                assertTrue(ptx.contains(".entry " + kernel + "("), module + ".ptx lacks kernel " + kernel);
            }
        }
    }

    @Test
    void everyModuleCompilesForTuringAmpereAndHopperWithoutSpills() throws Exception {
        String compiler = compilerInUse();
        for (String module : CudaPtx.MODULES) {
            byte[] ptx = CudaPtx.ptx(module);
            for (String arch : ARCHS) {
                String log;
                if (compiler.equals("nvPTXCompiler")) {
                    CudaPtx.Compilation c = CudaPtx.compile(ptx, arch, true);
                    assertTrue(c.succeeded(), module + ".ptx for " + arch + ": " + c.errorLog());
                    assertTrue(c.cubin().length > 0, module + ".ptx for " + arch + ": empty cubin");
                    log = c.infoLog();
                } else {
                    Path file = Files.createTempFile("vecnn-" + module, ".ptx");
                    try {
                        Files.write(file, ptx);
                        ToolRun run = ToolRun.of(compiler, "-v", "-arch=" + arch, file.toString(), "-o", "/dev/null");
                        assertEquals(0, run.exitCode(), module + ".ptx for " + arch + ": " + run.output());
                        log = run.output();
                    } finally {
                        Files.deleteIfExists(file);
                    }
                }
                assertNoSpills(module + ".ptx for " + arch, log);
            }
        }
    }

    /** Asserts that every "N bytes spill stores, M bytes spill loads" line of a verbose ptxas log says 0, 0. */
    static void assertNoSpills(String what, String log) {
        Matcher m = SPILLS.matcher(log);
        List<String> spills = new ArrayList<>();
        int lines = 0;
        while (m.find()) {
            lines++;
            if (!m.group(1).equals("0") || !m.group(2).equals("0")) {
                spills.add(m.group());
            }
        }
        assertTrue(lines > 0, what + ": the compiler's verbose log has no spill statistics:\n" + log);
        assertTrue(spills.isEmpty(), what + " spills registers: " + spills + "\n" + log);
    }

    /** JCuda's PTX compiler when it loads (it needs no GPU or driver); ptxas from nvcc's toolkit otherwise. */
    static String compilerInUse() throws IOException {
        try {
            CudaPtx.Compilation probe = CudaPtx.compile(".version 6.3\n.target sm_75\n.address_size 64\n"
                    .getBytes(StandardCharsets.US_ASCII), "sm_75", false);
            if (probe.succeeded()) {
                return "nvPTXCompiler";
            }
        } catch (LinkageError e) {
            // fall through to ptxas
        }
        String ptxas = ToolRun.find("ptxas");
        assumeTrue(ptxas != null, "JCuda's PTX compiler (jcuda-natives) did not load here and no ptxas from a "
                + "CUDA toolkit was found: the shipped PTX cannot be compiled on this machine");
        return ptxas;
    }

    static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
