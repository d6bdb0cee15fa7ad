package org.vecnn.bench;

import java.util.Arrays;

/**
 * The spread of the per-call times of several timed rounds.
 *
 * @param medianNs the median time per call, in nanoseconds
 * @param minNs the fastest round's time per call
 * @param maxNs the slowest round's time per call
 * @param q1Ns the first quartile
 * @param q3Ns the third quartile
 * @param rounds the number of rounds
 * @param callsPerRound the calls timed together in each round
 */
public record Stats(double medianNs, double minNs, double maxNs, double q1Ns, double q3Ns, int rounds,
        long callsPerRound) {

    /**
     * @param perCallNs one time per call for each round, at least one
     * @param callsPerRound the calls timed together in each round
     * @return their statistics; quartiles interpolate linearly between order statistics
     * @throws IllegalArgumentException when there is no sample
     */
    public static Stats of(double[] perCallNs, long callsPerRound) {
        if (perCallNs == null || perCallNs.length == 0) {
            throw new IllegalArgumentException("stats: no sample");
        }
        double[] s = perCallNs.clone();
        Arrays.sort(s);
        return new Stats(quantile(s, 0.5), s[0], s[s.length - 1], quantile(s, 0.25), quantile(s, 0.75), s.length,
                callsPerRound);
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
