package org.vecnn.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.model.LayerWeights;
import org.vecnn.model.Model;
import org.vecnn.onnx.internal.proto.Onnx.AttributeProto;
import org.vecnn.onnx.internal.proto.Onnx.GraphProto;
import org.vecnn.onnx.internal.proto.Onnx.ModelProto;
import org.vecnn.onnx.internal.proto.Onnx.NodeProto;
import org.vecnn.onnx.internal.proto.Onnx.OperatorSetIdProto;
import org.vecnn.onnx.internal.proto.Onnx.TensorProto;
import org.vecnn.onnx.internal.proto.Onnx.TensorShapeProto;
import org.vecnn.onnx.internal.proto.Onnx.TypeProto;
import org.vecnn.onnx.internal.proto.Onnx.ValueInfoProto;

/**
 * Reads an ONNX graph that is a chain of dense layers into a {@link Model}: every node is checked and folded
 * into host-side layers first, and only a complete model is returned, so nothing is ever half-loaded.
 *
 * <p>The chain: one graph input (rank 2 [batch, features], or higher before a Flatten/Reshape), then nodes in
 * order, each reading the previous node's output: Gemm or MatMul (+ Add) start a layer; BatchNormalization,
 * Add of a constant, Identity and inference-mode Dropout fold into it; one activation ends it.
 */
final class OnnxReader {
    /** The oldest default-domain opset read; older graphs have other Gemm/BatchNormalization rules. */
    static final int MIN_OPSET = 9;
    /** The newest default-domain opset of the ONNX Runtime release the tests run against (1.23). */
    static final int MAX_OPSET = 23;
    /** Protobuf's own limit on one message. */
    private static final long MAX_FILE = Integer.MAX_VALUE - 8;

    static final String SUPPORTED = "vecnn reads a chain of Gemm (transA=0), MatMul (+ Add of a constant), "
            + "Relu, Sigmoid, Tanh, LeakyRelu, Softmax and LogSoftmax over the last axis, Flatten (axis=1), "
            + "Reshape to a batch of rows, Identity, Dropout (inference), BatchNormalization after a dense "
            + "layer, Constant, and Shape/Gather/Unsqueeze/Concat/Cast computing a Reshape's shape";

    /** Ops that compute a shape from a shape (PyTorch's x.view(x.size(0), -1)), evaluated at load time. */
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Gather", "Unsqueeze", "Concat", "Cast");
    /** In an evaluated shape: the batch dimension, whatever its size. */
    private static final long BATCH = Long.MIN_VALUE;
    /** In an evaluated shape: a dimension the file does not give. */
    private static final long UNKNOWN = Long.MIN_VALUE + 1;

    private final String file;
    private final TensorData data;
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new java.util.HashSet<>();
    private int opset;
    private int dataType;

    /** One layer being assembled, in doubles; W row-major inputs×units. */
    private static final class Layer {
        final int inputs;
        final int units;
        final double[] w;
        final double[] b;
        Activation activation = Activation.LINEAR;
        boolean activated;

        Layer(int inputs, int units, double[] w, double[] b) {
            this.inputs = inputs;
            this.units = units;
            this.w = w;
            this.b = b;
        }
    }

    private OnnxReader(Path path) {
        this.file = path.toString();
        Path parent = path.toAbsolutePath().getParent();
        this.data = new TensorData(file, parent == null ? Path.of("") : parent);
    }

    /**
     * Reads a model.
     *
     * @param path the {@code .onnx} file
     * @return the model; FLOAT32 for a FLOAT graph, FLOAT64 for a DOUBLE one
     */
    static Model read(Path path) throws IOException {
        return new OnnxReader(path).model(parse(path));
    }

