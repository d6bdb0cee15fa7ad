package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's own logic: option checks and exit codes. The measuring itself is tested in the bench module. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpDescribesTheOptions() {
        Cli.Result r = Cli.run(Cli.loops(), "bench", "--help");

        assertEquals(Main.OK, r.code());
        assertTrue(r.out().contains("Usage: vecnn bench"), r.out());
        assertTrue(r.out().contains("--quick"), r.out());
        assertTrue(r.out().contains("--backends"), r.out());
        assertTrue(r.out().contains("--out"), r.out());
    }

    @Test
    void anUnknownBackendIsAnInvalidCommandLineAndNothingIsWritten() {
        Path out = dir.resolve("report");
        Cli.Result r = Cli.run(Cli.loops(), "bench", "--quick", "--backends", "loop,nope", "--out", out.toString());

        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("unknown backend 'nope'; known: "), r.err());
        assertTrue(r.err().contains("loop"), r.err());
        assertFalse(Files.exists(out), "no report for a rejected command line");
    }

    @Test
    void anEmptyBackendNameIsAnInvalidCommandLine() {
        Cli.Result r = Cli.run(Cli.loops(), "bench", "--backends", "loop,,loop-naive", "--out",
                dir.toString());

        assertEquals(Main.USAGE, r.code());
        assertEquals(List.of("vecnn bench: --backends needs backend names, e.g. --backends loop "
                + "(see 'vecnn bench --help')"), r.errLines());
    }

    @Test
    void aBackendThatCannotRunHereExitsWithItsProbeReason() {
        Cli.Result r = Cli.run(Cli.loops(new FakeProviders.Offline()),
                "bench", "--quick", "--backends", "offline", "--out", dir.resolve("r").toString());

        assertEquals(Main.UNAVAILABLE, r.code());
        assertTrue(r.err().contains("backend 'offline' cannot run here: no accelerator in this machine. "
                + "run it where there is one"), r.err());
    }
}
