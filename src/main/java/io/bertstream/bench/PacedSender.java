package io.bertstream.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.concurrent.locks.LockSupport;

/** Sends inputs at a fixed rate while another thread reads the outputs, for latency at a given load. */
final class PacedSender {

    private PacedSender() {
    }

    /**
     * Calls {@code send} with 0..count-1, the i-th at {@code i / perSecond} seconds after the start, while
     * {@code awaitOutputs} runs on a thread of its own; returns when both are done.
     */
    static void run(int count, double perSecond, IntConsumer send, Runnable awaitOutputs) throws Exception {
        ExecutorService readerThread = Executors.newSingleThreadExecutor();
        try {
            Future<?> reading = readerThread.submit(awaitOutputs);
            long interval = (long) (1e9 / perSecond);
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = started + i * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                send.accept(i);
            }
            reading.get();
        } finally {
            readerThread.shutdownNow();
        }
    }
}
