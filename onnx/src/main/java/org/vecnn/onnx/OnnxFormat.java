package org.vecnn.onnx;

import java.io.IOException;
import java.nio.file.Path;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import org.vecnn.model.ModelFormat;

/**
 * The {@code .onnx} {@link ModelFormat}: with {@code vecnn-onnx} on the class path, {@link Model#load(Path)}
 * reads ONNX files of feed-forward dense networks and {@link Model#save(Path)} writes them.
 *
 * <p><b>Read</b>: a chain from one input to one output of Gemm (transB, alpha, beta), MatMul + Add, Relu,
 * Sigmoid, Tanh, Softmax over the rows, LeakyRelu with alpha 0, Flatten, Reshape to a batch of rows,
 * Identity, Dropout (inference) and BatchNormalization after a dense layer (folded into W and b); FLOAT or
 * DOUBLE; weights in raw_data, float_data, double_data or external data files; any batch dimension;
 * opsets 9 to 23. Anything else fails with an {@link OnnxFormatException} naming the node, its op and what is
 * supported, before any backend is touched.
 *
 * <p><b>Write</b>: Gemm per layer plus its activation, IR version 8, opset 13, input {@code input} and output
 * {@code output} of shape [batch, features] with a symbolic batch.
 */
public final class OnnxFormat implements ModelFormat {
    /** For {@link java.util.ServiceLoader}; does no work. */
    public OnnxFormat() {
    }

    @Override
    public String extension() {
        return "onnx";
    }

    @Override
    public Model read(Path file) throws IOException {
        return OnnxReader.read(file);
    }

    @Override
    public void write(Model model, Path file, Precision precision) throws IOException {
        OnnxWriter.write(model, file, precision);
    }
}
