package dev.hatch.cli.connection;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The common part of this client's body subscribers: the result they complete and the
 * subscription they hold. A subclass says how many items to ask for first, and what to do with
 * them.
 *
 * @param <T> what the body becomes
 */
public abstract class BodyCollector<T> implements HttpResponse.BodySubscriber<T> {
    /** Completed with the body, or with the reason it could not be had. */
    protected final CompletableFuture<T> result = new CompletableFuture<>();
    /** Set once the transfer starts; {@code null} before. */
    protected volatile Flow.Subscription subscription;
    private final long firstRequest;

    /** @param firstRequest how many items to ask for when the transfer starts */
    protected BodyCollector(long firstRequest) {
        this.firstRequest = firstRequest;
    }

    @Override
    public CompletionStage<T> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(firstRequest);
    }
}
