package org.vecnn.onnx;

import org.vecnn.model.ModelFormatException;

/**
 * Thrown when an {@code .onnx} file cannot be read as a vecnn model: not an ONNX model, truncated, an opset
 * out of range, or a graph vecnn cannot run (an unsupported op or attribute, a branch, weights shared between
 * two nodes). The message names the file, the node or tensor at fault, and what vecnn supports instead.
 */
public class OnnxFormatException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file, as the user named it
     * @param problem the node or tensor at fault and what was wrong, e.g. {@code node 'conv1' (Conv): ...}
     */
    public OnnxFormatException(String file, String problem) {
        super(file, null, problem);
    }

    /**
     * @param file the file, as the user named it
     * @param problem what was wrong
     * @param cause the failure behind it
     */
    public OnnxFormatException(String file, String problem, Throwable cause) {
        super(file, null, problem, cause);
    }
}
