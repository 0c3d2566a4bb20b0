package io.bertstream.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text, built at most once per {@link #REUSE_NANOS} whatever the request rate
 * (a scrape formats every meter; Prometheus asks every 15 s or so), so a flood of scrapes costs the instance one
 * scrape a second on its own lane, not a core.
 */
final class MetricsRoute implements Route {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final long REUSE_NANOS = 1_000_000_000L;

    private final Supplier<String> scrape;
    private byte[] last;
    private long builtAt;

    MetricsRoute(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public Response handle(ApiRequest request) throws InterruptedException {
        return Route.requireMethod(request, "GET", () -> new Response(200, PROMETHEUS_TEXT, text(), Map.of()));
    }

    private synchronized byte[] text() {
        long now = System.nanoTime();
        if (last == null || now - builtAt > REUSE_NANOS) {
            last = scrape.get().getBytes(StandardCharsets.UTF_8);
            builtAt = now;
        }
        return last;
    }
}
