package dev.hatch.internal.http;

import java.io.IOException;

/**
 * The client stopped sending the request body (it closed the connection or the stream ended
 * early). Nothing went wrong inside Hatch: the request is recorded as aborted, without a
 * warning or stack trace in the application's log, which a client could otherwise fill at will.
 */
public final class ClientGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGoneException(IOException cause) {
        super("the client went away while sending the request body", cause);
    }
}
