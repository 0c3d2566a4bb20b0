package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.kafka.KafkaConnection;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service runs exactly_once_v2 only: at_least_once is refused at start-up with a clear message. */
class StreamsPropertiesTest {

    @Test
    void exactlyOnceV2IsTheDefault() {
        BertstreamConfig config = BertstreamConfig.of(Map.of());
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, StreamsProperties.from(config,
                KafkaConnection.plaintext("localhost:9092")).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Test
    void atLeastOnceIsRefusedBeforeAnythingStarts() {
        // a bootstrap address nothing listens on: the refusal comes before any connection, broker or model
        BertstreamConfig config = BertstreamConfig.of(Map.of("processing.guarantee", "at_least_once",
                "bootstrap.servers", "localhost:1", "http.port", "-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnrichmentService.start(config));
        assertTrue(e.getMessage().contains("processing.guarantee=at_least_once is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly_once_v2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamsProperties.from(config,
                KafkaConnection.plaintext("localhost:1")));
    }
}
