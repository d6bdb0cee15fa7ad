package org.vecnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The probe's context reaches the first create() once, and only for the settings it was opened for. */
class ContextHandoverTest {
    private static final class FakeContext implements AutoCloseable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    private final ContextHandover<FakeContext> handover = new ContextHandover<>();

    @Test
    void theFirstTakeWithEqualSettingsGetsTheProbedContextAndLaterTakesGetNone() {
        FakeContext probed = new FakeContext();
        handover.offer(new CudaSettings(0), probed);

        assertSame(probed, handover.take(CudaSettings.of("0")));
        assertNull(handover.take(new CudaSettings(0)));
        assertFalse(probed.closed, "the taker owns it now");
    }

    @Test
    void aContextOpenedForOtherSettingsIsClosedNotHandedOver() {
        FakeContext probed = new FakeContext();
        handover.offer(new CudaSettings(0), probed);

        assertNull(handover.take(new CudaSettings(1)));
        assertTrue(probed.closed);
        assertNull(handover.take(new CudaSettings(0)));
    }

    @Test
    void aSecondOfferClosesTheFirstContext() {
        FakeContext first = new FakeContext();
        FakeContext second = new FakeContext();

        handover.offer(new CudaSettings(0), first);
        handover.offer(new CudaSettings(0), second);

        assertTrue(first.closed);
        assertEquals(second, handover.take(new CudaSettings(0)));
    }

    @Test
    void nothingOfferedGivesNothing() {
        assertNull(handover.take(new CudaSettings(0)));
    }
}
