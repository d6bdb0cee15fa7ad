package org.vecnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecnn.codegen.PrecisionTwins;

/**
 * The committed FLOAT64 sources of this module (DoubleActivationPass, DoubleLaneActivations) are what codegen's
 * PrecisionTwins makes of the hand-written FLOAT32 ones.
 */
class GeneratedSourcesTest {

    @Test
    void committedFloat64SourcesAreWhatTheGeneratorMakesOfTheFloat32Ones() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in the module's folder
        List<String> stale = PrecisionTwins.staleTwins(root, "simd-activations");
        assertEquals(List.of(), stale, String.join("\n", stale));
    }
}
