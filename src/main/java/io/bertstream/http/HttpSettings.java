package io.bertstream.http;

import io.bertstream.config.BertstreamConfig;

import java.time.Duration;

import static io.bertstream.config.ConfigKeys.*;

/** The HTTP server's limits, lanes, relays and TLS, from the {@code http.*} keys. */
public record HttpSettings(String bindAddress, int port, int maxBodyBytes, int maxHeaderBytes,
                           Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
                           int threads, int queueSize, int probeThreads, int inferenceMaxConcurrent, Duration inferenceQueueWait,
                           int questionMaxTokens, Duration relayTimeout, int relayMaxConcurrent,
                           boolean authRequired, Tls tls) {

    /** The server's keystore and the truststore relays check other instances with; null paths = plain HTTP. */
    public record Tls(String keystorePath, String keystorePassword, String keystoreType,
                      String truststorePath, String truststorePassword) {

        public boolean enabled() {
            return keystorePath != null;
        }

        @Override
        public String toString() {
            return enabled() ? "Tls[keystore=" + keystorePath + "]" : "Tls[off]";
        }
    }

    public static HttpSettings from(BertstreamConfig c) {
        Tls tls = new Tls(optional(c, HTTP_TLS_KEYSTORE_PATH), c.get(HTTP_TLS_KEYSTORE_PASSWORD),
                c.require(HTTP_TLS_KEYSTORE_TYPE), optional(c, HTTP_TLS_TRUSTSTORE_PATH),
                c.get(HTTP_TLS_TRUSTSTORE_PASSWORD));
        return new HttpSettings(c.require(HTTP_BIND_ADDRESS), c.getInt(HTTP_PORT), c.getInt(HTTP_MAX_BODY_BYTES),
                c.getInt(HTTP_MAX_HEADER_BYTES), Duration.ofMillis(c.getLong(HTTP_HEADER_TIMEOUT_MS)),
                Duration.ofMillis(c.getLong(HTTP_BODY_TIMEOUT_MS)), Duration.ofMillis(c.getLong(HTTP_IDLE_TIMEOUT_MS)),
                c.getInt(HTTP_MAX_CONNECTIONS), c.getInt(HTTP_THREADS), c.getInt(HTTP_QUEUE_SIZE),
                c.getInt(HTTP_PROBE_THREADS), c.getInt(HTTP_INFERENCE_MAX_CONCURRENT),
                Duration.ofMillis(c.getLong(HTTP_INFERENCE_QUEUE_MS)), c.getInt(QUESTIONS_MAX_TOKENS),
                Duration.ofMillis(c.getLong(HTTP_RELAY_TIMEOUT_MS)), c.getInt(HTTP_RELAY_MAX_CONCURRENT),
                c.getBoolean(HTTP_AUTH_REQUIRED), tls);
    }

    private static String optional(BertstreamConfig c, String key) {
        return c.isSet(key) ? c.get(key) : null;
    }
}
