package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An HTTP answer, built by a route and written by {@link HttpApi} (or relayed from another instance). */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    /** Seconds a client should wait before retrying while the instances rebalance. */
    static final String RETRY_AFTER_SECONDS = "1";

    static Response json(int status, JsonNode body) {
        return new Response(status, JSON, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"error": CODE, "message": MESSAGE}}. */
    static Response error(int status, String code, String message) {
        return json(status, errorBody(code, message));
    }

    /** 503 with a Retry-After: the answer depends on state that is moving between instances. */
    static Response unavailable(String message) {
        return new Response(503, JSON, errorBody("UNAVAILABLE", message).toString().getBytes(StandardCharsets.UTF_8),
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /** The same answer with one more header. */
    Response withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, Map.copyOf(more));
    }

    private static ObjectNode errorBody(String code, String message) {
        return JsonNodeFactory.instance.objectNode().put("error", code).put("message", message);
    }
}
