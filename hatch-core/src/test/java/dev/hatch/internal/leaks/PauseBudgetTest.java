package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PauseBudgetTest {

    @Test
    void aSlowFirstPauseIsFollowedByFastOnesWithinTheBudget() {
        PauseBudget b = new PauseBudget(1.0, 0);
        assertThat(b.leftMs(0)).isEqualTo(3000);
        assertThat(b.allows(0)).isTrue();
        b.spend(0, 1100);
        assertThat(b.allows(5000)).isTrue();
        b.spend(5000, 40);
        assertThat(b.leftMs(5000)).isEqualTo(3000 - 1100 - 40 + 50);
    }

    @Test
    void anEmptyBucketRefillsAtThePercentOfWallTime() {
        PauseBudget b = new PauseBudget(1.0, 0);
        b.spend(0, 4000);
        assertThat(b.allows(0)).isFalse();
        // -1000 ms left; the next needs 4000: 5000 ms of pause budget = 500 s at 1 %.
        assertThat(b.allows(499_000)).isFalse();
        assertThat(b.allows(500_000)).isTrue();
    }

    @Test
    void aPauseLongerThanTheWholeBucketIsAllowedWhenTheBucketIsFull() {
        PauseBudget b = new PauseBudget(1.0, 0);
        b.spend(0, 20_000);
        assertThat(b.allows(1_000_000)).isFalse();
        assertThat(b.allows(3_000_000)).isTrue();
    }
}
