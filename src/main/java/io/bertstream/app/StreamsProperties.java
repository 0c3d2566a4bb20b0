package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.kafka.KafkaConnection;
import io.bertstream.topology.ProductionRejections;
import io.bertstream.topology.RefusedRecordHandler;
import io.bertstream.topology.TopologySettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

import java.nio.file.Path;
import java.util.Properties;

import static io.bertstream.config.ConfigKeys.*;

/** The Kafka Streams configuration of the service. */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    /** The properties, with a production exception handler of its own (outside the service: tests, tools). */
    public static Properties from(BertstreamConfig c, KafkaConnection kafka) {
        return from(c, kafka, new ProductionRejections());
    }

    /** The properties, whose production exception handler notes refused records in {@code rejections}. */
    public static Properties from(BertstreamConfig c, KafkaConnection kafka, ProductionRejections rejections) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, c.require(APPLICATION_ID));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, exactlyOnce(c.require(PROCESSING_GUARANTEE)));
        p.put(StreamsConfig.STATE_DIR_CONFIG, c.isSet(STATE_DIR) ? c.get(STATE_DIR)
                : Path.of(System.getProperty("java.io.tmpdir"), "bertstream-state").toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, c.getInt(REPLICATION_FACTOR));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, c.getInt(NUM_STANDBY_REPLICAS));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, c.getInt(NUM_STREAM_THREADS));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, c.getLong(COMMIT_INTERVAL_MS));
        // wall-clock punctuators (the batchers' flush checks) run only between polls: a poll that blocks for
        // Kafka's default 100 ms delays a due batch by as much; never longer than that default (a long poll also
        // holds up the rebalance)
        TopologySettings t = TopologySettings.from(c);
        p.put(StreamsConfig.POLL_MS_CONFIG, Math.min(100, Math.min(t.articleBatch().checkEveryMs(),
                t.questionBatch().checkEveryMs())));
        if (c.isSet(APPLICATION_SERVER)) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, c.get(APPLICATION_SERVER));
        }
        // bad input is dead-lettered by the processors themselves (they decode the bytes); what escapes them is
        // not the input's fault (a registry outage past its retries, a Kafka error): the task fails, its
        // transaction aborts and the input is read again, rather than committing half a batch
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, c.require(TOPIC_DLQ));
        // a record a topic refuses (too large for it) dooms the transaction: the handler notes it under its input,
        // which the processor dead-letters when the replaced thread reads it again (ProductionRejections)
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RefusedRecordHandler.class);
        p.put(ProductionRejections.CONFIG, rejections);
        // durability of our outputs
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), c.getInt(MAX_MESSAGE_BYTES));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // one batch (an article of 10,000+ sentences on a busy 2-core machine) can take minutes of inference:
        // the transaction and the poll interval must outlast it, or the task is fenced and redone forever
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 300_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 600_000);
        p.putAll(kafka.streamsSettings());
        return p;
    }

    /**
     * The service runs exactly_once_v2 only. Under at_least_once a failing task's dead letters (and outputs) are
     * sent before the failure is acted on and are not rolled back, so the re-read input gets a second outcome;
     * the one-outcome promise needs the transaction, so any other guarantee is refused at start-up.
     */
    static String exactlyOnce(String guarantee) {
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            throw new IllegalArgumentException(PROCESSING_GUARANTEE + "=" + guarantee + " is not supported: the "
                    + "service gives every input exactly one outcome (its output or one dead letter) only under "
                    + StreamsConfig.EXACTLY_ONCE_V2 + "; at_least_once would give a failed task's inputs a second "
                    + "outcome. Set " + PROCESSING_GUARANTEE + "=" + StreamsConfig.EXACTLY_ONCE_V2);
        }
        return guarantee;
    }
}
