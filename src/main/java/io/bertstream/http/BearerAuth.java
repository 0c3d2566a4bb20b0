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

import static io.bertstream.config.ConfigKeys.HTTP_AUTH_TOKENS;
import static io.bertstream.config.ConfigKeys.HTTP_AUTH_TOKENS_FILE;

/**
 * Bearer tokens for the article and question routes: {@code http.auth.tokens} (comma-separated) and the lines of
 * {@code http.auth.tokens.file}. No tokens configured = every request is allowed. Tokens are kept as SHA-256
 * digests and compared in constant time; they are never logged.
 */
public final class BearerAuth {

    private static final String SCHEME = "Bearer ";

    private final List<byte[]> digests;

    private BearerAuth(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    public static BearerAuth from(BertstreamConfig c) {
        List<String> tokens = new ArrayList<>(Arrays.asList(c.get(HTTP_AUTH_TOKENS).split(",")));
        if (c.isSet(HTTP_AUTH_TOKENS_FILE)) {
            tokens.addAll(readFile(Path.of(c.get(HTTP_AUTH_TOKENS_FILE))));
        }
        return new BearerAuth(tokens.stream().map(String::strip).filter(t -> !t.isEmpty() && !t.startsWith("#"))
                .map(BearerAuth::digest).toList());
    }

    private static List<String> readFile(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HTTP_AUTH_TOKENS_FILE + " " + file, e);
        }
    }

    public boolean required() {
        return !digests.isEmpty();
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
