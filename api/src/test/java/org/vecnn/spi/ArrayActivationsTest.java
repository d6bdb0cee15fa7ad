package org.vecnn.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vecnn.Activation;

class ArrayActivationsTest {

    @Test
    void softmaxIsStableForLargeEntriesAndSumsToOnePerRow() {
        double[] z = {1000, 1001, 1002, -1000, -1001, -1002};
        double[] out = new double[6];
        ArrayActivations.apply(Activation.SOFTMAX, z, out, 2, 3);
        double e1 = Math.exp(-1);
        double e2 = Math.exp(-2);
        double s = 1 + e1 + e2;
        assertArrayEquals(new double[] {e2 / s, e1 / s, 1 / s, 1 / s, e1 / s, e2 / s}, out, 1e-15);
    }

    @Test
    void softmaxInPlaceMatchesOutOfPlaceInFloat() {
        float[] z = {0.5f, -2f, 3f, 1000f, 1000f, -1000f};
        float[] out = new float[6];
        ArrayActivations.apply(Activation.SOFTMAX, z, out, 2, 3);
        ArrayActivations.apply(Activation.SOFTMAX, z, z, 2, 3);
        assertArrayEquals(out, z);
        assertEquals(0.5f, z[3]);
        assertEquals(0f, z[5]);
    }

    @Test
    void elementWiseActivationsMatchTheScalarDefinitionAndKeepNaN() {
        double[] z = {-1e4, -3, -0.5, 0, 0.5, 3, 1e4, Double.NaN};
        for (Activation g : new Activation[] {Activation.LINEAR, Activation.SIGMOID, Activation.RELU,
                Activation.TANH}) {
            double[] out = new double[z.length];
            float[] outF = new float[z.length];
            float[] zF = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                zF[i] = (float) z[i];
            }
            ArrayActivations.apply(g, z, out, 1, z.length);
            ArrayActivations.apply(g, zF, outF, 2, z.length / 2);
            for (int i = 0; i < z.length - 1; i++) {
                assertEquals(g.apply(z[i]), out[i], 0.0, g + " at " + z[i]);
                assertEquals((float) g.apply(zF[i]), outF[i], 0.0f, g + " at " + z[i]);
            }
            assertTrue(Double.isNaN(out[z.length - 1]), g.name());
            assertTrue(Float.isNaN(outF[z.length - 1]), g.name());
        }
    }
}
