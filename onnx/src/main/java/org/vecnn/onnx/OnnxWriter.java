package org.vecnn.onnx;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
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
 * Writes a {@link Model} as an ONNX graph: per layer a Gemm (W as [inputs, units], b as [units], raw_data)
 * and, unless linear, its activation node (Relu, Sigmoid, Tanh, LeakyRelu with its slope rounded to the
 * float32 of ONNX's attribute, Softmax or LogSoftmax along axis -1); input {@code input} and output
 * {@code output}, both with the symbolic batch dimension {@code batch}. IR version 8 and opset 13, which every
 * ONNX Runtime since 1.10 and the onnx package since 1.10 read; opset 16 (ONNX Runtime 1.11, onnx 1.11) for a
 * FLOAT64 model with a leaky ReLU.
 */
final class OnnxWriter {
    static final int IR_VERSION = 8;
    static final int OPSET = 13;
    /**
     * The opset of a DOUBLE model with a LeakyRelu: ONNX Runtime's CPU provider has LeakyRelu kernels for float
     * only, and runs DOUBLE through LeakyRelu-16's function body, which opset 13's LeakyRelu-6 lacks.
     */
    static final int OPSET_DOUBLE_LEAKY_RELU = 16;
    static final String INPUT = "input";
    static final String OUTPUT = "output";
    static final String BATCH = "batch";

    private OnnxWriter() {
    }

    static ModelProto proto(Model model, Precision precision) {
        int type = precision == Precision.FLOAT32 ? TensorProto.DataType.FLOAT_VALUE
                : TensorProto.DataType.DOUBLE_VALUE;
        GraphProto.Builder graph = GraphProto.newBuilder().setName("vecnn");
        graph.addInput(value(INPUT, type, model.inputs()));
        String current = INPUT;
        int count = model.layers().size();
        for (int i = 0; i < count; i++) {
            LayerWeights l = model.layers().get(i);
            boolean last = i == count - 1;
            boolean linear = l.activation() == Activation.LINEAR;
            String w = "W" + i;
            String b = "b" + i;
            graph.addInitializer(tensor(w, type, l.weights(), l.inputs(), l.units()));
            graph.addInitializer(tensor(b, type, l.bias(), l.units()));
            String z = last && linear ? OUTPUT : "z" + i;
            graph.addNode(NodeProto.newBuilder().setName("dense" + i).setOpType("Gemm")
                    .addInput(current).addInput(w).addInput(b).addOutput(z));
            current = z;
            if (!linear) {
                String a = last ? OUTPUT : "a" + i;
                Activation g = l.activation();
                NodeProto.Builder node = NodeProto.newBuilder()
                        .setName(g.kind().name().toLowerCase(Locale.ROOT) + i)
                        .setOpType(opType(g)).addInput(current).addOutput(a);
                if (g.isRowWise()) {
                    // opset 13's (Log)Softmax normalizes along axis: -1 is the units of [batch, units]
                    node.addAttribute(AttributeProto.newBuilder().setName("axis").setI(-1)
                            .setType(AttributeProto.AttributeType.INT));
                } else if (g.kind() == Activation.Kind.LEAKY_RELU) {
                    // ONNX attributes are float32: a slope that is not a float is rounded to the nearest one
                    float alpha = (float) g.alpha();
                    if (Float.isInfinite(alpha)) {
                        throw new IllegalArgumentException("onnx: layer " + i + " (" + l + "): the slope " + g.alpha()
                                + " is beyond float32, the type of LeakyRelu's alpha attribute; save as .npz instead");
                    }
                    node.addAttribute(AttributeProto.newBuilder().setName("alpha").setF(alpha)
                            .setType(AttributeProto.AttributeType.FLOAT));
                }
                graph.addNode(node);
                current = a;
            }
        }
        graph.addOutput(value(OUTPUT, type, model.outputs()));
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("vecnn")
                .setProducerVersion(version())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset(model, precision)))
                .setGraph(graph).build();
    }

    /** @return {@link #OPSET}, or {@link #OPSET_DOUBLE_LEAKY_RELU} for a leaky ReLU written in FLOAT64 */
    static int opset(Model model, Precision precision) {
        boolean leaky = model.layers().stream().anyMatch(l -> l.activation().kind() == Activation.Kind.LEAKY_RELU);
        return leaky && precision == Precision.FLOAT64 ? OPSET_DOUBLE_LEAKY_RELU : OPSET;
    }

    static void write(Model model, Path file, Precision precision) throws IOException {
        ModelProto proto = proto(model, precision);
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                proto.writeTo(out);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String version() {
        String v = OnnxWriter.class.getPackage().getImplementationVersion();
        return v == null ? "" : v;
    }

    private static String opType(Activation g) {
        switch (g.kind()) {
            case RELU:
                return "Relu";
            case SIGMOID:
                return "Sigmoid";
            case TANH:
                return "Tanh";
            case LEAKY_RELU:
                return "LeakyRelu";
            case SOFTMAX:
                return "Softmax";
            case LOG_SOFTMAX:
                return "LogSoftmax";
            default:
                throw new IllegalArgumentException("onnx: no op for activation " + g);
        }
    }

    private static ValueInfoProto value(String name, int type, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    private static TensorProto tensor(String name, int type, double[] values, long... dims) {
        boolean single = type == TensorProto.DataType.FLOAT_VALUE;
        ByteBuffer raw = ByteBuffer.allocate(values.length * (single ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (single) {
                raw.putFloat((float) v);
            } else {
                raw.putDouble(v);
            }
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw.flip()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
