package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Answer;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.serde.ConfluentAvroSerde;
import io.bertstream.serde.EventSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.Map;

/** The event serdes the configuration names: Confluent-framed Avro through the configured schema registry. */
public final class EventSerdeFactory {

    private EventSerdeFactory() {
    }

    public static EventSerdes fromConfig(BertstreamConfig c) {
        Map<String, String> serdeConfig = c.asMap();
        return new EventSerdes(serde(Article.class, serdeConfig), serde(Question.class, serdeConfig),
                serde(Summary.class, serdeConfig), serde(Answer.class, serdeConfig));
    }

    private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, String> config) {
        return ConfluentAvroSerde.of(type, config, false);
    }
}
