package org.vecnn.model;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The NumPy-written test files (see fixtures/make_fixtures.py) and the values they hold. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String name) {
        URL url = Fixtures.class.getResource("fixtures/" + name);
        if (url == null) {
            throw new AssertionError("test resource fixtures/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** grid(shape) of make_fixtures.py: element k (C order) is k / 8 - 0.7, in double. */
    static double[] grid(int count) {
        double[] g = new double[count];
        for (int k = 0; k < count; k++) {
            g[k] = k / 8.0 - 0.7;
        }
        return g;
    }

    /** The same, rounded to float as NumPy's astype('<f4') does. */
    static double[] gridFloat(int count) {
        double[] g = grid(count);
        for (int k = 0; k < count; k++) {
            g[k] = (float) g[k];
        }
        return g;
    }

    /** The examples/digits folder of the repository. */
    static Path digits() {
        Path p = Path.of("").toAbsolutePath();
        for (Path dir = p; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples").resolve("digits");
            if (candidate.resolve("digits-mlp.npz").toFile().isFile()) {
                return candidate;
            }
        }
        throw new AssertionError("examples/digits/digits-mlp.npz not found above " + p);
    }
}
