package org.vecnn.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.vecnn.BackendInfo;
import org.vecnn.Backends;

/** The committed fixtures (written by src/test/python/make_fixtures.py), seeded batches, and the backends. */
final class Fixtures {
    private Fixtures() {
    }

    static Path directory() {
        try {
            return Path.of(Fixtures.class.getResource("fixtures/good-opset23.onnx").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return directory().resolve(name);
    }

    /** @return the fixtures whose names start with the prefix ("good-" or "bad-"), sorted */
    static List<Path> named(String prefix) {
        try (Stream<Path> files = Files.list(directory())) {
            List<Path> found = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".onnx")).sorted().forEach(found::add);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A seeded batch in [-2, 2), every value a float (so both precisions see the same input). */
    static double[] batch(int rows, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return x;
    }

    /** @return the names of the backends that can run here */
    static List<String> backends() {
        List<String> names = new ArrayList<>();
        for (BackendInfo info : Backends.all()) {
            if (info.probe().available() && !names.contains(info.name())) {
                names.add(info.name());
            }
        }
        return names;
    }
}
