package dev.hatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class OrderAuditTrailTest {

    @Test
    void growsWhileStartedAndStopsGrowingWhenStopped() throws Exception {
        try (OrderAuditTrail trail = new OrderAuditTrail(() -> "state", 64L << 20)) {
            assertThat(trail.status().entries()).isZero();

            trail.start(100);
            await(() -> trail.status().entries() >= 3);
            trail.stop();
            OrderAuditTrail.Status stopped = trail.status();
            Thread.sleep(300);

            assertThat(trail.status().entries()).isEqualTo(stopped.entries());
            assertThat(stopped.running()).isFalse();
            assertThat(stopped.retainedBytes()).isEqualTo(stopped.entries() * 100L * 1024 / 10);
        }
    }

    @Test
    void clearReleasesEveryEntry() throws Exception {
        try (OrderAuditTrail trail = new OrderAuditTrail(() -> "state", 64L << 20)) {
            trail.start(100);
            await(() -> trail.status().entries() >= 2);
            trail.stop();

            assertThat(trail.clear()).isGreaterThanOrEqualTo(2);
            assertThat(trail.status().entries()).isZero();
            assertThat(trail.status().retainedBytes()).isZero();
        }
    }

    @Test
    void stopsGrowingAtItsCapInsteadOfExhaustingTheHeap() throws Exception {
        try (OrderAuditTrail trail = new OrderAuditTrail(() -> "state", 50 * 1024)) {
            trail.start(100); // 10 KB per entry: the sixth would pass 50 KB
            await(() -> trail.status().capped());

            assertThat(trail.status().running()).isFalse();
            assertThat(trail.status().entries()).isEqualTo(5);
            assertThat(trail.status().retainedBytes()).isLessThanOrEqualTo(50 * 1024);
        }
    }

    @Test
    void refusesARateOutsideItsBounds() {
        try (OrderAuditTrail trail = new OrderAuditTrail(() -> "state", 1 << 20)) {
            assertThatThrownBy(() -> trail.start(0)).hasMessageContaining("between 1 and");
            assertThatThrownBy(() -> trail.start(OrderAuditTrail.MAX_KB_PER_SECOND + 1)).hasMessageContaining("between 1 and");
            assertThat(trail.status().running()).isFalse();
        }
    }

    @Test
    void entryClassHasTheNameLeakReportsShow() {
        assertThat(OrderAuditTrail.Entry.class.getName()).isEqualTo("dev.hatch.demo.OrderAuditTrail$Entry");
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
