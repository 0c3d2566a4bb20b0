package io.bertstream.http;

import io.bertstream.app.EnrichmentService;
import io.bertstream.config.BertstreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closed unless opened: the service refuses to start, at once and in one line, when it would serve from an
 * address other hosts reach without tokens, or when a tokens source holds no token.
 */
class ExposureTest {

    private static BertstreamConfig config(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(Map.of(HTTP_PORT, "0", SCHEMA_REGISTRY_URL, "mock://exposure"));
        all.putAll(overrides);
        return BertstreamConfig.of(all);
    }

    @Test
    void theDefaultBindIsLoopback() {
        assertEquals("127.0.0.1", config(Map.of()).get(HTTP_BIND_ADDRESS));
        BertstreamConfig c = config(Map.of());
        assertDoesNotThrow(() -> Exposure.check(HttpSettings.from(c), BearerAuth.from(c)));
    }

    @Test
    void aNonLoopbackBindWithoutTokensRefusesToStart() {
        RuntimeException e = assertThrows(IllegalStateException.class,
                () -> EnrichmentService.start(config(Map.of(HTTP_BIND_ADDRESS, "0.0.0.0"))));
        System.out.println("EXPOSURE non-loopback without tokens: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("http.bind.address=0.0.0.0 is reachable from other hosts"),
                e.getMessage());
        assertTrue(e.getMessage().contains("http.auth.required=false"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void saidExplicitlyOrWithTokensANonLoopbackBindIsAllowed() {
        for (Map<String, String> open : java.util.List.of(
                Map.of(HTTP_BIND_ADDRESS, "0.0.0.0", HTTP_AUTH_REQUIRED, "false"),
                Map.of(HTTP_BIND_ADDRESS, "0.0.0.0", HTTP_AUTH_TOKENS, "s3cret"))) {
            BertstreamConfig c = config(open);
            assertDoesNotThrow(() -> Exposure.check(HttpSettings.from(c), BearerAuth.from(c)), open.toString());
        }
    }

    @Test
    void aTokensFileOfCommentsRefusesToStart(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "# the tokens\n\n   \n# rotated 2026-01\n");
        RuntimeException e = assertThrows(IllegalArgumentException.class,
                () -> EnrichmentService.start(config(Map.of(HTTP_AUTH_TOKENS_FILE, tokens.toString()))));
        System.out.println("EXPOSURE tokens file of comments: " + e.getMessage());
        assertEquals("http.auth.tokens.file " + tokens + " holds no token (only blank lines and # comments)",
                e.getMessage());
        RuntimeException separators = assertThrows(IllegalArgumentException.class,
                () -> EnrichmentService.start(config(Map.of(HTTP_AUTH_TOKENS, " , ,"))));
        assertEquals("http.auth.tokens is set but holds no token", separators.getMessage());
    }
}
