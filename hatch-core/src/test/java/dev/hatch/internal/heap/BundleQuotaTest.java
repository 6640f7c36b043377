package dev.hatch.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.internal.http.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory bundle stays within the store's quota: refused before writing when its estimate does
 * not fit, cut off and deleted when it grows past what is left, stored and listed when it fits.
 * Nothing is left behind either way.
 */
class BundleQuotaTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void aBundleIsStoredOnlyWithinTheQuota() throws Exception {
        try (DumpStore store = new DumpStore(new HeapDumper(dir), Duration.ofHours(1), 2 * MIB)) {
            StoredDump small = store.storeBundle("trigger:t", MIB, Long.MAX_VALUE, out -> out.write(new byte[1000]));
            assertThat(small.kind()).isEqualTo(StoredDump.BUNDLE);
            assertThat(small.bytes()).isEqualTo(1000);
            assertThat(small.file().getFileName().toString()).isEqualTo(small.id() + ".zip");
            assertThat(store.list()).extracting(StoredDump::id).containsExactly(small.id());
            assertThat(store.get(small.id()).contentType()).isEqualTo("application/zip");

            assertThatThrownBy(() -> store.storeBundle("trigger:t", 3 * MIB, Long.MAX_VALUE, out -> out.write(1)))
                    .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(507));

            // A trigger's own maxBytes left (here 2,000 bytes) cuts it off too, and a refused stream stays refused.
            assertThatThrownBy(() -> store.storeBundle("trigger:t", 1000, 2000, out -> {
                out.write(new byte[1500]);
                try {
                    out.write(new byte[1000]);
                } catch (DumpStore.OverQuota expected) {
                    out.write(new byte[10]);
                }
            })).isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(507));

            assertThatThrownBy(() -> store.storeBundle("trigger:t", MIB, Long.MAX_VALUE, out -> {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            })).isInstanceOfSatisfying(Problem.class, p -> assertThat(p.detail()).contains("discarded"));

            assertThat(store.list()).extracting(StoredDump::id).containsExactly(small.id());
            assertThat(store.usedBytes()).isEqualTo(1000);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsOnly("stored");
            }
            assertThat(store.delete(small.id())).isTrue();
            assertThat(store.list()).isEmpty();
        }
    }
}
