package io.bertstream.http;

/**
 * A path the server answers ({@code prefix}: every path starting with it) with a route. Probes run on their own
 * lane and never require a token.
 */
record Endpoint(String path, boolean prefix, boolean probe, Route route) {

    static Endpoint probe(String path, Route route) {
        return new Endpoint(path, false, true, route);
    }

    static Endpoint under(String prefix, Route route) {
        return new Endpoint(prefix, true, false, route);
    }

    boolean matches(String requestPath) {
        return prefix ? requestPath.startsWith(path) : requestPath.equals(path);
    }
}
