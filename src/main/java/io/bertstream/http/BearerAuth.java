package io.bertstream.http;

import io.bertstream.config.BertstreamConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.bertstream.config.ConfigKeys.HTTP_AUTH_METRICS;
import static io.bertstream.config.ConfigKeys.HTTP_AUTH_TOKENS;
import static io.bertstream.config.ConfigKeys.HTTP_AUTH_TOKENS_FILE;

/**
 * Bearer tokens for the article and question routes: {@code http.auth.tokens} (comma-separated) and the lines of
 * {@code http.auth.tokens.file}. No tokens configured = every request is allowed (which {@link Exposure} allows on
 * a loopback address only, unless told otherwise); a source that is set but yields no token is a configuration
 * error, never an open server. {@code /metrics} needs a token too with {@code http.auth.metrics=true}. Tokens are
 * kept as SHA-256 digests and compared in constant time; they are never logged.
 */
public final class BearerAuth {

    private static final String SCHEME = "Bearer ";

    private final List<byte[]> digests;
    private final boolean metrics;

    private BearerAuth(List<byte[]> digests, boolean metrics) {
        this.digests = List.copyOf(digests);
        this.metrics = metrics;
    }

    /** @throws IllegalArgumentException when a token source is set but holds no token (one line, no token in it) */
    public static BearerAuth from(BertstreamConfig c) {
        List<String> tokens = new ArrayList<>();
        if (c.isSet(HTTP_AUTH_TOKENS)) {
            tokens.addAll(tokens(Arrays.asList(c.get(HTTP_AUTH_TOKENS).split(",")),
                    HTTP_AUTH_TOKENS + " is set but holds no token"));
        }
        if (c.isSet(HTTP_AUTH_TOKENS_FILE)) {
            Path file = Path.of(c.get(HTTP_AUTH_TOKENS_FILE));
            tokens.addAll(tokens(readFile(file), HTTP_AUTH_TOKENS_FILE + " " + file
                    + " holds no token (only blank lines and # comments)"));
        }
        return new BearerAuth(tokens.stream().map(BearerAuth::digest).toList(), c.getBoolean(HTTP_AUTH_METRICS));
    }

    private static List<String> tokens(List<String> entries, String whenNone) {
        List<String> tokens = entries.stream().map(String::strip).filter(t -> !t.isEmpty() && !t.startsWith("#"))
                .toList();
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(whenNone);
        }
        return tokens;
    }

    private static List<String> readFile(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HTTP_AUTH_TOKENS_FILE + " " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    public boolean required() {
        return !digests.isEmpty();
    }

    /** Whether requests to endpoints of this kind must show a token. */
    boolean guards(Endpoint.Kind kind) {
        return required() && (kind == Endpoint.Kind.API || kind == Endpoint.Kind.METRICS && metrics);
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may pass. */
    public boolean allows(String authorization) {
        if (!required()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] presented = digest(authorization.substring(SCHEME.length()).strip());
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, presented);
        }
        return match;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
