package org.vecnn.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecisionTwinsTest {

    @Test
    void theTwinReplacesTheLeadingCommentByTheHeaderAndTheFloat32NamesByFloat64Ones() {
        String source = "// hand-written, edit me\npackage p;\n\n/** FLOAT32 kernel. */\n"
                + "final class FloatX {\n    static final int NC = 8192 / Float.BYTES;\n"
                + "    static float f(float[] a) {\n        return (float) a[0];\n    }\n}\n";
        String twin = PrecisionTwins.generate("m/src/main/java/p/FloatX.java", source);
        assertTrue(twin.startsWith("// GENERATED FILE, do not edit: the FLOAT64 twin of FloatX.java"), twin);
        assertTrue(twin.contains("//     " + PrecisionTwins.COMMAND + "\n"), twin);
        assertTrue(twin.endsWith("package p;\n\n/** FLOAT64 kernel. */\nfinal class DoubleX {\n"
                + "    static final int NC = 8192 / Double.BYTES;\n    static double f(double[] a) {\n"
                + "        return (double) a[0];\n    }\n}\n"), twin);
        assertTrue(!twin.contains("hand-written"), twin);
    }

    @Test
    void aSourceWithoutAPackageLineOrAFloatNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrecisionTwins.generate("m/FloatX.java", "class FloatX {}\n"));
        assertEquals("generate: m/FloatX.java has no package line", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrecisionTwins.twinOf("m/p/Gemm.java"));
        assertEquals("twinOf: m/p/Gemm.java is not a FLOAT32 source; its file name must be Float*.java",
                e.getMessage());
        assertEquals("m/p/DoubleGemm.java", PrecisionTwins.twinOf("m/p/FloatGemm.java"));
    }

    @Test
    void aStaleOrMissingTwinIsReportedWithTheCommandThatRegeneratesIt() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in codegen/
        assertEquals(List.of(), PrecisionTwins.staleTwins(root, ""), "the committed twins are up to date");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrecisionTwins.staleTwins(root, "model"));
        assertEquals("staleTwins: module 'model' has no FLOAT32 source in PrecisionTwins.SOURCES", e.getMessage());

        Path copy = Files.createTempDirectory(Path.of("target"), "stale");
        String source = PrecisionTwins.SOURCES.get(0);
        for (String other : PrecisionTwins.SOURCES) { // the module's other sources, with their twins, unchanged
            if (!other.equals(source) && other.startsWith(source.substring(0, source.indexOf('/') + 1))) {
                for (String file : List.of(other, PrecisionTwins.twinOf(other))) {
                    Files.createDirectories(copy.resolve(file).getParent());
                    Files.copy(root.resolve(file), copy.resolve(file));
                }
            }
        }
        Files.createDirectories(copy.resolve(source).getParent());
        Files.writeString(copy.resolve(source), Files.readString(root.resolve(source)) + "// edited\n");
        List<String> missing = PrecisionTwins.staleTwins(copy, source.substring(0, source.indexOf('/')));
        assertEquals(List.of(PrecisionTwins.twinOf(source) + " is missing", "regenerate from the repository root "
                + "with `" + PrecisionTwins.COMMAND + "` and commit the result"), missing);
        Files.copy(root.resolve(PrecisionTwins.twinOf(source)), copy.resolve(PrecisionTwins.twinOf(source)));
        List<String> stale = PrecisionTwins.staleTwins(copy, source.substring(0, source.indexOf('/')));
        assertEquals(PrecisionTwins.twinOf(source) + " differs from what PrecisionTwins makes of " + source,
                stale.get(0));

        String module = source.substring(0, source.indexOf('/'));
        Path unlisted = copy.resolve(module).resolve("src/main/java/p/FloatNew.java");
        Files.createDirectories(unlisted.getParent());
        Files.writeString(unlisted, "// The FLOAT32 source of truth: DoubleNew.java is generated from it.\n"
                + "package p;\n");
        assertTrue(PrecisionTwins.staleTwins(copy, module).contains(module + "/src/main/java/p/FloatNew.java says it "
                + "is a FLOAT32 source, but PrecisionTwins.SOURCES does not list it"));
    }
}
