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

import static io.bertstream.config.ConfigKeys.VALUE_FORMAT;

/**
 * The event serdes the configuration names: Confluent-framed Avro through the configured schema registry
 * ({@code value.format=avro}), or plain JSON validated against the same schemas ({@code value.format=json}).
 */
public final class EventSerdeFactory {

    private EventSerdeFactory() {
    }

    public static EventSerdes fromConfig(BertstreamConfig c) {
        Map<String, String> serdeConfig = c.asMap();
        boolean json = switch (c.require(VALUE_FORMAT).toLowerCase(Locale.ROOT)) {
            case "avro" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("value.format must be avro or json, not " + c.get(VALUE_FORMAT));
        };
        return new EventSerdes(serde(Article.class, serdeConfig, json), serde(Question.class, serdeConfig, json),
                serde(Summary.class, serdeConfig, json), serde(Answer.class, serdeConfig, json));
    }

    private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, String> config, boolean json) {
        return json ? new JsonAvroSerde<>(type) : ConfluentAvroSerde.of(type, config, false);
    }
}
