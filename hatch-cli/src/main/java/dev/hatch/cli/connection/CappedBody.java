package dev.hatch.cli.connection;

import dev.hatch.cli.output.CliException;
import dev.hatch.cli.output.Text;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Collects an answer as UTF-8 text, failing instead of growing past a limit. */
public final class CappedBody extends BodyCollector<String> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public CappedBody(int limit) {
        super(Long.MAX_VALUE);
        this.limit = limit;
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            if (bytes.size() + b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(CliException.failed("the answer is larger than " + Text.bytes(limit)
                        + "; not reading it"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
}
