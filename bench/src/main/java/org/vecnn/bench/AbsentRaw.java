package org.vecnn.bench;

import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

/**
 * A raw library whose classes are not on the class path (for example the bench run on a GPU machine with only
 * the loop and cuda jars, ND4J's 100 MB of natives left behind): listed as unavailable with the linkage error,
 * so that the other subjects still run.
 */
final class AbsentRaw extends RawSubject<Object> {
    private final LinkageError missing;

    AbsentRaw(String library, LinkageError missing) {
        super(library);
        this.missing = missing;
    }

    @Override
    ProbeResult load() {
        return ProbeResult.unavailable("its classes are not on the class path (" + missing + ")",
                "run the bench from the cli jar or benchmarks.jar, which carry every library");
    }

    @Override
    Object create(int rows, int cols, double[] data, Precision precision) {
        throw new IllegalStateException(name() + " is not on the class path");
    }

    @Override
    void gemm(Object a, Object b, Object c, int m, int k, int n, Precision precision) {
        throw new IllegalStateException(name() + " is not on the class path");
    }

    @Override
    void biasActivate(Object z, int rows, int cols, Object bias, Activation g, Precision precision) {
        throw new IllegalStateException(name() + " is not on the class path");
    }

    @Override
    double[] read(Object m, int length, Precision precision) {
        throw new IllegalStateException(name() + " is not on the class path");
    }

    @Override
    void free(Object m) {
    }
}
