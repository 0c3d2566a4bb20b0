package io.bertstream.http;

import java.util.Locale;
import java.util.Map;

/**
 * A request as the routes see it: method, decoded path, raw path (what a relay forwards), headers (names in lower
 * case, first value) and the body, already read within {@code http.max.body.bytes}.
 */
record ApiRequest(String method, String path, String rawPath, Map<String, String> headers, byte[] body) {

    /** The header's first value, or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
