package org.vecnn.model;

import java.io.IOException;
import java.nio.file.Path;
import org.vecnn.Precision;

/**
 * A model file format other than the built-in {@code .npz}, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.vecnn.model.ModelFormat}) by {@link Model#load(Path)} and
 * {@link Model#save(Path)}, which choose a format by the file name's extension. {@code vecnn-onnx} registers
 * one for {@code .onnx}; a jar on the class path is all it takes.
 *
 * <p>An implementation has a public no-argument constructor that does no work, and is thread-safe.
 */
public interface ModelFormat {
    /** @return the extension this format reads and writes, lower case, without the dot, e.g. {@code "onnx"} */
    String extension();

    /**
     * Reads a model. Nothing is kept open or half-built when it fails.
     *
     * @param file the file
     * @return the model, with the precision of the file's tensors
     * @throws ModelFormatException when the file or the model in it cannot be read, naming the file and the
     *     part at fault
     * @throws IOException when the file cannot be read
     */
    Model read(Path file) throws IOException;

    /**
     * Writes a model, replacing the file.
     *
     * @param model the model
     * @param file the file
     * @param precision the precision of the written tensors
     * @throws IOException when the file cannot be written
     */
    void write(Model model, Path file, Precision precision) throws IOException;
}
