package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Backend;
import org.vecnn.BackendRegistry;
import org.vecnn.BackendUnavailableException;
import org.vecnn.backend.loop.LoopBackendProvider;
import org.vecnn.backend.loop.LoopNaiveBackendProvider;
import org.vecnn.cli.Main;
import org.vecnn.spi.BackendProvider;
import org.vecnn.spi.ProbeResult;

/**
 * The command's own logic, run through the vecnn command line that finds it on the class path: option checks and
 * exit codes. The measuring itself is tested by the other tests of this module.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    /** A backend that is present but cannot run here. */
    private static final class Offline implements BackendProvider {
        @Override
        public String name() {
            return "offline";
        }

        @Override
        public int priority() {
            return 900;
        }

        @Override
        public ProbeResult probe() {
            return ProbeResult.unavailable("no accelerator in this machine", "run it where there is one");
        }

        @Override
        public Backend create() {
            throw new BackendUnavailableException("offline: no accelerator in this machine");
        }
    }

    private static Result run(BackendRegistry registry, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(registry, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static BackendRegistry loops(BackendProvider... extra) {
        BackendRegistry registry = BackendRegistry.of(new LoopBackendProvider(), new LoopNaiveBackendProvider());
        for (BackendProvider p : extra) {
            registry.register(p);
        }
        return registry;
    }

    @Test
    void theCommandLineFindsBenchOnTheClassPathAndItsHelpDescribesTheOptions() {
        Result r = run(loops(), "bench", "--help");

        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("Usage: vecnn bench"), r.out());
        assertTrue(r.out().contains("--quick"), r.out());
        assertTrue(r.out().contains("--backends"), r.out());
        assertTrue(r.out().contains("--out"), r.out());
    }

    @Test
    void anUnknownBackendIsAnInvalidCommandLineAndNothingIsWritten() {
        Path out = dir.resolve("report");
        Result r = run(loops(), "bench", "--quick", "--backends", "loop,nope", "--out", out.toString());

        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("unknown backend 'nope'; known: "), r.err());
        assertTrue(r.err().contains("loop"), r.err());
        assertFalse(Files.exists(out), "no report for a rejected command line");
    }

    @Test
    void anEmptyBackendNameIsAnInvalidCommandLine() {
        Result r = run(loops(), "bench", "--backends", "loop,,loop-naive", "--out", dir.toString());

        assertEquals(Main.USAGE, r.code());
        assertEquals("vecnn bench: --backends needs backend names, e.g. --backends loop "
                + "(see 'vecnn bench --help')", r.err().strip());
    }

    @Test
    void aBackendThatCannotRunHereExitsWithItsProbeReason() {
        Result r = run(loops(new Offline()), "bench", "--quick", "--backends", "offline", "--out",
                dir.resolve("r").toString());

        assertEquals(Main.UNAVAILABLE, r.code());
        assertTrue(r.err().contains("backend 'offline' cannot run here: no accelerator in this machine. "
                + "run it where there is one"), r.err());
    }
}