    static ModelProto parse(Path path) throws IOException {
        String file = path.toString();
        long size = Files.size(path);
        if (size == 0) {
            throw new OnnxFormatException(file, "the file is empty; not an ONNX model");
        }
        if (size > MAX_FILE) {
            throw new OnnxFormatException(file, "the file holds " + size + " bytes, more than protobuf's 2 GiB "
                    + "limit on one message; save the weights as ONNX external data");
        }
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            throw new OnnxFormatException(file, "the file is a zip archive (a .npz?), not an ONNX model (a "
                    + "protobuf ModelProto)");
        }
        ModelProto model;
        try {
            // Parsing a byte array checks every declared length against the bytes that remain before
            // allocating, so a corrupt length cannot ask for more memory than the file holds.
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.enableAliasing(true);
            model = ModelProto.parser().parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(file, "not a valid ONNX model, or truncated or corrupt: " + reason(e), e);
        }
        if (!model.hasIrVersion() || !model.hasGraph()) {
            throw new OnnxFormatException(file, "not an ONNX model: the protobuf message has no "
                    + (model.hasIrVersion() ? "graph" : "ir_version"));
        }
        return model;
    }

    /** Protobuf's first sentence, without its advice to raise a size limit (which is not the user's remedy). */
    private static String reason(InvalidProtocolBufferException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("too large")) {
            return "a field declares more bytes than the file holds";
        }
        int end = m.indexOf(". ");
        return end < 0 ? m : m.substring(0, end + 1);
    }

    private Model model(ModelProto model) throws IOException {
        opset = defaultOpset(model);
        GraphProto graph = model.getGraph();
        for (TensorProto t : graph.getInitializerList()) {
            if (constants.put(t.getName(), t) != null) {
                throw new OnnxFormatException(file, "initializer '" + t.getName() + "' is defined twice");
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant") && isDefaultDomain(node)) {
                constants.put(output(node), constantValue(node));
            }
            // Reading a tensor's shape, or computing a shape, does not consume the tensor's values: no branch.
            boolean shapeOnly = SHAPE_OPS.contains(node.getOpType()) && isDefaultDomain(node);
            for (int i = 0; i < node.getInputCount() && !shapeOnly; i++) {
                String input = node.getInput(i);
                boolean shapeOfReshape = i == 1 && node.getOpType().equals("Reshape");
                if (!input.isEmpty() && !shapeOfReshape) {
                    consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
                }
            }
        }
        ValueInfoProto input = single(graph.getInputList(), "input");
        if (graph.getOutputCount() != 1) {
            throw new OnnxFormatException(file, "the graph has " + graph.getOutputCount() + " outputs "
                    + names(graph.getOutputList()) + "; vecnn runs a chain with one output");
        }
        graphOutputs.add(graph.getOutput(0).getName());
        checkSingleUse();

        TypeProto.Tensor type = tensorType(input);
        dataType = type.getElemType();
        if (dataType != TensorProto.DataType.FLOAT_VALUE && dataType != TensorProto.DataType.DOUBLE_VALUE) {
            throw new OnnxFormatException(file, "graph input '" + input.getName() + "' is "
                    + TensorData.typeName(dataType) + "; vecnn runs FLOAT and DOUBLE models");
        }
        long[] shape = shape(type, input.getName());

        String current = input.getName();
        List<Layer> layers = new ArrayList<>();
        boolean open = false; // the current tensor is the last layer's Z, before any activation
        for (int index = 0; index < graph.getNodeCount(); index++) {
            NodeProto node = graph.getNode(index);
            String op = node.getOpType();
            if (!isDefaultDomain(node)) {
                throw fail(node, index, "an op of domain '" + node.getDomain() + "'; " + SUPPORTED
                        + " from the default ONNX domain");
            }
            if (op.equals("Constant")) {
                continue;
            }
            if (SHAPE_OPS.contains(op)) {
                shapeNode(node, index, current, shape);
                continue;
            }
            String in = dataInput(node, index, current);
            Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
            switch (op) {
                case "Gemm": {
                    attributes(node, index, "alpha", "beta", "transA", "transB", "broadcast");
                    if (intAttribute(node, "transA", 0) != 0) {
                        throw fail(node, index, "transA=1 transposes the batch; vecnn reads Gemm with transA=0");
                    }
                    requireRank2(node, index, shape);
                    boolean transB = intAttribute(node, "transB", 0) != 0;
                    double alpha = floatAttribute(node, "alpha", 1);
                    double beta = floatAttribute(node, "beta", 1);
                    TensorProto bTensor = weight(node, index, 1, true);
                    long[] bDims = dims(bTensor);
                    if (bDims.length != 2) {
                        throw fail(node, index, "B '" + bTensor.getName() + "' has dims " + TensorData.dims(bDims)
                                + "; Gemm's B must be 2-D");
                    }
                    int k = (int) (transB ? bDims[1] : bDims[0]);
                    int n = (int) (transB ? bDims[0] : bDims[1]);
                    checkWidth(node, index, shape, k, n, bTensor.getName());
                    double[] b = data.numbers(bTensor, "initializer '" + bTensor.getName() + "'");
                    double[] w = new double[k * n];
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < n; j++) {
                            double v = transB ? b[j * k + i] : b[i * n + j];
                            w[i * n + j] = alpha == 1 ? v : alpha * v;
                        }
                    }
                    double[] bias = new double[n];
                    TensorProto c = node.getInputCount() > 2 && !node.getInput(2).isEmpty()
                            ? weight(node, index, 2, true) : null;
                    if (c != null) {
                        addRow(node, index, bias, c, beta);
                    }
                    layers.add(new Layer(k, n, w, bias));
                    shape = new long[] {-1, n};
                    open = true;
                    break;
                }
                case "MatMul": {
                    attributes(node, index);
                    requireRank2(node, index, shape);
                    TensorProto bTensor = weight(node, index, 1, true);
                    long[] bDims = dims(bTensor);
                    if (bDims.length != 2) {
                        throw fail(node, index, "B '" + bTensor.getName() + "' has dims " + TensorData.dims(bDims)
                                + "; vecnn reads MatMul of the batch by a 2-D weight");
                    }
                    checkWidth(node, index, shape, (int) bDims[0], (int) bDims[1], bTensor.getName());
                    double[] w = data.numbers(bTensor, "initializer '" + bTensor.getName() + "'");
                    layers.add(new Layer((int) bDims[0], (int) bDims[1], w, new double[(int) bDims[1]]));
                    shape = new long[] {-1, bDims[1]};
                    open = true;
                    break;
                }
                case "Add": {
                    attributes(node, index, "broadcast", "axis");
                    int other = node.getInput(0).equals(in) ? 1 : 0;
                    if (node.getInputCount() != 2 || !constants.containsKey(node.getInput(other))) {
                        throw fail(node, index, "adds two computed tensors (a residual connection or a branch); "
                                + "vecnn folds Add of a constant bias into the Gemm or MatMul before it");
                    }
                    if (!open) {
                        throw fail(node, index, "adds a constant that does not follow a Gemm or MatMul directly; "
                                + "vecnn folds a bias Add only into the dense layer before it");
                    }
                    addRow(node, index, last.b, weight(node, index, other, true), 1);
                    break;
                }
                case "Relu":
                case "Sigmoid":
                case "Tanh":
                case "Softmax":
                case "LogSoftmax":
                case "LeakyRelu": {
                    Activation g = activation(node, index);
                    if (!open) {
                        throw fail(node, index, last == null
                                ? "an activation before any dense layer; vecnn applies an activation to the output "
                                        + "of a Gemm or MatMul"
                                : "a second activation on one dense layer; vecnn applies one activation per Gemm "
                                        + "or MatMul");
                    }
                    last.activation = g;
                    last.activated = true;
                    open = false;
                    break;
                }
                case "Identity":
                    attributes(node, index);
                    break;
                case "Dropout":
                    dropout(node, index);
                    break;
                case "Flatten": {
                    attributes(node, index, "axis");
                    long axis = intAttribute(node, "axis", 1);
                    int rank = shape.length;
                    if (axis < 0) {
                        axis += rank;
                    }
                    if (axis != 1) {
                        throw fail(node, index, "axis " + intAttribute(node, "axis", 1) + " on a rank-" + rank
                                + " tensor " + (axis == 0 ? "folds the batch into one row" : "splits the rows "
                                + "differently from the batch") + "; vecnn reads Flatten with axis=1");
                    }
                    shape = new long[] {-1, features(shape)};
                    break;
                }
                case "Reshape":
                    shape = reshape(node, index, shape);
                    break;
                case "BatchNormalization":
                    if (!open) {
                        throw fail(node, index, "BatchNormalization that does not follow a Gemm or MatMul "
                                + "directly; vecnn folds it into the dense layer before it");
                    }
                    batchNormalization(node, index, last);
                    break;
                default:
                    throw fail(node, index, "op " + op + " is not supported; " + SUPPORTED);
            }
            for (int o = 1; o < node.getOutputCount(); o++) {
                String extra = node.getOutput(o);
                if (!extra.isEmpty() && (consumers.containsKey(extra) || graphOutputs.contains(extra))) {
                    throw fail(node, index, "output " + o + " '" + extra + "' is used; vecnn computes only the "
                            + "first output of " + op);
                }
            }
            current = output(node);
        }
        if (layers.isEmpty()) {
            throw new OnnxFormatException(file, "the graph has no dense layer (Gemm or MatMul); " + SUPPORTED);
        }
        if (!graphOutputs.contains(current)) {
            throw new OnnxFormatException(file, "the chain ends in '" + current + "' but the graph output is '"
                    + graphOutputs.iterator().next() + "'; vecnn runs a chain whose last node gives the output");
        }
        List<LayerWeights> result = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            result.add(new LayerWeights(l.inputs, l.units, l.activation, l.w, l.b));
        }
        Precision precision = dataType == TensorProto.DataType.FLOAT_VALUE ? Precision.FLOAT32 : Precision.FLOAT64;
        return Model.of(precision, result);
    }

    private int defaultOpset(ModelProto model) {
        Long version = null;
        for (OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                version = id.getVersion();
            }
        }
        if (version == null) {
            throw new OnnxFormatException(file, "the model imports no default-domain opset (opset_import with "
                    + "domain ''); vecnn reads opsets " + MIN_OPSET + " to " + MAX_OPSET);
        }
        if (version < MIN_OPSET || version > MAX_OPSET) {
            throw new OnnxFormatException(file, "opset " + version + " is outside the opsets vecnn reads, "
                    + MIN_OPSET + " to " + MAX_OPSET + "; export with another opset_version (or convert with "
                    + "onnx.version_converter)");
        }
        return version.intValue();
    }

    private static boolean isDefaultDomain(NodeProto node) {
        return node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
    }

    private ValueInfoProto single(List<ValueInfoProto> inputs, String what) {
        List<ValueInfoProto> data = new ArrayList<>();
        for (ValueInfoProto v : inputs) {
            if (!constants.containsKey(v.getName())) {
                data.add(v);
            }
        }
        if (data.size() != 1) {
            throw new OnnxFormatException(file, "the graph has " + data.size() + " " + what + "s " + names(data)
                    + " (besides initializers); vecnn runs a chain with one " + what);
        }
        return data.get(0);
    }

    private static String names(List<ValueInfoProto> values) {
        List<String> names = new ArrayList<>();
        for (ValueInfoProto v : values) {
            names.add("'" + v.getName() + "'");
        }
        return names.toString();
    }

    /** A computed tensor read by two nodes is a branch; a weight read by two nodes is shared. */
    private void checkSingleUse() {
        for (Map.Entry<String, List<NodeProto>> e : consumers.entrySet()) {
            List<NodeProto> readers = e.getValue();
            int uses = readers.size() + (graphOutputs.contains(e.getKey()) ? 1 : 0);
            if (uses < 2) {
                continue;
            }
            TensorProto constant = constants.get(e.getKey());
            if (constant != null) {
                int type = constant.getDataType();
                if (type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE) {
                    throw new OnnxFormatException(file, "initializer '" + e.getKey() + "' is read by nodes "
                            + describe(readers) + ": weights shared between two nodes; vecnn gives every layer "
                            + "its own weights (export each layer with its own copy)");
                }
                continue;
            }
            throw new OnnxFormatException(file, "tensor '" + e.getKey() + "' is read by " + describe(readers)
                    + (graphOutputs.contains(e.getKey()) ? " and is a graph output" : "")
                    + ": the graph branches; vecnn runs a single chain of layers");
        }
    }

    private static String describe(List<NodeProto> nodes) {
        List<String> s = new ArrayList<>();
        for (NodeProto n : nodes) {
            s.add("'" + n.getName() + "' (" + n.getOpType() + ")");
        }
        return String.join(" and ", s);
    }

    private TypeProto.Tensor tensorType(ValueInfoProto value) {
        if (!value.getType().hasTensorType()) {
            throw new OnnxFormatException(file, "graph input '" + value.getName() + "' is not a tensor; vecnn "
                    + "runs a model whose input is a FLOAT or DOUBLE tensor");
        }
        return value.getType().getTensorType();
    }

    /** The input's dims, -1 where symbolic or absent; rank 2 with unknown features when there is no shape. */
    private long[] shape(TypeProto.Tensor type, String name) {
        if (!type.hasShape()) {
            return new long[] {-1, -1};
        }
        List<TensorShapeProto.Dimension> dims = type.getShape().getDimList();
        if (dims.size() < 2) {
            throw new OnnxFormatException(file, "graph input '" + name + "' has rank " + dims.size() + "; vecnn "
                    + "reads a batch of rows [batch, features] (or [batch, ...] with a Flatten)");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
            if (i > 0 && shape[i] == 0) {
                throw new OnnxFormatException(file, "graph input '" + name + "' has an empty dimension " + i);
            }
        }
        shape[0] = -1; // vecnn runs any batch size; a fixed batch in the file does not restrict it
        return shape;
    }

    private String dataInput(NodeProto node, int index, String current) {
        if (node.getInputCount() == 0 || node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
            throw fail(node, index, "has no input or no output");
        }
        String in = node.getInput(0);
        if (node.getOpType().equals("Add") && node.getInputCount() > 1 && node.getInput(1).equals(current)) {
            in = current;
        }
        if (!in.equals(current)) {
            throw fail(node, index, "reads '" + in + "', not '" + current + "', the output of the node before "
                    + "it: the graph branches or is out of order; vecnn runs a single chain of layers");
        }
        return in;
    }

    private static String output(NodeProto node) {
        return node.getOutputCount() == 0 ? "" : node.getOutput(0);
    }

    private TensorProto weight(NodeProto node, int index, int input, boolean floating) {
        if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
            throw fail(node, index, "input " + input + " is missing");
        }
        String name = node.getInput(input);
        TensorProto t = constants.get(name);
        if (t == null) {
            throw fail(node, index, "input " + input + " '" + name + "' is computed by the graph, not an "
                    + "initializer; vecnn reads weights that are constants of the file");
        }
        if (floating && t.getDataType() != dataType) {
            throw fail(node, index, "initializer '" + name + "' is " + TensorData.typeName(t.getDataType())
                    + " but the graph input is " + TensorData.typeName(dataType) + "; ONNX needs one type");
        }
        return t;
    }

    private long[] dims(TensorProto t) {
        data.elements(t, "initializer '" + t.getName() + "'");
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDims(i);
        }
        return d;
    }

    private void requireRank2(NodeProto node, int index, long[] shape) {
        if (shape.length != 2) {
            throw fail(node, index, "its input has rank " + shape.length + "; vecnn needs a batch of rows "
                    + "[batch, features] here (add a Flatten before it)");
        }
    }

    private void checkWidth(NodeProto node, int index, long[] shape, int k, int n, String weight) {
        if (k == 0 || n == 0) {
            throw fail(node, index, "weight '" + weight + "' has an empty dimension");
        }
        if (shape[1] >= 0 && shape[1] != k) {
            throw fail(node, index, "its input has " + shape[1] + " features but weight '" + weight + "' takes "
                    + k + " inputs");
        }
    }

    /** Adds scale·c, broadcast along the batch, to a layer's bias: c of dims [], [1], [n] or [1, n]. */
    private void addRow(NodeProto node, int index, double[] bias, TensorProto c, double scale) throws IOException {
        long[] d = dims(c);
        int n = bias.length;
        long count = 1;
        for (long x : d) {
            count *= x;
        }
        boolean row = (d.length == 1 && (d[0] == n || d[0] == 1)) || (d.length == 2 && d[0] == 1
                && (d[1] == n || d[1] == 1)) || d.length == 0;
        if (!row) {
            throw fail(node, index, "bias '" + c.getName() + "' has dims " + TensorData.dims(d) + "; vecnn adds a "
                    + "row of " + n + " (dims [" + n + "] or [1, " + n + "]) to every row of the batch");
        }
        double[] v = data.numbers(c, "initializer '" + c.getName() + "'");
        for (int j = 0; j < n; j++) {
            double x = count == 1 ? v[0] : v[j];
            bias[j] += scale == 1 ? x : scale * x;
        }
    }

    private Activation activation(NodeProto node, int index) {
        switch (node.getOpType()) {
            case "Relu":
                attributes(node, index);
                return Activation.RELU;
            case "Sigmoid":
                attributes(node, index);
                return Activation.SIGMOID;
            case "Tanh":
                attributes(node, index);
                return Activation.TANH;
            case "LeakyRelu": {
                attributes(node, index, "alpha");
                // The slope is the attribute's float value exactly (alpha=0.2 in Python is the float nearest
                // 0.2, kept as that double, so FLOAT32 products are bitwise ONNX Runtime's); alpha=0 is a leaky
                // ReLU of slope 0 (-0.0 for z < 0, where Relu gives 0).
                return Activation.leakyRelu(floatAttribute(node, "alpha", 0.01f));
            }
            default: {
                attributes(node, index, "axis");
                boolean log = node.getOpType().equals("LogSoftmax");
                // Before opset 13 (Log)Softmax coerces its input to 2-D at axis (default 1); from 13 on it
                // normalizes along axis (default -1). On the rank-2 [batch, units] tensor vecnn has here, both
                // mean the rows exactly when the axis is 1 or -1.
                long axis = intAttribute(node, "axis", opset < 13 ? 1 : -1);
                if (axis != 1 && axis != -1) {
                    throw fail(node, index, "axis=" + axis + " on [batch, units] normalizes "
                            + (axis == 0 || axis == -2 ? (opset < 13 ? "the whole batch as one row" : "across the batch")
                                    : "an axis the tensor does not have")
                            + "; vecnn's " + (log ? "log_softmax" : "softmax") + " normalizes each row (axis 1 or -1)");
                }
                return log ? Activation.LOG_SOFTMAX : Activation.SOFTMAX;
            }
        }
    }

    private void dropout(NodeProto node, int index) throws IOException {
        attributes(node, index, "ratio", "seed", "is_test");
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            String name = node.getInput(2);
            TensorProto mode = constants.get(name);
            if (mode == null) {
                throw fail(node, index, "training_mode '" + name + "' is computed by the graph; vecnn runs "
                        + "Dropout in inference mode only (training_mode absent or a constant false)");
            }
            long[] v = data.integers(mode, "initializer '" + name + "'");
            if (v.length != 1 || v[0] != 0) {
                throw fail(node, index, "training_mode is true; vecnn runs Dropout in inference mode only");
            }
        }
    }

    private long[] reshape(NodeProto node, int index, long[] shape) throws IOException {
        attributes(node, index, "allowzero");
        if (node.getInputCount() < 2) {
            throw fail(node, index, "has no shape input");
        }
        long[] target = integers(node, index, 1);
        boolean allowZero = intAttribute(node, "allowzero", 0) != 0;
        long features = features(shape);
        boolean keepsBatch = target.length == 2 && (target[0] == -1 || target[0] == BATCH
                || (target[0] == 0 && !allowZero));
        if (keepsBatch) {
            long f = target[1];
            if (f == -1 && target[0] != -1) {
                return new long[] {-1, features};
            }
            if (f > 0 && (features < 0 || f == features)) {
                return new long[] {-1, f};
            }
        }
        throw fail(node, index, "shape " + shapeText(target) + " on an input of " + (features < 0 ? "unknown"
                : features) + " features per row is not a batch of rows; vecnn reads Reshape to [-1, features], "
                + "[0, features], [0, -1] or [batch, -1] (x.view(x.size(0), -1))");
    }

    /** Evaluates a node of {@link #SHAPE_OPS} on shapes and integer constants. */
    private void shapeNode(NodeProto node, int index, String current, long[] shape) throws IOException {
        long[] result;
        switch (node.getOpType()) {
            case "Shape": {
                attributes(node, index);
                if (node.getInputCount() != 1 || !node.getInput(0).equals(current)) {
                    throw fail(node, index, "reads the shape of '" + (node.getInputCount() == 0 ? "" : node.getInput(0))
                            + "', not of '" + current + "', the chain's tensor at this point; vecnn evaluates "
                            + "Shape only of the tensor the chain has reached");
                }
                result = new long[shape.length];
                for (int i = 0; i < shape.length; i++) {
                    result[i] = i == 0 ? BATCH : shape[i] < 0 ? UNKNOWN : shape[i];
                }
                break;
            }
            case "Gather": {
                attributes(node, index, "axis");
                if (intAttribute(node, "axis", 0) != 0 || node.getInputCount() != 2
                        || !shapes.containsKey(node.getInput(0))) {
                    throw fail(node, index, "vecnn evaluates Gather only along axis 0 of a shape (as in "
                            + "x.size(0)); Gather of data (an embedding lookup) is not supported");
                }
                long[] from = shapes.get(node.getInput(0));
                long[] indices = integers(node, index, 1);
                result = new long[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    long at = indices[i] < 0 ? indices[i] + from.length : indices[i];
                    if (at < 0 || at >= from.length) {
                        throw fail(node, index, "index " + indices[i] + " is outside a shape of rank " + from.length);
                    }
                    result[i] = from[(int) at];
                }
                break;
            }
            case "Unsqueeze":
                // A scalar becomes a 1-element vector: the same values (axes, an attribute before opset 13 and
                // an input from 13 on, can only be 0 for a scalar).
                attributes(node, index, "axes");
                result = integers(node, index, 0);
                break;
            case "Cast":
                attributes(node, index, "to", "saturate");
                result = integers(node, index, 0);
                break;
            default: {
                attributes(node, index, "axis");
                List<Long> all = new ArrayList<>();
                for (int i = 0; i < node.getInputCount(); i++) {
                    for (long v : integers(node, index, i)) {
                        all.add(v);
                    }
                }
                result = all.stream().mapToLong(Long::longValue).toArray();
                break;
            }
        }
        shapes.put(output(node), result);
    }

    /** An integer input: an evaluated shape or an integer constant. */
    private long[] integers(NodeProto node, int index, int input) throws IOException {
        String name = input < node.getInputCount() ? node.getInput(input) : "";
        long[] shape = shapes.get(name);
        if (shape != null) {
            return shape;
        }
        TensorProto t = constants.get(name);
        if (t == null) {
            throw fail(node, index, "input " + input + " '" + name + "' is computed by the graph; vecnn evaluates "
                    + "shapes from constants, Shape, Gather, Unsqueeze, Concat and Cast only");
        }
        return data.integers(t, "shape '" + name + "'");
    }

    private static String shapeText(long[] values) {
        List<String> s = new ArrayList<>();
        for (long v : values) {
            s.add(v == BATCH ? "batch" : v == UNKNOWN ? "?" : Long.toString(v));
        }
        return s.toString();
    }

    /** The product of a shape's non-batch dims, -1 when one is unknown. */
    private static long features(long[] shape) {
        long f = 1;
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                return -1;
            }
            f *= shape[i];
        }
        return f;
    }

    private void batchNormalization(NodeProto node, int index, Layer layer) throws IOException {
        attributes(node, index, "epsilon", "momentum", "spatial", "training_mode", "is_test");
        if (intAttribute(node, "training_mode", 0) != 0) {
            throw fail(node, index, "training_mode=1; vecnn folds BatchNormalization in inference mode only");
        }
        if (intAttribute(node, "spatial", 1) != 1) {
            throw fail(node, index, "spatial=0 is not implemented; vecnn folds per-unit statistics (spatial=1)");
        }
        if (node.getInputCount() != 5) {
            throw fail(node, index, "has " + node.getInputCount() + " inputs; expected X, scale, B, mean, var");
        }
        double epsilon = floatAttribute(node, "epsilon", 1e-5f);
        double[][] p = new double[4][];
        String[] role = {"scale", "B", "mean", "var"};
        for (int i = 0; i < 4; i++) {
            TensorProto t = weight(node, index, i + 1, true);
            long[] d = dims(t);
            if (d.length != 1 || d[0] != layer.units) {
                throw fail(node, index, role[i] + " '" + t.getName() + "' has dims " + TensorData.dims(d)
                        + "; it must be [" + layer.units + "], one per unit of the dense layer before it");
            }
            p[i] = data.numbers(t, "initializer '" + t.getName() + "'");
        }
        // y = scale·(z − mean)/√(var + ε) + B = z·s + ((b − mean)·s + B) with s = scale/√(var + ε), per unit.
        for (int j = 0; j < layer.units; j++) {
            double s = p[0][j] / Math.sqrt(p[3][j] + epsilon);
            for (int i = 0; i < layer.inputs; i++) {
                layer.w[i * layer.units + j] *= s;
            }
            layer.b[j] = (layer.b[j] - p[2][j]) * s + p[1][j];
        }
    }

    private TensorProto constantValue(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals("value") && a.hasT()) {
                return a.getT().toBuilder().setName(output(node)).build();
            }
        }
        throw fail(node, -1, "vecnn reads Constant with a 'value' tensor attribute only");
    }

    /** Rejects every attribute the op has that vecnn does not implement. */
    private void attributes(NodeProto node, int index, String... known) {
        for (AttributeProto a : node.getAttributeList()) {
            boolean ok = false;
            for (String k : known) {
                ok |= k.equals(a.getName());
            }
            if (!ok) {
                throw fail(node, index, "attribute '" + a.getName() + "' is not implemented; vecnn reads "
                        + node.getOpType() + (known.length == 0 ? " without attributes"
                        : " with attributes " + String.join(", ", known)));
            }
            if (!a.getRefAttrName().isEmpty()) {
                throw fail(node, index, "attribute '" + a.getName() + "' refers to a function attribute");
            }
        }
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long intAttribute(NodeProto node, String name, long fallback) {
        AttributeProto a = attribute(node, name);
        return a == null ? fallback : a.getI();
    }

    private static double floatAttribute(NodeProto node, String name, float fallback) {
        AttributeProto a = attribute(node, name);
        // ONNX attributes are float32: alpha=0.5 in Python is the float nearest 0.5 (widening is exact).
        return a == null ? fallback : a.getF();
    }

    private OnnxFormatException fail(NodeProto node, int index, String problem) {
        String name = node.getName().isEmpty() ? "#" + index + " (unnamed)" : "'" + node.getName() + "'";
        return new OnnxFormatException(file, "node " + name + " (" + node.getOpType() + "): " + problem);
    }
}
