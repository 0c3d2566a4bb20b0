package io.bertstream.http;

/** One group of endpoints: turns a request (its body already read) into a {@link Response}. */
interface Route {

    Response handle(ApiRequest request) throws InterruptedException;

    /** The work of a route for one method. */
    interface Action {
        Response run() throws InterruptedException;
    }

    /** Runs {@code action} for requests with {@code method}; 405 for others. */
    static Response requireMethod(ApiRequest request, String method, Action action) throws InterruptedException {
        if (!method.equals(request.method())) {
            return Response.error(405, "METHOD_NOT_ALLOWED", "use " + method).withHeader("Allow", method);
        }
        return action.run();
    }
}
