package io.bertstream.http;

/**
 * A path the server answers ({@code prefix}: every path starting with it) with a route. Probes run on their own
 * lane and never require a token; {@code open} routes (the web page's static files, which hold no data and must
 * load before the page can ask for a token) run on the work lane without a token.
 */
record Endpoint(String path, boolean prefix, boolean probe, boolean open, Route route) {

    static Endpoint probe(String path, Route route) {
        return new Endpoint(path, false, true, true, route);
    }

    static Endpoint under(String prefix, Route route) {
        return new Endpoint(prefix, true, false, false, route);
    }

    static Endpoint exact(String path, Route route) {
        return new Endpoint(path, false, false, false, route);
    }

    /** Static files under {@code path} (a prefix when it ends with a slash), served without a token. */
    static Endpoint open(String path, Route route) {
        return new Endpoint(path, path.endsWith("/"), false, true, route);
    }

    boolean matches(String requestPath) {
        return prefix ? requestPath.startsWith(path) : requestPath.equals(path);
    }
}
