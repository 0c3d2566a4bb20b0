package io.bertstream.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.topology.EnrichmentTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code GET /health} (liveness: the process is alive unless Kafka Streams has failed or stopped) and
 * {@code GET /ready} (readiness: Kafka Streams is RUNNING and the articles store answers queries).
 */
final class HealthRoutes {

    private static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);

    private final KafkaStreams streams;

    HealthRoutes(KafkaStreams streams) {
        this.streams = streams;
    }

    /** {@code {"status": "UP"|"DOWN", "state": STATE}}: 200 when up, else 503. */
    Route health() {
        return request -> Route.requireMethod(request, "GET", () -> {
            KafkaStreams.State state = streams.state();
            boolean up = !DEAD.contains(state);
            return Response.json(up ? 200 : 503, status(up ? "UP" : "DOWN", state));
        });
    }

    /** {@code {"status": "READY"|"NOT_READY", "state": STATE}}: 200 when ready, else 503 with Retry-After. */
    Route ready() {
        return request -> Route.requireMethod(request, "GET", () -> {
            KafkaStreams.State state = streams.state();
            boolean ready = state == KafkaStreams.State.RUNNING && articlesQueryable();
            Response response = Response.json(ready ? 200 : 503, status(ready ? "READY" : "NOT_READY", state));
            return ready ? response : response.withHeader("Retry-After", Response.RETRY_AFTER_SECONDS);
        });
    }

    private boolean articlesQueryable() {
        try {
            streams.store(StoreQueryParameters.fromNameAndType(EnrichmentTopology.ARTICLES_STORE,
                    QueryableStoreTypes.keyValueStore()));
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    private static ObjectNode status(String status, KafkaStreams.State state) {
        return JsonNodeFactory.instance.objectNode().put("status", status).put("state", state.name());
    }
}
