package io.bertstream.topology;

/**
 * A fault of the service's surroundings, not of the input (the schema registry unreachable or answering 5xx),
 * still there after {@link TransientRetry}'s bounded wait. It escapes the processor on purpose: the processing
 * exception handler fails the task, its transaction aborts, and the input is read again by the replaced
 * stream thread instead of being dead-lettered.
 */
public final class TransientFailure extends RuntimeException {

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
