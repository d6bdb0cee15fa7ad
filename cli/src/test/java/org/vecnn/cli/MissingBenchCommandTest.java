package org.vecnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Without the vecnn-bench jar on the class path (as in this module's tests), vecnn bench says how to get it. */
class MissingBenchCommandTest {

    @Test
    void benchWithoutTheBenchJarSaysHowToGetIt() {
        for (List<String> args : List.of(List.of("bench"), List.of("bench", "--help"),
                List.of("bench", "--quick", "--backends", "loop"))) {
            Cli.Result r = Cli.run(Cli.loops(), args.toArray(new String[0]));

            assertEquals(Main.UNAVAILABLE, r.code(), args.toString());
            assertEquals(List.of("vecnn bench: " + MissingBenchCommand.MESSAGE), r.errLines(), args.toString());
            assertTrue(MissingBenchCommand.MESSAGE.contains("./vecnn bench"), MissingBenchCommand.MESSAGE);
        }
    }

    @Test
    void theTopLevelHelpStillListsBench() {
        Cli.Result r = Cli.run(Cli.loops(), "--help");

        assertEquals(Main.OK, r.code());
        assertTrue(r.out().contains("bench"), r.out());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("bench Benchmarks of every backend beside the raw libraries (not in this jar"),
                r.out());
    }
}
