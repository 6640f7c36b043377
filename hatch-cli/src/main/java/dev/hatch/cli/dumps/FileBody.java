package dev.hatch.cli.dumps;

import dev.hatch.cli.connection.BodyCollector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes an answer's body to a file as it arrives, one chunk at a time (back-pressure: the
 * next chunk is requested only after this one is written). The count is visible while the
 * transfer runs, for the progress bar and the stall watchdog, which can {@link #abort} it.
 */
final class FileBody extends BodyCollector<Long> {
    private final FileChannel channel;
    private final AtomicLong written;

    /** @param written the counter to add to; it starts at the bytes already in the file */
    FileBody(FileChannel channel, AtomicLong written) {
        super(1);
        this.channel = channel;
        this.written = written;
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        try {
            for (ByteBuffer b : items) {
                while (b.hasRemaining()) {
                    written.addAndGet(channel.write(b));
                }
            }
        } catch (IOException e) {
            abort(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        close();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        try {
            channel.force(false);
        } catch (IOException e) {
            close();
            result.completeExceptionally(e);
            return;
        }
        close();
        result.complete(written.get());
    }

    /** Stops the transfer: cancels the subscription (the client closes the connection) and fails the body. */
    void abort(IOException reason) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        close();
        result.completeExceptionally(reason);
    }

    private void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the result already says what went wrong
        }
    }
}
