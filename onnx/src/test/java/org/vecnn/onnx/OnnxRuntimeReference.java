package org.vecnn.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.vecnn.Precision;

/** Runs an ONNX file on ONNX Runtime's CPU provider, single-threaded, the reference of these tests. */
final class OnnxRuntimeReference {
    /** A model's outputs for a batch, and the precision ONNX Runtime computed them in. */
    static final class Outputs {
        final double[] values;
        final int rows;
        final int cols;
        final Precision precision;

        Outputs(double[] values, int rows, int cols, Precision precision) {
            this.values = values;
            this.rows = rows;
            this.cols = cols;
            this.precision = precision;
        }
    }

    private OnnxRuntimeReference() {
    }

    /**
     * @param model the file
     * @param x the batch, row-major rows × features (a 3-D or 4-D input gets the same values in C order)
     * @param rows the batch size
     */
    static Outputs run(Path model, double[] x, int rows) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                String name = session.getInputNames().iterator().next();
                TensorInfo info = (TensorInfo) session.getInputInfo().get(name).getInfo();
                long[] shape = info.getShape().clone();
                shape[0] = rows;
                boolean single = info.type == OnnxJavaType.FLOAT;
                OnnxTensor input;
                if (single) {
                    float[] f = new float[x.length];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = (float) x[i];
                    }
                    input = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
                } else {
                    input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.clone()), shape);
                }
                try (input; OrtSession.Result result = session.run(Map.of(name, input))) {
                    OnnxTensor out = (OnnxTensor) result.get(0);
                    long[] outShape = out.getInfo().getShape();
                    int cols = (int) outShape[1];
                    double[] values = new double[rows * cols];
                    if (single) {
                        FloatBuffer b = out.getFloatBuffer();
                        for (int i = 0; i < values.length; i++) {
                            values[i] = b.get(i);
                        }
                    } else {
                        DoubleBuffer b = out.getDoubleBuffer();
                        for (int i = 0; i < values.length; i++) {
                            values[i] = b.get(i);
                        }
                    }
                    return new Outputs(values, rows, cols, single ? Precision.FLOAT32 : Precision.FLOAT64);
                }
            }
        }
    }
}
