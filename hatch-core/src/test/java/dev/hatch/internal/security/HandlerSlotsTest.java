package dev.hatch.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fair-share rules of the handler slots, without a server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandlerSlotsTest {

    @Test
    void onePrincipalHoldsAtMostItsShareAndTheLastSlotsGoToNewcomers() {
        HandlerSlots slots = new HandlerSlots(8, 4, 2, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(slots.acquire("a", 0)).isNull();
        }
        assertThat(slots.acquire("a", 0)).isEqualTo(HandlerSlots.Refusal.SHARE);
        assertThat(slots.acquire("b", 0)).isNull();
        assertThat(slots.acquire("b", 0)).isNull();
        // Two free: kept for principals that hold none.
        assertThat(slots.acquire("b", 0)).isEqualTo(HandlerSlots.Refusal.BUSY);
        assertThat(slots.acquire("admin", 0)).isNull();
        assertThat(slots.acquire("c", 0)).isNull();
        assertThat(slots.used()).isEqualTo(8);
        // Only a fourth principal on top of three fills them all; a fifth finds none.
        assertThat(slots.acquire("d", 0)).isEqualTo(HandlerSlots.Refusal.BUSY);
        slots.release("a");
        assertThat(slots.acquire("d", 0)).isNull();
    }

    @Test
    void aWaiterGetsTheSlotReleasedWhileItWaits() throws Exception {
        HandlerSlots slots = new HandlerSlots(1, 1, 0, 4);
        assertThat(slots.acquire("a", 0)).isNull();
        CompletableFuture<HandlerSlots.Refusal> waiter = CompletableFuture.supplyAsync(() -> slots.acquire("b", 20_000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!waiter.isDone() && System.nanoTime() < deadline) {
            slots.release("a"); // may come before b waits: then b takes the free slot at once
            if (slots.acquire("a", 0) == null) {
                Thread.sleep(20);
            } else {
                break; // b holds it
            }
        }
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(slots.acquire("a", 0)).isEqualTo(HandlerSlots.Refusal.BUSY);
    }

    @Test
    void aPrincipalAtItsShareIsToldSoAfterTheWaitAndTheQueueIsBounded() {
        HandlerSlots slots = new HandlerSlots(4, 1, 0, 1);
        assertThat(slots.acquire("a", 0)).isNull();
        assertThat(slots.acquire("a", 10)).isEqualTo(HandlerSlots.Refusal.SHARE);
        HandlerSlots full = new HandlerSlots(1, 1, 0, 0);
        assertThat(full.acquire("a", 0)).isNull();
        assertThat(full.acquire("b", 1000)).as("no queue: refused at once").isEqualTo(HandlerSlots.Refusal.BUSY);
    }
}
