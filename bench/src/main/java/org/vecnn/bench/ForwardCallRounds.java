package org.vecnn.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongUnaryOperator;
import org.vecnn.Backend;

/**
 * Times one call of {@link ForwardCallTiming} on whichever build of vecnn is on the class path, in rounds of
 * about a millisecond, and prints the lower decile and the median time per call over the rounds. Run it
 * alternately with the class paths of two builds, one JVM each, to compare them without a second class loader:
 * the lower decile keeps what the call costs and drops most rounds that another process's work cut into.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "LIB_DIR/*:bench/target/classes" org.vecnn.bench.ForwardCallRounds \
 *      "nd4j seed forwardInto" [seconds]
 * </pre>
 * LIB_DIR is a build's {@code bench/target/lib} folder; its {@code vecnn-*.jar} come first on the class path.
 */
public final class ForwardCallRounds {
    private static final long ROUND_NANOS = 1_000_000L;
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    private ForwardCallRounds() {
    }

    /**
     * @param args the call (as {@link ForwardCallTiming} names it), then optionally the seconds of rounds to
     *     time after a 3 s warm-up (default 5)
     */
    public static void main(String[] args) {
        String cell = args[0];
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        LongUnaryOperator timer = new ForwardCallTiming().apply(cell);
        // Warm up, doubling the calls per round until a round takes a millisecond.
        long calls = 1;
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUntil) {
            if (timer.applyAsLong(calls) < ROUND_NANOS && calls < (1L << 40)) {
                calls *= 2;
            }
        }
        int rounds = (int) Math.max(11, seconds * 1e9 / ROUND_NANOS);
        double[] perCall = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            perCall[r] = (double) timer.applyAsLong(calls) / calls;
        }
        Arrays.sort(perCall);
        System.out.printf(Locale.ROOT, "%s: %.1f ns/call lower decile, %.1f median, %d rounds of %d calls (api from %s)%n",
                cell, perCall[rounds / 10], perCall[rounds / 2], rounds, calls,
                Backend.class.getProtectionDomain().getCodeSource().getLocation());
    }
}
