package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianAndQuartilesOfAnOddSample() {
        Stats s = Stats.of(new double[] {50, 10, 40, 20, 30}, 7);
        assertEquals(30, s.medianNs());
        assertEquals(10, s.minNs());
        assertEquals(50, s.maxNs());
        assertEquals(20, s.q1Ns());
        assertEquals(40, s.q3Ns());
        assertEquals(5, s.rounds());
        assertEquals(7, s.callsPerRound());
    }

    @Test
    void medianOfAnEvenSampleInterpolates() {
        Stats s = Stats.of(new double[] {4, 1, 3, 2}, 1);
        assertEquals(2.5, s.medianNs());
        assertEquals(1.75, s.q1Ns());
    }

    @Test
    void anEmptySampleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new double[0], 1));
    }
}
