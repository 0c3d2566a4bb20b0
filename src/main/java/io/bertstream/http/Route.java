package io.bertstream.http;

import com.sun.net.httpserver.HttpExchange;

/** One group of endpoints: turns a request (its body already read) into a {@link Response}. */
interface Route {

    Response handle(HttpExchange exchange, byte[] body) throws InterruptedException;

    /** The work of a route for one method. */
    interface Action {
        Response run() throws InterruptedException;
    }

    /** Runs {@code action} for requests with {@code method}; 405 for others. */
    static Response requireMethod(HttpExchange exchange, String method, Action action) throws InterruptedException {
        if (!method.equals(exchange.getRequestMethod())) {
            return Response.error(405, "METHOD_NOT_ALLOWED", "use " + method).withHeader("Allow", method);
        }
        return action.run();
    }
}
