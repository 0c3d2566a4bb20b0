package io.bertstream.http;

/**
 * A path the server answers ({@code prefix}: every path starting with it) with a route, and how: {@link Kind}
 * says which lane runs it and whether it may need a token. Only API routes read request bodies.
 */
record Endpoint(String path, boolean prefix, Kind kind, Route route) {

    /** Where a route runs and who may call it. */
    enum Kind {
        /** Answered at once on the thread that parsed the head: liveness never queues behind anything. */
        LIVENESS,
        /** The probe lane (readiness): never a token. */
        PROBE,
        /** A lane of its own (scrapes can be slow): a token only with {@code http.auth.metrics=true}. */
        METRICS,
        /**
         * The web page's static files, on the API lane without a token: they hold no data, and the page must load
         * before it can ask for a token. No body is read.
         */
        PAGE,
        /** The API lane: a token whenever tokens are configured; the only kind whose bodies are read. */
        API
    }

    static Endpoint liveness(String path, Route route) {
        return new Endpoint(path, false, Kind.LIVENESS, route);
    }

    static Endpoint probe(String path, Route route) {
        return new Endpoint(path, false, Kind.PROBE, route);
    }

    static Endpoint metrics(String path, Route route) {
        return new Endpoint(path, false, Kind.METRICS, route);
    }

    static Endpoint under(String prefix, Route route) {
        return new Endpoint(prefix, true, Kind.API, route);
    }

    static Endpoint exact(String path, Route route) {
        return new Endpoint(path, false, Kind.API, route);
    }

    /** Static files under {@code path} (a prefix when it ends with a slash), served without a token. */
    static Endpoint page(String path, Route route) {
        return new Endpoint(path, path.endsWith("/"), Kind.PAGE, route);
    }

    boolean matches(String requestPath) {
        return prefix ? requestPath.startsWith(path) : requestPath.equals(path);
    }
}
