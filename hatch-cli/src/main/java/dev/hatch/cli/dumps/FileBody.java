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
            // One gathering write for the whole list: a write call per 16 KB buffer halved the rate into a file.
            ByteBuffer[] buffers = items.toArray(new ByteBuffer[0]);
            long left = 0;
            for (ByteBuffer b : buffers) {
                left += b.remaining();
            }
            while (left > 0) {
                long n = channel.write(buffers);
                written.addAndGet(n);
                left -= n;
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

    /**
     * The file is whole; as with {@code cp}, the kernel writes it to the disk in its own time (a
     * sync here would make the command wait for the disk: 2-3 s per GB on this project's machine).
     */
    @Override
    public void onComplete() {
        try {
            channel.close();
        } catch (IOException e) {
            result.completeExceptionally(e);
            return;
        }
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
