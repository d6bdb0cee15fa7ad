package org.vecnn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.Activation;
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
 * The reader's rules on graphs built here, one rule each: the forms the fixtures do not cover, and the
 * messages of graphs vecnn cannot run.
 */
class OnnxReaderTest {
    @TempDir
    Path temp;

    /** A graph under construction: input x [N, 3] FLOAT, output y, opset 13 unless changed. */
    private static final class Graph {
        final GraphProto.Builder graph = GraphProto.newBuilder().setName("g");
        long opset = 13;
        String domain = "";

        Graph() {
            graph.addInput(value("x", 3));
            graph.addOutput(value("y", -1));
        }

        Graph node(String op, String name, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addAllOutput(outputs)
                    .addAllAttribute(List.of(attributes)));
            return this;
        }

        Graph weight(String name, int type, double[] values, long... dims) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
            for (long d : dims) {
                t.addDims(d);
            }
            for (double v : values) {
                if (type == TensorProto.DataType.DOUBLE_VALUE) {
                    t.addDoubleData(v);
                } else if (type == TensorProto.DataType.INT64_VALUE) {
                    t.addInt64Data((long) v);
                } else {
                    t.addFloatData((float) v);
                }
            }
            graph.addInitializer(t);
            return this;
        }

        Graph w(String name, int rows, int cols) {
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = (i % 5) - 2;
            }
            return weight(name, TensorProto.DataType.FLOAT_VALUE, v, rows, cols);
        }

        ModelProto model() {
            return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(opset)).build();
        }
    }

    private static ValueInfoProto value(String name, long features) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (features > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features));
        } else {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("units"));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private Model load(Graph g) throws IOException {
        Path file = temp.resolve("m.onnx");
        Files.write(file, g.model().toByteArray());
        return Model.load(file);
    }

    private void refused(Graph g, String message) throws IOException {
        Path file = temp.resolve("m.onnx");
        Files.write(file, g.model().toByteArray());
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> Model.load(file));
        assertEquals(file + ": " + message, e.getMessage());
    }

    private static List<String> l(String... s) {
        return List.of(s);
    }

    @Test
    void gemmThenMatMulChainIntoTwoLayers() throws IOException {
        Model m = load(new Graph().w("A", 3, 4).w("B", 4, 2)
                .node("Gemm", "g", l("x", "A"), l("h"))
                .node("Tanh", "t", l("h"), l("a"))
                .node("MatMul", "m", l("a", "B"), l("y")));
        assertEquals("Model[3→4 tanh, 4→2 linear] FLOAT32", m.toString());
        assertEquals(Activation.LINEAR, m.layers().get(1).activation());
    }

    @Test
    void twoGraphInputsAreRefused() throws IOException {
        Graph g = new Graph().w("A", 3, 2).node("Gemm", "g", l("x", "A"), l("y"));
        g.graph.addInput(value("z", 3));
        refused(g, "the graph has 2 inputs ['x', 'z'] (besides initializers); vecnn runs a chain with one input");
    }

    @Test
    void aChainThatEndsBeforeTheOutputIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 2).node("Gemm", "g", l("x", "A"), l("h")),
                "the chain ends in 'h' but the graph output is 'y'; vecnn runs a chain whose last node gives the output");
    }

    @Test
    void aGraphWithoutDenseLayersIsRefused() throws IOException {
        refused(new Graph().node("Identity", "i", l("x"), l("y")),
                "the graph has no dense layer (Gemm or MatMul); " + OnnxReader.SUPPORTED);
    }

    @Test
    void anActivationBeforeAnyLayerIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 2).node("Relu", "r", l("x"), l("h")).node("Gemm", "g", l("h", "A"), l("y")),
                "node 'r' (Relu): an activation before any dense layer; vecnn applies an activation to the output of "
                        + "a Gemm or MatMul");
    }

    @Test
    void aSecondActivationIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 2).node("Gemm", "g", l("x", "A"), l("h")).node("Relu", "r", l("h"), l("a"))
                .node("Sigmoid", "s", l("a"), l("y")),
                "node 's' (Sigmoid): a second activation on one dense layer; vecnn applies one activation per Gemm or "
                        + "MatMul");
    }

    @Test
    void batchNormalizationBeforeAnyLayerIsRefused() throws IOException {
        refused(new Graph().node("BatchNormalization", "bn", l("x", "s", "b", "m", "v"), l("y")),
                "node 'bn' (BatchNormalization): BatchNormalization that does not follow a Gemm or MatMul directly; "
                        + "vecnn folds it into the dense layer before it");
    }

    @Test
    void addOfTwoComputedTensorsIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 3).node("Gemm", "g", l("x", "A"), l("h")).node("Add", "add", l("h", "x"), l("y")),
                "tensor 'x' is read by 'g' (Gemm) and 'add' (Add): the graph branches; vecnn runs a single chain of "
                        + "layers");
    }

    @Test
    void aGemmBiasOfOneRowPerExampleIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 2).w("C", 4, 2).node("Gemm", "g", l("x", "A", "C"), l("y")),
                "node 'g' (Gemm): bias 'C' has dims [4, 2]; vecnn adds a row of 2 (dims [2] or [1, 2]) to every row "
                        + "of the batch");
    }

    @Test
    void weightsOfAnotherTypeThanTheInputAreRefused() throws IOException {
        refused(new Graph().weight("A", TensorProto.DataType.DOUBLE_VALUE, new double[6], 3, 2)
                .node("MatMul", "m", l("x", "A"), l("y")),
                "node 'm' (MatMul): initializer 'A' is DOUBLE but the graph input is FLOAT; ONNX needs one type");
    }

    @Test
    void weightsComputedByTheGraphAreRefused() throws IOException {
        refused(new Graph().w("A", 3, 3).node("Gemm", "g", l("x", "A"), l("h")).node("MatMul", "m", l("h", "h"), l("y")),
                "tensor 'h' is read by 'm' (MatMul) and 'm' (MatMul): the graph branches; vecnn runs a single chain "
                        + "of layers");
    }

    @Test
    void mismatchedWidthsAreRefused() throws IOException {
        refused(new Graph().w("A", 4, 2).node("Gemm", "g", l("x", "A"), l("y")),
                "node 'g' (Gemm): its input has 3 features but weight 'A' takes 4 inputs");
        refused(new Graph().weight("A", TensorProto.DataType.FLOAT_VALUE, new double[0], 3, 0)
                .node("MatMul", "m", l("x", "A"), l("y")), "node 'm' (MatMul): weight 'A' has an empty dimension");
    }

    @Test
    void dropoutInTrainingModeOrWithItsMaskUsedIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 2).weight("t", TensorProto.DataType.BOOL_VALUE, new double[0], new long[0])
                .node("Gemm", "g", l("x", "A"), l("h")).node("Dropout", "d", l("h", "", "t"), l("y")),
                "initializer 't': int32_data holds 0 values, but dims [] need 1 (the tensor has no data)");
        Graph g = new Graph().w("A", 3, 2).node("Gemm", "g", l("x", "A"), l("h"))
                .node("Dropout", "d", l("h"), l("y", "mask"));
        g.graph.addOutput(value("mask", 2));
        refused(g, "the graph has 2 outputs ['y', 'mask']; vecnn runs a chain with one output");
        Graph used = new Graph().w("A", 3, 2).w("B", 2, 2).node("Gemm", "g", l("x", "A"), l("h"))
                .node("Dropout", "d", l("h"), l("a", "mask")).node("MatMul", "m", l("mask", "B"), l("y"));
        refused(used, "node 'd' (Dropout): output 1 'mask' is used; vecnn computes only the first output of Dropout");
    }

    @Test
    void flattenAlongTheBatchIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 2).node("Flatten", "f", l("x"), l("h"), i("axis", 0))
                .node("Gemm", "g", l("h", "A"), l("y")),
                "node 'f' (Flatten): axis 0 on a rank-2 tensor folds the batch into one row; vecnn reads Flatten with "
                        + "axis=1");
    }

    @Test
    void reshapeToAComputedOrNonBatchShapeIsRefused() throws IOException {
        refused(new Graph().w("A", 3, 2).node("Reshape", "r", l("x", "x"), l("h")).node("Gemm", "g", l("h", "A"), l("y")),
                "node 'r' (Reshape): input 1 'x' is computed by the graph; vecnn evaluates shapes from constants, "
                        + "Shape, Gather, Unsqueeze, Concat and Cast only");
        refused(new Graph().w("A", 3, 2).weight("s", TensorProto.DataType.INT64_VALUE, new double[] {3, -1}, 2)
                .node("Reshape", "r", l("x", "s"), l("h")).node("Gemm", "g", l("h", "A"), l("y")),
                "node 'r' (Reshape): shape [3, -1] on an input of 3 features per row is not a batch of rows; vecnn "
                        + "reads Reshape to [-1, features], [0, features], [0, -1] or [batch, -1] (x.view(x.size(0), "
                        + "-1))");
    }

    @Test
    void aShapeComputedFromTheBatchIsEvaluated() throws IOException {
        Graph g = new Graph().w("A", 3, 2)
                .weight("zero", TensorProto.DataType.INT64_VALUE, new double[] {0}, new long[0])
                .weight("rest", TensorProto.DataType.INT64_VALUE, new double[] {-1}, 1)
                .node("Shape", "shape", l("x"), l("s"))
                .node("Gather", "batch", l("s", "zero"), l("b"), i("axis", 0))
                .node("Unsqueeze", "vector", l("b"), l("v"), AttributeProto.newBuilder().setName("axes")
                        .setType(AttributeProto.AttributeType.INTS).addInts(0).build())
                .node("Concat", "target", l("v", "rest"), l("t"), i("axis", 0))
                .node("Reshape", "reshape", l("x", "t"), l("r"))
                .node("Gemm", "g", l("r", "A"), l("y"));
        assertEquals("Model[3→2 linear] FLOAT32", load(g).toString());
        Graph data = new Graph().w("A", 3, 2).weight("zero", TensorProto.DataType.INT64_VALUE, new double[] {0},
                new long[0]).node("Gather", "lookup", l("x", "zero"), l("h")).node("Gemm", "g", l("h", "A"), l("y"));
        refused(data, "node 'lookup' (Gather): vecnn evaluates Gather only along axis 0 of a shape (as in x.size(0)); "
                + "Gather of data (an embedding lookup) is not supported");
        Graph wrongDim = new Graph().w("A", 3, 2)
                .weight("one", TensorProto.DataType.INT64_VALUE, new double[] {1}, 1)
                .weight("rest", TensorProto.DataType.INT64_VALUE, new double[] {-1}, 1)
                .node("Shape", "shape", l("x"), l("s"))
                .node("Gather", "features", l("s", "one"), l("f"), i("axis", 0))
                .node("Concat", "target", l("f", "rest"), l("t"), i("axis", 0))
                .node("Reshape", "reshape", l("x", "t"), l("r"))
                .node("Gemm", "g", l("r", "A"), l("y"));
        refused(wrongDim, "node 'reshape' (Reshape): shape [3, -1] on an input of 3 features per row is not a batch "
                + "of rows; vecnn reads Reshape to [-1, features], [0, features], [0, -1] or [batch, -1] "
                + "(x.view(x.size(0), -1))");
    }

    @Test
    void opsetsOutsideTheRangeOrAbsentAreRefused() throws IOException {
        Graph newer = new Graph().w("A", 3, 2).node("Gemm", "g", l("x", "A"), l("y"));
        newer.opset = 24;
        refused(newer, "opset 24 is outside the opsets vecnn reads, 9 to 23; export with another opset_version (or "
                + "convert with onnx.version_converter)");
        Graph none = new Graph().w("A", 3, 2).node("Gemm", "g", l("x", "A"), l("y"));
        none.domain = "ai.onnx.ml";
        refused(none, "the model imports no default-domain opset (opset_import with domain ''); vecnn reads opsets 9 "
                + "to 23");
    }

    @Test
    void anOpOfAnotherDomainIsRefused() throws IOException {
        Graph g = new Graph().w("A", 3, 2);
        g.graph.addNode(NodeProto.newBuilder().setOpType("FusedGemm").setDomain("com.microsoft").setName("f")
                .addInput("x").addInput("A").addOutput("y"));
        refused(g, "node 'f' (FusedGemm): an op of domain 'com.microsoft'; " + OnnxReader.SUPPORTED
                + " from the default ONNX domain");
    }

    @Test
    void anUnnamedNodeIsNamedByItsIndex() throws IOException {
        refused(new Graph().w("A", 3, 2).node("Gemm", "", l("x", "A"), l("h")).node("Elu", "", l("h"), l("y")),
                "node #1 (unnamed) (Elu): op Elu is not supported; " + OnnxReader.SUPPORTED);
    }

    @Test
    void aValidProtobufThatIsNoModelIsRefused() throws IOException {
        Path file = temp.resolve("m.onnx");
        Files.write(file, TensorProto.newBuilder().setName("just a tensor").build().toByteArray());
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> Model.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void everyPrefixOfAValidFileFailsCleanly() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.file("good-torch-relu-softmax-opset13.onnx"));
        Path file = temp.resolve("cut.onnx");
        List<Integer> accepted = new ArrayList<>();
        for (int n = 0; n < whole.length; n++) {
            Files.write(file, java.util.Arrays.copyOf(whole, n));
            try {
                Model.load(file);
                accepted.add(n);
            } catch (OnnxFormatException expected) {
                assertTrue(expected.getMessage().startsWith(file + ": "), expected.getMessage());
            }
        }
        assertEquals(List.of(), accepted, "prefixes read as a model");
    }
}
