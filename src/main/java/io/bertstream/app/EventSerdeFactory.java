package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.serde.ConfluentAvroSerde;
import io.bertstream.serde.EventSerdes;
import io.bertstream.serde.JsonAvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.Locale;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.SCHEMA_REGISTRY_URL;
import static io.bertstream.config.ConfigKeys.VALUE_FORMAT;

/**
 * The event serdes the configuration names: Confluent-framed Avro through the configured schema registry
 * ({@code value.format=avro}), or plain JSON validated against the same schemas ({@code value.format=json}).
 */
public final class EventSerdeFactory {

    private EventSerdeFactory() {
    }

    /**
     * The serdes of a command that writes to or reads from a running cluster ({@code produce-article}, {@code ask},
     * {@code tail}). A {@code mock://} registry lives in this command's memory only: Avro written through it names
     * schema ids no other process can resolve (the service would dead-letter every record), and the ids the service
     * wrote mean nothing to it. Refused, with what to do instead.
     */
    public static EventSerdes forCluster(BertstreamConfig c) {
        String registry = c.get(SCHEMA_REGISTRY_URL);
        if (!isJson(c) && registry.startsWith("mock://")) {
            throw new IllegalArgumentException("value.format=avro with schema.registry.url=" + registry + ": a mock:// "
                    + "registry exists only inside this command, so no other process could read the schema ids in "
                    + "its events. Use the service's registry (--set schema.registry.url=http://HOST:PORT/...) or JSON "
                    + "events (--set value.format=json, on the service too)");
        }
        return fromConfig(c);
    }

    public static EventSerdes fromConfig(BertstreamConfig c) {
        Map<String, String> serdeConfig = c.asMap();
        boolean json = isJson(c);
        return new EventSerdes(serde(Article.class, serdeConfig, json), serde(Question.class, serdeConfig, json),
                serde(Summary.class, serdeConfig, json), serde(Answer.class, serdeConfig, json));
    }

    private static boolean isJson(BertstreamConfig c) {
        return switch (c.require(VALUE_FORMAT).toLowerCase(Locale.ROOT)) {
            case "avro" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("value.format must be avro or json, not " + c.get(VALUE_FORMAT));
        };
    }

    private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, String> config, boolean json) {
        return json ? new JsonAvroSerde<>(type) : ConfluentAvroSerde.of(type, config, false);
    }
}
