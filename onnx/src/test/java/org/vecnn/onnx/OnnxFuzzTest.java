package org.vecnn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecnn.model.Model;
import org.vecnn.model.ModelFormatException;

/**
 * Seeded mutations of every good fixture, read through {@link Model#load}: bit flips, truncations, inserted and
 * deleted bytes, and varints of the protobuf encoding (lengths, dimensions, counts) replaced by extreme values.
 * Every outcome must be a correct load or a {@link ModelFormatException} (an {@link OnnxFormatException} is
 * one): never an {@link OutOfMemoryError} (the onnx module's small-heap surefire execution runs this test in a
 * 256 MB heap), never another exception type, never a hang: the small-heap execution ends its JVM after a
 * bound set in the pom ({@code forkedProcessTimeoutInSeconds}), and the run fails.
 */
@Tag("slow")
class OnnxFuzzTest {
    private static final int CASES = 600;
    private static final long SEED = 13_2026L;

    @TempDir
    Path dir;

    @Test
    void everyMutationIsACorrectLoadOrAModelFormatException() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (Path good : Fixtures.named("good-")) {
            seeds.add(Files.readAllBytes(good));
        }
        // the external-data fixture reads its weights from beside the model
        Files.copy(Fixtures.file("good-external-data.bin"), dir.resolve("good-external-data.bin"));
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int[] loaded = new int[1];
        int[] refused = new int[1];
        for (int i = 0; i < CASES; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            StringBuilder how = new StringBuilder();
            byte[] mutated = mutate(seed, random, how);
            Path file = dir.resolve("case" + i + ".onnx");
            Files.write(file, mutated);
            try {
                Model.load(file);
                loaded[0]++;
            } catch (ModelFormatException expected) {
                refused[0]++;
            } catch (Throwable t) {
                failures.add("case " + i + " (" + how + "): " + t);
            }
            Files.delete(file);
        }
        assertEquals(List.of(), failures, failures.size() + " of " + CASES
                + " cases threw something other than a ModelFormatException (seed " + SEED + ")");
        // the mutations reach past the first check: some files still load (a flipped weight), most are refused
        assertTrue(loaded[0] > 0 && refused[0] > loaded[0], "loaded " + loaded[0] + ", refused " + refused[0]);
    }

    @Test
    void theMutationsAreSeededAndReproducible() throws IOException {
        byte[] seed = Files.readAllBytes(Fixtures.file("good-opset23.onnx"));
        byte[] first = mutate(seed, new Random(7), new StringBuilder());
        byte[] second = mutate(seed, new Random(7), new StringBuilder());
        assertEquals(Arrays.toString(first), Arrays.toString(second));
    }

    /** One to three mutations of a copy of the seed; {@code how} receives what was done, for the message. */
    static byte[] mutate(byte[] seed, Random random, StringBuilder how) {
        byte[] b = seed.clone();
        int count = 1 + random.nextInt(3);
        for (int m = 0; m < count && b.length > 0; m++) {
            switch (random.nextInt(5)) {
                case 0: { // bit flips
                    int flips = 1 + random.nextInt(8);
                    for (int k = 0; k < flips; k++) {
                        int at = random.nextInt(b.length);
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    how.append("flip ").append(flips).append(' ');
                    break;
                }
                case 1: { // truncation
                    int to = random.nextInt(b.length);
                    b = Arrays.copyOf(b, to);
                    how.append("truncate to ").append(to).append(' ');
                    break;
                }
                case 2: { // a varint (length, dimension, count) made as large as the encoding allows
                    int at = random.nextInt(b.length);
                    int width = Math.min(b.length - at, 1 + random.nextInt(10));
                    for (int k = 0; k < width - 1; k++) {
                        b[at + k] = (byte) 0xFF;
                    }
                    b[at + width - 1] = (byte) (random.nextBoolean() ? 0x7F : 0x01);
                    how.append("varint ").append(width).append(" at ").append(at).append(' ');
                    break;
                }
                case 3: { // inserted bytes
                    int at = random.nextInt(b.length + 1);
                    byte[] extra = new byte[1 + random.nextInt(16)];
                    random.nextBytes(extra);
                    byte[] grown = new byte[b.length + extra.length];
                    System.arraycopy(b, 0, grown, 0, at);
                    System.arraycopy(extra, 0, grown, at, extra.length);
                    System.arraycopy(b, at, grown, at + extra.length, b.length - at);
                    b = grown;
                    how.append("insert ").append(extra.length).append(" at ").append(at).append(' ');
                    break;
                }
                default: { // deleted bytes
                    int at = random.nextInt(b.length);
                    int n = Math.min(b.length - at, 1 + random.nextInt(16));
                    byte[] shrunk = new byte[b.length - n];
                    System.arraycopy(b, 0, shrunk, 0, at);
                    System.arraycopy(b, at + n, shrunk, at, b.length - at - n);
                    b = shrunk;
                    how.append("delete ").append(n).append(" at ").append(at).append(' ');
                    break;
                }
            }
        }
        return b;
    }
}
