package io.bertstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A registry's answer: its status and its body, read up to {@link #MAX_ANSWER_BYTES} (a registry, or whatever
 * answers at its URL, could otherwise send an endless body into the heap), and how it reads as JSON or as an error.
 */
record RegistryReply(int statusCode, String body) {

    /** Largest registry answer read; a schema is a few KiB. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The answer's body as text, read up to {@link #MAX_ANSWER_BYTES}: a larger one is a final error. */
    static RegistryReply read(String url, HttpResponse<InputStream> response) throws IOException {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        }
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new SchemaRegistryException(url, response.statusCode(), -1, "answer larger than "
                    + MAX_ANSWER_BYTES + " bytes");
        }
        return new RegistryReply(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
    }

    /** The body as JSON; a body that is not JSON is a final error. */
    JsonNode json(String url) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(url, statusCode, -1, "answer is not JSON: " + abbreviate(body));
        }
    }

    /** The error this answer reports: the registry's own message and error code, or else the raw body. */
    SchemaRegistryException error(String url) {
        int errorCode = -1;
        String message = abbreviate(body);
        try {
            JsonNode answer = JSON.readTree(body);
            if (answer != null && answer.has("message")) {
                errorCode = answer.path("error_code").asInt(-1);
                message = answer.path("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        return new SchemaRegistryException(url, statusCode, errorCode, message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
