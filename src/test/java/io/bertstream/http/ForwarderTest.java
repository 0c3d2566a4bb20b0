package io.bertstream.http;

import io.bertstream.config.BertstreamConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.bertstream.config.ConfigKeys.HTTP_RELAY_TIMEOUT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay carries the caller's bearer token, so with tokens and without TLS nothing is relayed: the owner's port
 * (a real socket here) sees no connection and the caller gets 421. Without tokens the same relay does go out.
 */
class ForwarderTest {

    private static final ApiRequest WITH_TOKEN = new ApiRequest("GET", "/articles/a", "/articles/a",
            Map.of("authorization", "Bearer s3cret-token"), new byte[0]);

    private static Forwarder forwarder(boolean withTokens) {
        return new Forwarder("127.0.0.1:1", HttpSettings.from(BertstreamConfig.of(Map.of(HTTP_RELAY_TIMEOUT_MS,
                "30000"))), null, withTokens);
    }

    @Test
    void withTokensAndNoTlsNothingLeavesInClearText() throws Exception {
        try (ServerSocket owner = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            owner.setSoTimeout(1_000);
            Response response = forwarder(true).forward(WITH_TOKEN, new HostInfo("127.0.0.1", owner.getLocalPort()));

            assertEquals(421, response.status());
            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("only over TLS"), body);
            assertFalse(body.contains(String.valueOf(owner.getLocalPort())), "names no host: " + body);
            assertThrows(SocketTimeoutException.class, owner::accept, "the owner got no connection");
        }
    }

    @Test
    void withoutTokensTheRelayGoesOut() throws Exception {
        try (ServerSocket owner = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            owner.setSoTimeout(30_000);
            ApiRequest anonymous = new ApiRequest("GET", "/articles/a", "/articles/a", Map.of(), new byte[0]);
            CompletableFuture<Response> relayed = CompletableFuture.supplyAsync(() -> {
                try {
                    return forwarder(false).forward(anonymous, new HostInfo("127.0.0.1", owner.getLocalPort()));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket peer = owner.accept()) {
                InputStream in = peer.getInputStream();
                byte[] head = new byte[15];
                assertEquals(15, in.readNBytes(head, 0, 15));
                assertEquals("GET /articles/a", new String(head, StandardCharsets.US_ASCII));
                peer.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json"
                        + "\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals(200, relayed.get(30, TimeUnit.SECONDS).status());
        }
    }
}
