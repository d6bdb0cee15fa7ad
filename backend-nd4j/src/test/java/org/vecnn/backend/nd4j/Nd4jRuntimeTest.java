package org.vecnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vecnn.spi.ProbeResult;

class Nd4jRuntimeTest {

    @Test
    void failedNativeLoadBecomesAnUnavailableResultNamingTheError() {
        ProbeResult r = Nd4jRuntime.probe(() -> {
            throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
        });
        assertFalse(r.available());
        assertTrue(r.reason().startsWith("loading ND4J's native library (nd4j-native linux-x86_64) failed:"
                + " UnsatisfiedLinkError: no jnind4jcpu"), r.reason());
        assertEquals(Nd4jRuntime.HINT, r.hint());
    }

    @Test
    void theNoClassDefFoundErrorThatFollowsAFailedLoadIsCaughtToo() {
        ProbeResult r = Nd4jRuntime.probe(() -> {
            throw new NoClassDefFoundError("Could not initialize class org.nd4j.linalg.factory.Nd4j");
        });
        assertFalse(r.available());
        assertTrue(r.reason().contains("NoClassDefFoundError: Could not initialize class"), r.reason());
        ProbeResult wrapped = Nd4jRuntime.probe(() -> {
            throw new ExceptionInInitializerError(new RuntimeException("ND4J backend not found"));
        });
        assertTrue(wrapped.reason().contains("caused by RuntimeException: ND4J backend not found"),
                wrapped.reason());
    }

    /**
     * The real failure, in a child JVM whose JavaCPP looks for natives of a platform that does not exist:
     * the probe reports it, a second attempt meets "Could not initialize class", and selection picks the
     * next backend. A child process, because a JVM that failed to load ND4J cannot load it again.
     */
    @Tag("slow")
    @Test
    void aJvmWhereNd4jCannotLoadReportsWhyAndSelectionMovesOn() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Dorg.bytedeco.javacpp.platform=vecnn-bogus-x86_64",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                FailingLoadMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("VECNN_BACKEND");
        Process child = builder.start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM finishes");
        List<String> lines = List.of(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .split("\n"));
        assertEquals(0, child.exitValue(), String.join("\n", lines));
        assertEquals("available=false", lines.get(0));
        assertTrue(lines.get(1).startsWith("reason=loading ND4J's native library (nd4j-native"
                + " vecnn-bogus-x86_64) failed:"), lines.get(1));
        assertEquals("cached=true", lines.get(2));
        assertTrue(lines.get(3).startsWith("again=loading ND4J's native library")
                && lines.get(3).contains("Could not initialize class"), lines.get(3));
        assertEquals("chosen=next", lines.get(4));
        assertTrue(lines.get(5).startsWith("create=BackendUnavailableException: backend 'nd4j' cannot run"
                + " here: loading ND4J's native library"), lines.get(5));
    }
}
