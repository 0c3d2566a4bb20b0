package io.bertstream.http;

import io.bertstream.app.EnrichmentService;
import io.bertstream.config.BertstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real instance under hostile HTTP traffic, one after the other while probes run: 200 slow-loris connections
 * (heads sent a byte at a time), a 100 MB body (declared and chunked) and a burst of 500 requests. The instance
 * stays up, /health and /ready answer within a second throughout, the heap does not grow by anything like the
 * body, and the routes shed load with 503 + Retry-After. Then: 1,100 keep-alive connections trickling their second
 * request head and 100 trickling a body to a probe are all closed (short head and body deadlines here, so the test
 * needs seconds, not minutes); a flood of /metrics never delays liveness.
 */
class HttpHardeningIT {

    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    private static final int SLOW_CONNECTIONS = 200;
    private static final int BURST = 500;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    private static final int TRICKLED_HEADS = 1_100;
    private static final int TRICKLED_BODIES = 100;
    private static final int METRICS_LOOPS = 64;
    private static final Duration METRICS_FLOOD = Duration.ofSeconds(20);

    private static EnrichmentService service;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                STATE_DIR, Files.createTempDirectory("bertstream-hardening-it-").toString(),
                SCHEMA_REGISTRY_URL, "mock://hardening-it",
                HTTP_PORT, "0",
                HTTP_HEADER_TIMEOUT_MS, String.valueOf(HEADER_TIMEOUT.toMillis()),
                HTTP_BODY_TIMEOUT_MS, String.valueOf(BODY_TIMEOUT.toMillis()))));
        assertTrue(service.awaitRunning(Duration.ofMinutes(1)), "Kafka Streams RUNNING");
        port = service.httpPort().orElseThrow();
        try (ArticleTraffic traffic = new ArticleTraffic(service)) {
            traffic.send(ArticleTraffic.article("lisbon"));
            traffic.awaitSummaries(List.of("lisbon"));
        }
        assertEquals(200, new HttpProbe(port).getSettled("/articles/lisbon").statusCode());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void staysUpUnderHugeBodiesSlowHeadsAndABurst() throws Exception {
        System.gc();
        long baselineHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long started = System.nanoTime();
        RawHttp.Upload declared;
        RawHttp.Upload chunked;
        Map<Integer, Integer> burstStatuses;
        int retryAfterMissing;
        int slowStillOpen;
        Duration slowClosedAfter;
        try (ProbeWatch watch = new ProbeWatch(port)) {
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                slow.add(RawHttp.startSlowHead(port, "/articles/lisbon"));
            }
            long slowOpened = System.nanoTime();

            slowStillOpen = dripUntilClosed(slow, HEADER_TIMEOUT.plusSeconds(10));
            slowClosedAfter = Duration.ofNanos(System.nanoTime() - slowOpened);
            slow.forEach(HttpHardeningIT::closeQuietly);

            declared = RawHttp.upload(port, "/articles/lisbon/questions", HUNDRED_MB, false);
            chunked = RawHttp.upload(port, "/articles/lisbon/questions", HUNDRED_MB, true);

            List<HttpResponse<String>> burst = burst();
            burstStatuses = new TreeMap<>();
            retryAfterMissing = 0;
            for (HttpResponse<String> response : burst) {
                burstStatuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
                    retryAfterMissing++;
                }
            }
            Thread.sleep(500);
            watch.close();

            System.out.printf("HARDENING declared 100 MB body -> %s after %d bytes written; chunked -> %s after %d"
                            + " bytes%n", declared.statusLine(), declared.bytesWritten(), chunked.statusLine(),
                    chunked.bytesWritten());
            System.out.printf("HARDENING burst of %d: statuses %s, 503 without Retry-After: %d%n", BURST,
                    burstStatuses, retryAfterMissing);
            System.out.printf("HARDENING %d slow-loris connections: %d still open, all closed by %d ms "
                    + "(header timeout %d ms)%n", SLOW_CONNECTIONS, slowStillOpen, slowClosedAfter.toMillis(),
                    HEADER_TIMEOUT.toMillis());
            System.out.printf("HARDENING probes: %d answered, slowest %d ms, failures %s; heap baseline %d MiB, "
                            + "peak %d MiB (+%d MiB); attack lasted %d ms%n", watch.probes(),
                    watch.slowest().toMillis(), watch.failures(), baselineHeap >> 20, watch.peakHeapBytes() >> 20,
                    (watch.peakHeapBytes() - baselineHeap) >> 20, (System.nanoTime() - started) / 1_000_000);

            assertEquals(413, declared.status(), "declared 100 MB body");
            assertEquals(413, chunked.status(), "chunked 100 MB body");
            assertTrue(burstStatuses.keySet().stream().allMatch(s -> s == 200 || s == 503), burstStatuses.toString());
            assertTrue(burstStatuses.getOrDefault(200, 0) > 0, "some of the burst is served");
            assertEquals(0, retryAfterMissing, "every 503 says when to retry");
            assertEquals(0, slowStillOpen, "slow-loris connections are closed by the header timeout");
            assertTrue(watch.failures().isEmpty(), "probes failed: " + watch.failures());
            assertTrue(watch.slowest().compareTo(Duration.ofSeconds(1)) < 0, "slowest probe " + watch.slowest());
            assertTrue(watch.peakHeapBytes() - baselineHeap < HUNDRED_MB, "heap grew by less than the body");
        }
        assertEquals(200, new HttpProbe(port).get("/articles/lisbon").statusCode(), "still serving");
        assertEquals("RUNNING", service.streams().state().name());
    }

    @Test
    void trickledSecondHeadsAndProbeBodiesAreClosedOnEveryConnection() throws Exception {
        List<TricklingClient> open = new ArrayList<>();
        for (int i = 0; i < TRICKLED_HEADS + TRICKLED_BODIES; i++) {
            open.add(TricklingClient.open(port, i < TRICKLED_HEADS ? TricklingClient.Kind.SECOND_HEAD
                    : TricklingClient.Kind.PROBE_BODY));
        }
        List<TricklingClient> all = List.copyOf(open);
        long started = System.nanoTime();
        Duration patience = Duration.ofSeconds(45);
        int probesRefused = 0;
        int rounds = 0;
        while (!open.isEmpty() && System.nanoTime() - started < patience.toNanos()) {
            open.removeIf(client -> !client.drip());
            if (++rounds % 5 == 0 && RawHttp.getOnce(port, "/health", Duration.ofSeconds(2)) != 200) {
                probesRefused++;
            }
            Thread.sleep(1_000);
        }
        Duration closedAfter = Duration.ofNanos(System.nanoTime() - started);
        long freshStarted = System.nanoTime();
        int fresh = RawHttp.getOnce(port, "/health", Duration.ofSeconds(2));
        Duration freshTook = Duration.ofNanos(System.nanoTime() - freshStarted);
        long secondHeads = all.stream().filter(TricklingClient::firstAnswered).count();
        open.forEach(TricklingClient::close);
        System.out.printf("HARDENING %d keep-alive connections trickling a second head + %d trickling a probe body:"
                        + " %d still open after %d ms (head/body deadline %d/%d ms), %d sent a second head; fresh"
                        + " GET /health -> %d in %d ms; probes during the attack not 200: %d%n", TRICKLED_HEADS,
                TRICKLED_BODIES, open.size(), closedAfter.toMillis(), HEADER_TIMEOUT.toMillis(),
                BODY_TIMEOUT.toMillis(), secondHeads, fresh, freshTook.toMillis(), probesRefused);

        assertEquals(0, open.size(), "slow connections still open after " + closedAfter.toMillis() + " ms");
        assertEquals(TRICKLED_HEADS, secondHeads, "every keep-alive connection got its first answer");
        assertEquals(200, fresh);
        assertTrue(freshTook.compareTo(Duration.ofSeconds(2)) < 0, "fresh probe took " + freshTook);
    }

    @Test
    void aFloodOfMetricsScrapesNeverDelaysLiveness() throws Exception {
        // the same probes first without the flood: on a shared machine the load alone delays them
        Duration quiet;
        try (ProbeWatch control = new ProbeWatch(port)) {
            Thread.sleep(5_000);
            control.close();
            quiet = control.slowest();
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<Integer, Integer> scrapes = new java.util.concurrent.ConcurrentSkipListMap<>();
        long until = System.nanoTime() + METRICS_FLOOD.toNanos();
        List<Thread> loops = new ArrayList<>();
        try (ProbeWatch watch = new ProbeWatch(port)) {
            for (int i = 0; i < METRICS_LOOPS; i++) {
                Thread loop = new Thread(() -> {
                    while (System.nanoTime() < until) {
                        try {
                            int status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            scrapes.merge(status, 1, Integer::sum);
                        } catch (Exception e) {
                            scrapes.merge(-1, 1, Integer::sum);
                        }
                    }
                }, "metrics-loop-" + i);
                loop.start();
                loops.add(loop);
            }
            for (Thread loop : loops) {
                loop.join();
            }
            watch.close();
            System.out.printf("HARDENING %d loops on GET /metrics for %d s: statuses %s; probes: %d answered, "
                            + "slowest %d ms (%d ms in 5 s without the flood), failures %s%n", METRICS_LOOPS,
                    METRICS_FLOOD.toSeconds(), scrapes, watch.probes(), watch.slowest().toMillis(), quiet.toMillis(),
                    watch.failures());

            assertTrue(scrapes.getOrDefault(200, 0) > 0, "some scrapes are served: " + scrapes);
            assertTrue(watch.failures().isEmpty(), "probes failed: " + watch.failures());
            assertTrue(watch.slowest().compareTo(Duration.ofSeconds(1)) < 0, "slowest probe " + watch.slowest());
        }
    }

    /** 500 requests at once, half article reads, half questions; every answer. */
    private static List<HttpResponse<String>> burst() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(60));
            if (i % 2 == 0) {
                request.uri(URI.create("http://127.0.0.1:" + port + "/articles/lisbon")).GET();
            } else {
                request.uri(URI.create("http://127.0.0.1:" + port + "/articles/lisbon/questions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"How many books are there?\"}"));
            }
            pending.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** Keeps dripping header bytes until the server closed every connection or the patience ran out. */
    private static int dripUntilClosed(List<Socket> slow, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Socket> open = new ArrayList<>(slow);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(socket -> !RawHttp.drip(socket));
            Thread.sleep(250);
        }
        return open.size();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (Exception ignored) {
            // closing a socket the server already closed
        }
    }
}
