package io.bertstream.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code run}: the service, until it is stopped (SIGTERM/SIGINT close it cleanly). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the enrichment service (with an in-process broker when bootstrap.servers is empty).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        EnrichmentService service = EnrichmentService.start(config.load());
        CountDownLatch stopped = new CountDownLatch(1);
        service.closeOnSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "bertstream-shutdown"));
        stopped.await();
        return 0;
    }
}
