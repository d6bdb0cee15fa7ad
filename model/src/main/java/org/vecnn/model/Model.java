package org.vecnn.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.DenseLayer;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;

/**
 * A trained or initialized multilayer network held on the host: its layers' shapes, activations and
 * weights, independent of any backend. {@link #build(Backend, Precision)} uploads the weights once and
 * returns a {@link Network} that holds them for every batch that follows.
 *
 * <p><b>File scheme</b> ({@code .npz}, as {@code numpy.savez} writes it): arrays {@code W0, b0, W1, b1, …} in
 * layer order, each {@code Wi} shaped (inputs, units) and each {@code bi} shaped (units,) or (1, units), float32
 * or float64; and {@code activations}, a 1-D unicode string array ({@code <U…}) with one of {@code linear,
 * sigmoid, relu, leaky_relu, leaky_relu(alpha), tanh, softmax, log_softmax} per layer, as
 * {@link Activation#label()} writes them ({@code identity} and {@code logistic} accepted as synonyms; a leaky
 * ReLU of the default slope 0.01 is written {@code leaky_relu}, another slope e.g. {@code leaky_relu(0.2)}).
 * Other arrays are ignored. In Python:
 * <pre>{@code np.savez("m.npz", W0=W0, b0=b0, W1=W1, b1=b1, activations=np.array(["relu", "softmax"]))}</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Model {
    private static final Pattern LAYER_ARRAY = Pattern.compile("([Wb])(0|[1-9][0-9]{0,5})");

    private final List<LayerWeights> layers;
    private final Precision precision;

    private Model(List<LayerWeights> layers, Precision precision) {
        this.layers = layers;
        this.precision = precision;
    }

    /**
     * A model of given layers.
     *
     * @param precision the precision {@link #build(Backend)} and {@link #save(Path)} use by default
     * @param layers at least one layer, where each layer's units equal the next one's inputs
     * @return the model
     * @throws IllegalArgumentException when there is no layer, one is null, or they do not chain
     */
    public static Model of(Precision precision, List<LayerWeights> layers) {
        Objects.requireNonNull(precision, "model: precision is null");
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("model: needs at least one layer");
        }
        List<LayerWeights> copy = new ArrayList<>(layers);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) == null) {
                throw new IllegalArgumentException("model: layer " + i + " is null");
            }
            if (i > 0 && copy.get(i - 1).units() != copy.get(i).inputs()) {
                throw new IllegalArgumentException("model: layer " + (i - 1) + " is " + copy.get(i - 1)
                        + " but layer " + i + " is " + copy.get(i) + ": layer " + i + ".inputs must equal layer "
                        + (i - 1) + ".units (" + copy.get(i - 1).units() + ")");
            }
        }
        return new Model(Collections.unmodifiableList(copy), precision);
    }

    /**
     * Loads a model from a {@code .npz} file of the scheme above, or from a file of another format that a
     * {@link ModelFormat} on the class path reads, chosen by the extension ({@code .onnx} with
     * {@code vecnn-onnx}). A {@code .npz} model's precision is FLOAT32 when every {@code W} and {@code b}
     * array is float32, FLOAT64 otherwise.
     *
     * @param file the file; a name without a registered extension is read as {@code .npz}
     * @return the model
     * @throws ModelFormatException when the file or the model in it is invalid, naming the file, the array and
     *     what was wrong, or when it is an {@code .onnx} file and {@code vecnn-onnx} is not on the class path
     * @throws IOException when the file cannot be read
     */
    public static Model load(Path file) throws IOException {
        ModelFormat format = format(file);
        if (format != null) {
            return format.read(file);
        }
        // Only the members the model needs are read: 'activations' first, then W and b of the layers it lists.
        // A member the scheme does not use is never read, however large it claims to be (docs/robustness.md).
        try (Npz.Archive archive = Npz.Archive.open(file)) {
            List<String> names = archive.names();
            Set<String> present = new HashSet<>(names);
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            if (present.contains("activations")) {
                NpyArray activations = archive.read("activations");
                arrays.put("activations", activations);
                int count = !activations.isNumeric() && activations.ndim() == 1 ? activations.size() : 0;
                boolean extra = names.stream().anyMatch(n -> {
                    Matcher m = LAYER_ARRAY.matcher(n);
                    return m.matches() && Integer.parseInt(m.group(2)) >= count;
                });
                // Up to the first layer that misses an array: the model is refused there, naming it.
                for (int i = 0; i < count && !extra; i++) {
                    boolean complete = true;
                    for (String name : List.of("W" + i, "b" + i)) {
                        if (present.contains(name)) {
                            arrays.put(name, archive.read(name));
                        } else {
                            complete = false;
                        }
                    }
                    if (!complete) {
                        break;
                    }
                }
            }
            return fromArrays(arrays, names, file.toString());
        }
    }

    /**
     * The registered format for a file's extension, or null for {@code .npz} and names no format claims.
     *
     * @throws ModelFormatException for {@code .onnx} when no format reads it, saying which jar to add
     */
    private static ModelFormat format(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        String extension = dot < 0 ? "" : text.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (extension.isEmpty() || extension.equals("npz")) {
            return null;
        }
        for (ModelFormat format : ServiceLoader.load(ModelFormat.class, Model.class.getClassLoader())) {
            if (format.extension().equals(extension)) {
                return format;
            }
        }
        if (extension.equals("onnx")) {
            throw new ModelFormatException(file.toString(), null, "reading and writing ONNX needs vecnn-onnx "
                    + "(org.vecnn:vecnn-onnx) on the class path; vecnn-model alone reads and writes .npz");
        }
        return null;
    }

    /**
     * Interprets arrays of the scheme above as a model.
     *
     * @param arrays the arrays by name
     * @param file the file they came from, for messages
     * @return the model
     * @throws ModelFormatException when an array is missing, of the wrong kind or shape, the shapes do not
     *     chain, or an activation is missing or unknown
     */
    public static Model fromArrays(Map<String, NpyArray> arrays, String file) {
        return fromArrays(arrays, List.copyOf(arrays.keySet()), file);
    }

    /**
     * @param arrays the arrays read, at least those the model needs
     * @param present the names of every array in the file, read or not, for the checks and messages
     */
    private static Model fromArrays(Map<String, NpyArray> arrays, List<String> present, String file) {
        NpyArray names = arrays.get("activations");
        if (names == null) {
            throw new ModelFormatException(file, "activations", "missing; save one name per layer, e.g. "
                    + "activations=np.array(['relu', 'softmax'])" + present(present));
        }
        if (names.isNumeric()) {
            throw new ModelFormatException(file, "activations", "must be a unicode string array (dtype <U…), "
                    + "found " + names.descr());
        }
        if (names.ndim() != 1 || names.size() == 0) {
            throw new ModelFormatException(file, "activations", "must be 1-D with one name per layer, found "
                    + "shape " + names.shapeText());
        }
        String[] labels = names.stringsNoCopy();
        int count = labels.length;
        TreeSet<String> extra = new TreeSet<>();
        for (String key : present) {
            Matcher m = LAYER_ARRAY.matcher(key);
            if (m.matches() && Integer.parseInt(m.group(2)) >= count) {
                extra.add(key);
            }
        }
        if (!extra.isEmpty()) {
            throw new ModelFormatException(file, extra.first(), "present, but 'activations' lists " + count
                    + " layer" + (count == 1 ? "" : "s") + " " + List.of(labels) + "; give one activation per layer");
        }
        List<LayerWeights> layers = new ArrayList<>(count);
        boolean allSingle = true;
        for (int i = 0; i < count; i++) {
            Activation activation;
            try {
                activation = Activation.byName(labels[i]);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, "activations", "entry " + i + " is '" + labels[i]
                        + "', an unknown activation; expected one of linear, sigmoid, relu, leaky_relu, "
                        + "leaky_relu(alpha) with a finite slope, tanh, softmax, log_softmax (or identity, logistic)");
            }
            NpyArray w = require(arrays, present, "W" + i, file);
            NpyArray b = require(arrays, present, "b" + i, file);
            int[] ws = w.shape();
            if (ws.length != 2 || ws[0] == 0 || ws[1] == 0) {
                throw new ModelFormatException(file, "W" + i, "must be 2-D (inputs, units) with no empty "
                        + "dimension, found shape " + w.shapeText());
            }
            int[] bs = b.shape();
            boolean biasOk = (bs.length == 1 && bs[0] == ws[1]) || (bs.length == 2 && bs[0] == 1 && bs[1] == ws[1]);
            if (!biasOk) {
                throw new ModelFormatException(file, "b" + i, "shape " + b.shapeText() + " does not fit W" + i
                        + " " + w.shapeText() + ": it must be (" + ws[1] + ",) or (1, " + ws[1] + ")");
            }
            if (i > 0 && layers.get(i - 1).units() != ws[0]) {
                throw new ModelFormatException(file, "W" + i, "shape " + w.shapeText() + " does not chain: W"
                        + (i - 1) + " gives " + layers.get(i - 1).units() + " units, so W" + i + " must have "
                        + layers.get(i - 1).units() + " rows");
            }
            allSingle &= w.precision() == Precision.FLOAT32 && b.precision() == Precision.FLOAT32;
            layers.add(new LayerWeights(ws[0], ws[1], activation, w.numbersNoCopy(), b.numbersNoCopy()));
        }
        return new Model(Collections.unmodifiableList(layers), allSingle ? Precision.FLOAT32 : Precision.FLOAT64);
    }

    private static NpyArray require(Map<String, NpyArray> arrays, List<String> present, String name, String file) {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw new ModelFormatException(file, name, "missing; the scheme needs W0, b0, W1, b1, … for every "
                    + "layer that 'activations' lists" + present(present));
        }
        if (!a.isNumeric()) {
            throw new ModelFormatException(file, name, "must be float32 or float64, found strings " + a.descr());
        }
        return a;
    }

    private static String present(List<String> names) {
        return names.isEmpty() ? "; the archive holds no array" : "; present: " + PrintableText.of(String.join(", ",
                names), 400);
    }

    /**
     * Reads a network's weights back to the host, e.g. a network a {@code Trainer} returned, so that it can be
     * saved. The network stays open and unchanged.
     *
     * @param network an open network on any backend
     * @return a model of the network's layers, activations and weights, in the network's precision
     * @throws IllegalArgumentException when network is null
     * @throws IllegalStateException when the network or a weight matrix is closed
     */
    public static Model of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("model: network is null");
        }
        List<LayerWeights> read = new ArrayList<>(network.layers().size());
        for (DenseLayer layer : network.layers()) {
            read.add(new LayerWeights(layer.inputs(), layer.units(), layer.activation(),
                    layer.weights().toDoubleArray(), layer.bias().toDoubleArray()));
        }
        return of(network.precision(), read);
    }

    /** @return the layers, in order, unmodifiable */
    public List<LayerWeights> layers() {
        return layers;
    }

    /**
     * @return the precision {@link #build(Backend)} and {@link #save(Path)} use: that of the file the model
     *     was loaded from, FLOAT64 for a model initialized by {@link Sequential} (its values are doubles)
     */
    public Precision precision() {
        return precision;
    }

    /** @return the inputs of the first layer */
    public int inputs() {
        return layers.get(0).inputs();
    }

    /** @return the units of the last layer */
    public int outputs() {
        return layers.get(layers.size() - 1).units();
    }

    /**
     * @param precision the precision to report
     * @return this model with another default precision; the values are unchanged
     */
    public Model withPrecision(Precision precision) {
        return new Model(layers, Objects.requireNonNull(precision, "model: precision is null"));
    }

    /**
     * Builds the network on a backend in this model's precision; see {@link #build(Backend, Precision)}.
     *
     * @param backend an open backend
     * @return a new network, owned by the caller
     */
    public Network build(Backend backend) {
        return build(backend, precision);
    }

    /**
     * Uploads the weights to a backend, once, and returns the network that holds them. FLOAT32 rounds each
     * double to the nearest float, so every backend receives bitwise the same weights.
     *
     * @param backend an open backend
     * @param precision the precision of the network
     * @return a new network, owned by the caller; on failure nothing stays allocated on the backend
     * @throws IllegalArgumentException when an argument is null
     * @throws IllegalStateException when the backend is closed
     */
    public Network build(Backend backend, Precision precision) {
        if (backend == null) {
            throw new IllegalArgumentException("model.build: backend is null");
        }
        if (precision == null) {
            throw new IllegalArgumentException("model.build: precision is null");
        }
        List<DenseLayer> built = new ArrayList<>(layers.size());
        try {
            for (LayerWeights l : layers) {
                Matrix w = backend.matrix(l.inputs(), l.units(), l.weightsNoCopy(), precision);
                Matrix b = null;
                try {
                    b = backend.matrix(1, l.units(), l.biasNoCopy(), precision);
                    built.add(backend.dense(w, b, l.activation()));
                } catch (RuntimeException | Error e) {
                    w.close();
                    if (b != null) {
                        b.close();
                    }
                    throw e;
                }
            }
            return Network.of(built);
        } catch (RuntimeException | Error e) {
            for (DenseLayer layer : built) {
                layer.close();
            }
            throw e;
        }
    }

    /**
     * The arrays of the file scheme: {@code W0, b0, …} (b as (units,)) and {@code activations}.
     *
     * @param precision FLOAT32 for {@code <f4} arrays (rounded to nearest), FLOAT64 for {@code <f8}
     * @return the arrays by name, in file order
     */
    Map<String, NpyArray> toArrays(Precision precision) {
        Objects.requireNonNull(precision, "model: precision is null");
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        String[] labels = new String[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            LayerWeights l = layers.get(i);
            arrays.put("W" + i, NpyArray.of(precision, l.weightsNoCopy(), l.inputs(), l.units()));
            arrays.put("b" + i, NpyArray.of(precision, l.biasNoCopy(), l.units()));
            labels[i] = l.activation().label();
        }
        arrays.put("activations", NpyArray.ofStrings(labels));
        return arrays;
    }

    /**
     * Saves the model in its precision, members stored; see {@link #save(Path, Precision, boolean)}.
     *
     * @param file the {@code .npz} file (or {@code .onnx} with {@code vecnn-onnx}), created or replaced
     * @throws IOException when it cannot be written
     */
    public void save(Path file) throws IOException {
        save(file, precision, false);
    }

    /**
     * Saves the model as a {@code .npz} file of the scheme above, which {@code numpy.load} reads, or in the
     * format a {@link ModelFormat} on the class path registers for the file's extension ({@code .onnx} with
     * {@code vecnn-onnx}).
     *
     * @param file the file, created or replaced
     * @param precision FLOAT32 or FLOAT64 arrays
     * @param compressed whether to deflate the members of a {@code .npz} (other formats ignore it)
     * @throws ModelFormatException for {@code .onnx} when {@code vecnn-onnx} is not on the class path
     * @throws IOException when it cannot be written
     */
    public void save(Path file, Precision precision, boolean compressed) throws IOException {
        Objects.requireNonNull(precision, "model: precision is null");
        ModelFormat format = format(file);
        if (format != null) {
            format.write(this, file, precision);
            return;
        }
        Npz.write(file, toArrays(precision), compressed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Model && ((Model) o).layers.equals(layers) && ((Model) o).precision == precision;
    }

    @Override
    public int hashCode() {
        return layers.hashCode() * 31 + precision.hashCode();
    }

    /** @return e.g. {@code Model[64→32 relu, 32→10 softmax] FLOAT64} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Model[");
        for (int i = 0; i < layers.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(layers.get(i));
        }
        return s.append("] ").append(precision).toString();
    }
}
