package org.vecnn.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.vecnn.Precision;
import org.vecnn.model.Model;

/**
 * The weights of a vecnn {@link Model} as a serializable value: the model in vecnn's {@code .npz} scheme, as
 * bytes, with their SHA-256. This is what a {@link NetworkTransformer} ships to the executors and stores when
 * it is saved, so that neither depends on the file the model came from.
 *
 * <p>Whatever format the model was read from (any that {@link Model#load(Path)} reads), it is held as
 * {@code .npz} in the model's own precision, which reads back to an equal {@link Model}. Immutable.
 */
public final class NetworkWeights implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @serial the model in vecnn's {@code .npz} scheme */
    private final byte[] npz;
    /** @serial the SHA-256 of {@link #npz}, in hex: the executors' cache key */
    private final String digest;
    /** @serial the model's input width */
    private final int inputs;
    /** @serial the model's output width */
    private final int outputs;
    /** @serial the model's precision */
    private final Precision precision;
    /** @serial the model's description, for messages */
    private final String description;
    private transient volatile Model model;

    private NetworkWeights(byte[] npz, Model model) {
        this.npz = npz;
        this.digest = sha256(npz);
        this.inputs = model.inputs();
        this.outputs = model.outputs();
        this.precision = model.precision();
        this.description = model.toString();
        this.model = model;
    }

    /**
     * The weights of a model.
     *
     * @param model the model
     * @return its weights
     * @throws NullPointerException when model is null
     */
    public static NetworkWeights of(Model model) {
        Objects.requireNonNull(model, "network weights: model is null");
        return new NetworkWeights(toNpz(model), model);
    }

    /**
     * Reads a model file through Hadoop's file systems, so that {@code hdfs://}, {@code s3a://} and plain local
     * paths all work, and loads it with {@link Model#load(Path)}, which picks the format by the file's
     * extension ({@code .npz} today).
     *
     * @param path the model file, e.g. {@code /models/digits.npz} or {@code hdfs:///models/digits.npz}
     * @param hadoop the Hadoop configuration of the session (for credentials and file systems)
     * @return its weights
     * @throws IOException when the file cannot be read
     * @throws org.vecnn.model.ModelFormatException when it holds no valid model
     */
    public static NetworkWeights read(String path, Configuration hadoop) throws IOException {
        Objects.requireNonNull(path, "network weights: path is null");
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
        byte[] bytes;
        try (FileSystem fs = FileSystem.newInstance(file.toUri(), hadoop); InputStream in = fs.open(file)) {
            bytes = in.readAllBytes();
        }
        String name = file.getName();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
        Model model = load(bytes, extension, path);
        return new NetworkWeights(toNpz(model), model);
    }

    /**
     * Weights from {@code .npz} bytes of vecnn's scheme, as {@link #npz()} gives them.
     *
     * @param npz the bytes
     * @param origin where they came from, for messages
     * @return the weights
     * @throws org.vecnn.model.ModelFormatException when they hold no valid model
     */
    public static NetworkWeights fromNpz(byte[] npz, String origin) {
        byte[] copy = npz.clone();
        return new NetworkWeights(copy, modelOf(copy, origin));
    }

    private static Model modelOf(byte[] npz, String origin) {
        try {
            return load(npz, ".npz", origin);
        } catch (IOException e) {
            throw new UncheckedIOException("network weights: cannot read the model of " + origin, e);
        }
    }

    // Model.load reads files only; a private temporary file keeps the format dispatch in one place (the model
    // module's), so that every format it learns works here too.
    private static Model load(byte[] bytes, String extension, String origin) throws IOException {
        Path dir = Files.createTempDirectory("vecnn-spark-model");
        Path file = dir.resolve("model" + extension);
        try {
            Files.write(file, bytes);
            return Model.load(file);
        } catch (RuntimeException e) {
            throw rename(e, file.toString(), origin);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static RuntimeException rename(RuntimeException e, String temporary, String origin) {
        String message = e.getMessage();
        if (message == null || !message.contains(temporary)) {
            return e;
        }
        return new IllegalArgumentException(message.replace(temporary, origin), e);
    }

    private static byte[] toNpz(Model model) {
        try {
            Path dir = Files.createTempDirectory("vecnn-spark-model");
            Path file = dir.resolve("model.npz");
            try {
                model.save(file, model.precision(), false);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("network weights: cannot write " + model + " as .npz", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @return the model, read from the bytes once per JVM (on an executor: on first use) */
    public Model model() {
        Model m = model;
        if (m == null) {
            m = modelOf(npz, "the weights of " + description);
            model = m;
        }
        return m;
    }

    /** @return a copy of the model as {@code .npz} bytes of vecnn's scheme */
    public byte[] npz() {
        return npz.clone();
    }

    /** @return the SHA-256 of {@link #npz()}, in hex: the identity of these weights */
    public String digest() {
        return digest;
    }

    /** @return the inputs of the first layer: the feature count of every row */
    public int inputs() {
        return inputs;
    }

    /** @return the units of the last layer: the size of the output vector */
    public int outputs() {
        return outputs;
    }

    /** @return the model's own precision, the default of the stage */
    public Precision precision() {
        return precision;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkWeights && ((NetworkWeights) o).digest.equals(digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    /** @return e.g. {@code Model[64→32 relu, 32→10 softmax] FLOAT64 (sha256 1a2b3c4d…)} */
    @Override
    public String toString() {
        return description + " (sha256 " + digest.substring(0, 12) + "…)";
    }
}
