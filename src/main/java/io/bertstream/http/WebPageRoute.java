package io.bertstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The web page for people, static files from the jar ({@code bertstream/ui/}, read once at start): {@code /ui/}
 * (the article list) and {@code /ui/articles/{id}} (one article) are the same page, whose script reads the path and
 * calls the JSON routes ({@code GET /articles}, {@code GET /articles/{id}}, {@code POST /articles/{id}/questions},
 * {@code GET /live}) with the page's bearer token. The files hold no data, so they load without a token.
 *
 * <p>Article text is untrusted: the script inserts it as text only, and a strict Content-Security-Policy (scripts
 * and styles from this origin only: no inline script, no eval, no inline style; no plugins, no framing) keeps an
 * article that slipped markup through from running anything.
 */
final class WebPageRoute implements Route {

    static final String PREFIX = "/ui/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String PAGE = "index.html";
    private static final Map<String, String> TYPES = Map.of(
            PAGE, "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "ui.css", "text/css; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private final Map<String, byte[]> files = new HashMap<>();

    WebPageRoute() {
        for (String name : TYPES.keySet()) {
            try (InputStream in = WebPageRoute.class.getResourceAsStream("/bertstream/ui/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the web page's file bertstream/ui/" + name);
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the web page's file " + name, e);
            }
        }
    }

    @Override
    public Response handle(ApiRequest request) throws InterruptedException {
        return Route.requireMethod(request, "GET", () -> serve(request.path()));
    }

    private Response serve(String path) {
        if (!path.startsWith(PREFIX)) {
            // "/ui" without its slash: the page's relative links need the slash
            return new Response(308, "text/plain; charset=utf-8", new byte[0], Map.of("Location", PREFIX));
        }
        String rest = path.substring(PREFIX.length());
        String name = rest.isEmpty() || isArticlePath(rest) ? PAGE
                : rest.startsWith("static/") ? rest.substring("static/".length()) : null;
        if (name == null || !files.containsKey(name) || name.equals(PAGE) && rest.startsWith("static/")) {
            return Response.error(404, "NOT_FOUND", "no such page: " + path);
        }
        return new Response(200, TYPES.get(name), files.get(name), Map.of(
                "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-cache"));
    }

    private static boolean isArticlePath(String rest) {
        return rest.startsWith("articles/") && rest.length() > "articles/".length();
    }
}
