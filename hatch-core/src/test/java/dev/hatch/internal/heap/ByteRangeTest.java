package dev.hatch.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.internal.http.Problem;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void openAndClosedRangesAndSuffixes() {
        assertThat(ByteRange.parse("bytes=100-", 1000)).isEqualTo(new ByteRange(100, 999));
        assertThat(ByteRange.parse("bytes=100-199", 1000)).isEqualTo(new ByteRange(100, 199));
        assertThat(ByteRange.parse("bytes=100-5000", 1000)).isEqualTo(new ByteRange(100, 999));
        assertThat(ByteRange.parse("bytes=-10", 1000)).isEqualTo(new ByteRange(990, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange(0, 999));
        assertThat(ByteRange.parse(null, 1000)).isNull();
        assertThat(new ByteRange(100, 199).length()).isEqualTo(100);
        assertThat(new ByteRange(100, 199).contentRange(1000)).isEqualTo("bytes 100-199/1000");
    }

    @Test
    void unsatisfiableOrMalformedRangesAre416WithTheLength() {
        for (String bad : new String[] {"bytes=1000-", "bytes=5-2", "bytes=abc", "bytes=1-2,5-6", "items=1-2", "bytes=-0",
                "bytes=99999999999999999999-"}) {
            assertThatThrownBy(() -> ByteRange.parse(bad, 1000)).as(bad).isInstanceOfSatisfying(Problem.class, p -> {
                assertThat(p.status()).isEqualTo(416);
                assertThat(p.headers()).containsEntry("Content-Range", "bytes */1000");
            });
        }
    }
}
