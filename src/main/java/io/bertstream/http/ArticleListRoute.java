package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.store.RecentArticles;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /articles?limit=N&after=CURSOR}: the articles summarised last, newest first, on this instance and its
 * peers. Each instance answers from its small {@code recent-articles} index ({@link RecentArticlePages}); the one
 * asked relays the same request to every peer (a relayed request is answered locally only, so relays cannot
 * loop), keeps the newest {@code limit} of all and gives the cursor of the last one as {@code next}. Peers that do
 * not answer are named in {@code incomplete}, the rest is still served. {@code limit} is at most
 * {@value #MAX_LIMIT}: a request reads at most that many index entries per partition and instance.
 */
final class ArticleListRoute implements Route {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The index's order (RocksDB's), of the entries' keys. */
    private static final Comparator<JsonNode> NEWEST_FIRST = Comparator.comparing(
            item -> item.path("cursor").asText(), RecentArticles.BYTE_ORDER);

    private final RecentArticlePages local;
    private final Forwarder forwarder;

    ArticleListRoute(RecentArticlePages local, Forwarder forwarder) {
        this.local = local;
        this.forwarder = forwarder;
    }

    @Override
    public Response handle(ApiRequest request) throws InterruptedException {
        return Route.requireMethod(request, "GET", () -> list(request));
    }

    private Response list(ApiRequest request) throws InterruptedException {
        Map<String, String> query;
        int limit;
        try {
            query = query(request.rawPath());
            limit = limit(query.get("limit"));
        } catch (IllegalArgumentException e) {
            return Response.error(400, "BAD_REQUEST", e.getMessage());
        }
        String after = query.get("after");
        List<JsonNode> items = new ArrayList<>();
        ArrayNode incomplete = JsonNodeFactory.instance.arrayNode();
        RecentArticlePages.Page page = local.page(after, limit);
        page.items().forEach(items::add);
        page.unavailable().forEach(incomplete::add);
        if (!Forwarder.wasForwarded(request)) {
            for (HostInfo peer : local.peers()) {
                fromPeer(request, peer, items, incomplete);
            }
        }
        items.sort(NEWEST_FIRST);
        List<JsonNode> kept = items.subList(0, Math.min(limit, items.size()));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("articles").addAll(kept);
        body.put("next", kept.size() == limit ? kept.get(kept.size() - 1).path("cursor").asText() : null);
        body.set("incomplete", incomplete);
        return Response.json(200, body);
    }

    private void fromPeer(ApiRequest request, HostInfo peer, List<JsonNode> items, ArrayNode incomplete)
            throws InterruptedException {
        String name = peer.host() + ":" + peer.port();
        Response answer = forwarder.forward(request, peer);
        if (answer.status() != 200) {
            incomplete.add(name + " answered " + answer.status());
            return;
        }
        try {
            JsonNode body = MAPPER.readTree(answer.body());
            body.path("articles").forEach(items::add);
            body.path("incomplete").forEach(reason -> incomplete.add(name + ": " + reason.asText()));
        } catch (IOException e) {
            incomplete.add(name + " answered something other than JSON");
        }
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The decoded query parameters of {@code pathAndQuery} (the first value of each). */
    static Map<String, String> query(String pathAndQuery) {
        Map<String, String> parameters = new HashMap<>();
        int question = pathAndQuery.indexOf('?');
        if (question < 0) {
            return parameters;
        }
        for (String pair : pathAndQuery.substring(question + 1).split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }
}
