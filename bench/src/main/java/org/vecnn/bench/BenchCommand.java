package org.vecnn.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vecnn.BackendUnavailableException;
import org.vecnn.cli.Main;
import org.vecnn.cli.VecnnCommand;
import org.vecnn.cli.VecnnSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vecnn bench}: the benchmarks of this module, run in this JVM. It joins the {@code vecnn} command line
 * when this module's jar is on the class path ({@link VecnnSubcommand}); the {@code ./vecnn} launcher puts it
 * there for {@code ./vecnn bench}. Thin: it parses the options and calls {@link Bench#runAndWrite}.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
                "Measures every available backend beside the raw libraries it wraps (OpenBLAS, ND4J, EJML), ONNX "
                        + "Runtime, PyTorch (raw:torch, where python3-torch is installed) and the machine's FMA peak: "
                        + "GEMM n = 64..2048, the seed's layer, dense 784→256 sigmoid at batch 1, 64, 1024 and the "
                        + "784→256→128→10 network, in FLOAT32 and FLOAT64, and a training step of that network "
                        + "(batch 128, cross-entropy, Adam, FLOAT32).",
                "Prints a table (median per call, spread, GFLOPS, %% of peak, samples/s, ratio to the raw library, "
                        + "speedup over loop-naive, the targets) and writes DIR/report.html with its charts, the "
                        + "charts as SVG, and results.csv and results.json.",
                "The full run takes 7 to 12 minutes on 2 cores, --quick about 70 s. Other work on the machine "
                        + "skews the figures: compare them as ratios within one run."})
public final class BenchCommand implements Callable<Integer>, VecnnSubcommand {

    @Spec
    CommandSpec spec;

    /** Created by ServiceLoader; picocli fills in the options. */
    public BenchCommand() {
    }

    @ParentCommand
    VecnnCommand top;

    @Option(names = "--quick", description = "Run the quick suite (FLOAT32 GEMM n = 64, 256, 1024, the layer "
            + "workloads and a FLOAT64 sample; about 70 s) instead of the full one.")
    boolean quick;

    @Option(names = {"-b", "--backends"}, paramLabel = "NAME", split = ",",
            description = "Measure only these backends (comma-separated), e.g. loop,nd4j; loop-naive and the raw "
                    + "libraries they are compared with are added. Default: every backend found.")
    List<String> backends;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-out",
            description = "Folder for the report (created; files in it are replaced). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<String> names = backends == null ? List.of() : backends.stream().map(String::trim).toList();
        check(names);
        PrintWriter w = spec.commandLine().getOut();
        Suite suite = quick ? Suite.QUICK : Suite.FULL;
        w.println("vecnn bench: " + suite.label() + " suite, report into " + out.toAbsolutePath());
        w.flush();
        Bench.runAndWrite(new Bench.Options(suite, names, top.registry(), new Progress(w, System.console() != null)),
                w, out);
        return Main.OK;
    }

    // Names are checked before anything runs: an unknown name is a usage error, a backend that cannot run
    // here is "unavailable" (exit 3), as for every other command; neither is silently dropped.
    private void check(List<String> names) {
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new ParameterException(spec.commandLine(), "--backends needs backend names, e.g. --backends loop");
        }
        List<Subject> subjects = Subjects.discover(top.registry());
        try {
            for (String name : names) {
                Subject s = subjects.stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown backend '" + name
                                + "'; known: " + String.join(", ", subjects.stream().map(Subject::name).toList())));
                if (!s.probe().available()) {
                    throw new BackendUnavailableException("backend '" + name + "' cannot run here: "
                            + s.probe().explanation());
                }
            }
        } finally {
            subjects.forEach(Subject::close);
        }
    }
}
