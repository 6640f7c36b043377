package dev.hatch.internal.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void eachClosedBlockKeepsItsMinimumAndItsTime() {
        Envelope e = Envelope.window(1000, 10);
        e.add(100, 50);
        e.add(400, 30);
        e.add(900, 70);
        e.add(1200, 90);
        e.add(1500, 80);
        e.flush(2500);
        assertThat(e.values()).containsExactly(30, 80);
        assertThat(e.times()).containsExactly(400, 1500);
        assertThat(e.samples()).isEqualTo(5);
    }

    @Test
    void windowDropsBlocksOlderThanItsSpan() {
        Envelope e = Envelope.window(1000, 4);
        for (int i = 0; i < 10; i++) {
            e.add(i * 1000L + 10, i);
        }
        e.flush(10_500);
        assertThat(e.values()).containsExactly(7, 8, 9);
    }

    @Test
    void historyMergesNeighboursAndDoublesItsBlockWhenFull() {
        Envelope e = Envelope.history(1000, 4);
        for (int i = 0; i < 5; i++) {
            e.add(i * 1000L, 10 - i);
        }
        e.flush(5000);
        assertThat(e.blockMs()).isEqualTo(2000);
        assertThat(e.values()).containsExactly(9, 7, 6);
        assertThat(e.samples()).isEqualTo(5);
    }

    @Test
    void samplesOlderThanTheOpenBlockAreIgnored() {
        Envelope e = Envelope.window(1000, 4);
        e.add(5000, 1);
        e.add(3000, 0);
        e.flush(7000);
        assertThat(e.values()).containsExactly(1);
    }
}
