package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap dump holds whatever is in the heap, so Hatch keeps plain tokens out of it: a token read
 * from a {@code file:} spec is hashed from the file's bytes, which are then overwritten, and no
 * String of it is ever made. A dump that keeps garbage ({@code live=false}, no GC before it) of
 * a freshly started child JVM must not contain a token that was configured but never sent.
 */
@Timeout(120)
class TokenInHeapTest {

    @Test
    void aConfiguredTokenThatWasNeverSentIsNotInTheHeap(@TempDir Path dir) throws Exception {
        String secret = "never-sent-token-" + Long.toHexString(System.nanoTime()) + "-0123456789";
        Path file = dir.resolve("root-token");
        Files.writeString(file, secret + "\n");
        try (ChildJvm child = ChildJvm.start(dir, Map.of(), List.of("-Xmx768m", "-Xmn512m", "-XX:+UseSerialGC", "-Xlog:gc:file=" + dir.resolve("gc.log")), "root2=file:" + file)) {
            HttpResponse<byte[]> dump = child.getBytes("/ops/heapdump?live=false", TestEndpoint.DUMP);
            assertThat(dump.statusCode()).isEqualTo(200);
            byte[] heap = dump.body();
            assertThat(heap.length).isGreaterThan(1 << 20);
            assertThat(Hprof.read(new java.io.ByteArrayInputStream(heap)).recordsByTag()).isNotEmpty();
            // The token the request used is in the heap (Jetty's buffers): the search does find what is there.
            assertThat(indexOf(heap, TestEndpoint.DUMP.getBytes(StandardCharsets.US_ASCII))).isNotNegative();
            int at = indexOf(heap, secret.getBytes(StandardCharsets.US_ASCII));
            assertThat(at).as("plain configured token in the heap, in: %s",
                    at < 0 ? "" : new String(heap, Math.max(0, at - 300), 400, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".")).isNegative();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
