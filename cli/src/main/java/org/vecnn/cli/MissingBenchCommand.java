package org.vecnn.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for {@code vecnn bench} when the vecnn-bench jar is not on the class path: the benchmark harness,
 * JMH and the raw libraries it compares with are not part of the command line's jar. Says how to get them.
 */
@Command(name = "bench",
        description = "Benchmarks of every backend beside the raw libraries (not in this jar: needs vecnn-bench; "
                + "run ./vecnn bench from a clone).")
final class MissingBenchCommand implements Callable<Integer> {
    static final String MESSAGE = "the benchmarks are not in this jar; they come with the vecnn-bench jar. From a "
            + "clone of vecnn run ./vecnn bench (it builds bench/target/benchmarks.jar on first use), or run "
            + "java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.vecnn.cli.Main bench "
            + "after ./mvnw -B -ntp -DskipTests package -pl bench -am";

    @Spec
    CommandSpec spec;

    // Every option of the real command (--help included) lands here and gets the same answer.
    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("vecnn bench: " + MESSAGE);
        return Main.UNAVAILABLE;
    }
}
