package io.bertstream.topology;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import io.bertstream.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The service's production exception handler. A record a topic refuses for what it is (too large for the topic,
 * invalid for it) would be refused again on every retry: it is noted in {@link ProductionRejections} under its
 * input, which the processor then dead-letters when it reads that input again. The task fails either way (under
 * exactly_once_v2 a refused send dooms the transaction), so the inputs are re-read from the last commit and
 * nothing is lost or duplicated. A retriable send error (a broker or ISR outage longer than
 * {@code delivery.timeout.ms}: a {@code TimeoutException}, {@code NotEnoughReplicasException}...) is not the
 * record's fault: RETRY, as Kafka's {@code DefaultProductionExceptionHandler} does, so the task is revived in place
 * and its inputs are processed again once the broker is back (FAIL killed the thread, and after three outages the
 * instance went to ERROR). Every other send error fails the task.
 */
public final class RefusedRecordHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedRecordHandler.class);

    private ProductionRejections rejections = new ProductionRejections();
    private String articlesChangelog = "";

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(ProductionRejections.CONFIG) instanceof ProductionRejections shared) {
            rejections = shared;
        } else {
            LOG.warn("No shared {} in the configuration: refused records will not become dead letters",
                    ProductionRejections.CONFIG);
        }
        articlesChangelog = configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + EnrichmentTopology.ARTICLES_STORE
                + "-changelog";
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            LOG.warn("Sending to {} failed ({}); the task is revived and retried", record.topic(), exception.toString());
            return Response.retry();
        }
        if (exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException) {
            int bytes = (record.key() == null ? 0 : record.key().length)
                    + (record.value() == null ? 0 : record.value().length);
            String reason = record.topic() + " refused a record of " + bytes + " bytes: " + exception.getMessage();
            if (rejections.note(record, reason, articlesChangelog)) {
                LOG.error("{}; its input will be dead-lettered when the task reads it again", LogText.escape(reason));
            } else {
                LOG.error("{}; the record cannot be traced to an input", LogText.escape(reason));
            }
        }
        return Response.fail();
    }
}
