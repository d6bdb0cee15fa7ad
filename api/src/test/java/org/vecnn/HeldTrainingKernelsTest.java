package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vecnn.spi.TrainingKernels;

/**
 * On a backend that tracks native memory, the training kernels hold their operands as the forward calls do: a
 * closed operand or backend is refused with {@link IllegalStateException} naming it, before any kernel runs.
 */
class HeldTrainingKernelsTest {
    private final DirectBackend backend = new DirectBackend("direct");
    private final Matrix a = backend.matrix(2, 2, new double[] {1, 2, 3, 4}, Precision.FLOAT64);
    private final Matrix b = backend.matrix(2, 2, new double[] {1, 0, 0, 1}, Precision.FLOAT64);
    private final Matrix out = backend.zeros(2, 2, Precision.FLOAT64);
    private final TrainingKernels kernels = TrainingKernels.of(backend);

    @Test
    void openOperandsComputeAsTheKernelsDo() {
        kernels.multiply(a, true, b, false, out);
        assertArrayEquals(new double[] {1, 3, 2, 4}, out.toDoubleArray());
        assertEquals("composed", kernels.path(), "the held kernels report the kernels they hold");
    }

    @Test
    void aClosedOperandIsRefusedNamingIt() {
        b.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> kernels.multiply(a, false, b, false, out));
        assertEquals("training multiply: operand 2 (2×2 FLOAT64 on backend 'direct') is closed", e.getMessage());
        assertEquals(2, backend.liveMatrices(), "b is freed; a and out stay");
    }

    @Test
    void aClosedBackendIsRefusedNamingIt() {
        backend.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernels.columnSums(a, out));
        assertEquals("training columnSums: backend 'direct' is closed", e.getMessage());
        assertEquals(0, backend.liveMatrices());
    }
}
