package org.vecnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.CreationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vecnn.BackendUnavailableException;
import org.vecnn.Backends;

class GuiceHostExampleTest {
    // sigmoid(z) for z = [165, -531, 900] (the lecture's x) and [-12, 26, -37], rounded to float
    private static final float[][] EXPECTED = {{1f, 0f, 1f}, {(float) (1 / (1 + Math.exp(12))), 1f, 0f}};

    @Test
    void hostComputesTheSeedExampleOnTheLoopBackend() {
        GuiceHostExample.Result result = GuiceHostExample.run("loop");

        assertEquals("loop", result.backend());
        assertEquals("Network[2→3 sigmoid] on loop FLOAT32", result.network());
        for (int r = 0; r < EXPECTED.length; r++) {
            assertArrayEquals(EXPECTED[r], result.output()[r], 1e-6f, "row " + r);
        }
    }

    @Test
    void hostWithoutANameUsesTheBackendOfTheSelectionRules() {
        String chosen = Backends.selection().chosen();

        GuiceHostExample.Result result = GuiceHostExample.run(null);

        assertEquals(chosen, result.backend());
        assertArrayEquals(EXPECTED[0], result.output()[0], 1e-6f);
    }

    @Test
    void mainPrintsTheNetworkAndOneLinePerRequest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            GuiceHostExample.main(new String[] {"loop-naive"});
        } finally {
            System.setOut(saved);
        }

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(3, lines.length, out.toString(StandardCharsets.UTF_8));
        assertEquals("Network[2→3 sigmoid] on loop-naive FLOAT32", lines[0]);
        assertEquals("[200.0, 17.0] -> [1.0, 0.0, 1.0]", lines[1]);
        assertTrue(lines[2].startsWith("[-3.0, 4.0] -> [6.1"), lines[2]);
    }

    @Test
    void hostNamingAnAbsentBackendFailsAtStartupWithTheRegistryMessage() {
        String expected = assertThrows(BackendUnavailableException.class, () -> Backends.get("cuda")).getMessage();

        CreationException e = assertThrows(CreationException.class, () -> GuiceHostExample.run("cuda"));

        assertEquals(expected, e.getCause().getMessage());
    }
}
