package org.vecnn.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vecnn convert}: reads a model in one format and writes it in another, each chosen by the file's
 * extension ({@code .npz}, {@code .onnx}); the work is {@link Model#load(Path)} and
 * {@link Model#save(Path, Precision, boolean)}.
 */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = {
                "Converts a model between NumPy .npz (vecnn's scheme, see vecnn predict --help) and ONNX, each "
                        + "format chosen by the file's extension, e.g. vecnn convert m.npz m.onnx, or the other "
                        + "way round.",
                "ONNX files are read as vecnn reads them for predict (a chain of Gemm or MatMul layers with "
                        + "their activations, see docs/models.md) and written as Gemm and activation nodes, "
                        + "opset 13, with a symbolic batch dimension."})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The model to read: a .npz or .onnx file.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write, .npz or .onnx; replaced "
            + "if it exists.")
    Path out;

    @Option(names = {"-p", "--precision"}, paramLabel = "float32|float64",
            description = "The precision of the written weights; default: the input file's.")
    String precision;

    @Override
    public Integer call() throws IOException {
        Precision chosen = precision == null ? null : PrecisionOption.parse(spec.commandLine(), precision);
        Model model;
        try {
            model = Model.load(in);
        } catch (NoSuchFileException e) {
            throw new IOException(in + ": no such file", e);
        }
        Precision p = chosen != null ? chosen : model.precision();
        try {
            model.save(out, p, false);
        } catch (FileSystemException e) {
            throw new IOException(out + ": cannot write" + (e.getReason() == null ? "" : ": " + e.getReason()), e);
        }
        spec.commandLine().getOut().println(out + ": " + model.withPrecision(p));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
