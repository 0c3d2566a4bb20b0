package io.bertstream.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of daemon threads with a bounded queue: work beyond the queue is refused at once (the caller
 * answers 503), never buffered without limit.
 */
final class Lane implements AutoCloseable {

    private static final int STOP_SECONDS = 10;

    private final ThreadPoolExecutor executor;

    Lane(String name, int threads, int queueSize) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueSize)), task -> {
            Thread thread = new Thread(task, "bertstream-http-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code task} on this lane; false when its threads are busy and its queue is full. */
    boolean offer(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Interrupts the running tasks and waits (up to {@value #STOP_SECONDS} s) until they end: a route may be inside
     * an inference, which an interrupt does not stop, and the models must not be closed under it.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether no task runs on this lane any more (after {@link #close}). */
    boolean terminated() {
        return executor.isTerminated();
    }
}
