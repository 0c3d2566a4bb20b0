package io.bertstream.topology;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records that a topic refused (too large, invalid), remembered by the input they came from, so that the input
 * is dead-lettered when it is processed again instead of failing the same way for ever.
 *
 * <p>Why this and not a dead letter at once: under exactly_once_v2 a refused send puts the producer's transaction
 * in an abortable state, so nothing else (no dead letter) can commit in it. The handler notes the refusal here and
 * fails the task; the transaction aborts, the replaced thread reads the same inputs again, and the processor turns
 * the noted input into a dead letter with the refusal as its reason. Each instance pays one failed transaction per
 * refused input (the notes are in memory: another instance, or this one after a restart, pays it once more).
 *
 * <p>Shared by the handlers of all tasks of an instance (Kafka Streams makes one handler per task, and hands it
 * this object through the configuration under {@link #CONFIG}).
 */
public final class ProductionRejections {

    /** The Streams configuration key under which the service passes its instance to the handler. */
    public static final String CONFIG = "bertstream.production.rejections";

    private static final Logger LOG = LoggerFactory.getLogger(ProductionRejections.class);
    private static final int MAX_NOTES = 10_000;

    /** What refused a record, and why; {@code code} is the reason code of the input's dead letter. */
    public record Refusal(String topic, String reason, String code) {
    }

    // notes stay (bounded): the transaction that first acts on a note may itself abort, and the input comes again
    private final Map<DeadLetters.Source, Refusal> byInput = bounded();
    private final Map<DeadLetters.Source, Refusal> deadLetters = bounded();
    /** Refused article states by article id, until a buffered article of that id claims the note. */
    private final Map<String, Refusal> articleStates = bounded();
    /** What was noted (an input, or a topic and key), so that a refusal that repeats is not counted again. */
    private final Map<Object, Refusal> noted = bounded();
    /** Distinct refusals noted, by the partition of the input (or record) they came from. */
    private final Map<Integer, Long> distinctByPartition = new HashMap<>();

    /**
     * Notes a refused record under the input it came from: an output's provenance headers, a dead letter's source
     * headers, or the article id that keys a record of the articles store's changelog. Returns false when the
     * record cannot be traced to an input (then nothing is noted).
     */
    public synchronized boolean note(ProducerRecord<byte[], byte[]> record, String reason, String articlesChangelog) {
        Headers headers = record.headers();
        DeadLetters.Source output = Provenance.of(headers);
        if (output != null) {
            Refusal refusal = new Refusal(record.topic(), reason, "output-refused");
            byInput.put(output, refusal);
            countOnce(output, output.partition(), refusal);
            return true;
        }
        if (DeadLetters.header(headers, DeadLetters.REASON_CODE) != null) {
            DeadLetters.Source source = Provenance.ofDeadLetter(headers);
            if (source != null) {
                Refusal refusal = new Refusal(record.topic(), reason, "dead-letter-refused");
                deadLetters.put(source, refusal);
                countOnce(List.of("dead-letter", source), source.partition(), refusal);
                return true;
            }
        }
        if (record.topic().equals(articlesChangelog) && record.key() != null) {
            String articleId = new String(record.key(), StandardCharsets.UTF_8);
            Refusal refusal = new Refusal(record.topic(), reason, "state-refused");
            articleStates.put(articleId, refusal);
            countOnce(List.of(record.topic(), articleId), record.partition() == null ? -1 : record.partition(),
                    refusal);
            return true;
        }
        return false;
    }

    /** Counts a refusal the first time its subject is noted: one that repeats (a loop) is no step forward. */
    private void countOnce(Object subject, int partition, Refusal refusal) {
        if (noted.put(subject, refusal) == null) {
            distinctByPartition.merge(partition, 1L, Long::sum);
        }
    }

    /**
     * How many distinct refusals were noted so far for inputs of this partition (all partitions when negative): a
     * failure that added one is a step forward for that partition's task, not a loop.
     */
    public synchronized long notes(int partition) {
        return partition < 0 ? distinctByPartition.values().stream().mapToLong(Long::longValue).sum()
                : distinctByPartition.getOrDefault(partition, 0L);
    }

    /** Why a record this input led to was refused (its output, or its stored state once claimed), or null. */
    synchronized Refusal ofInput(DeadLetters.Source input) {
        return byInput.get(input);
    }

    /**
     * The refused state of this article, which the buffered input {@code input} would store again: the note moves
     * from the article id to that input, so later versions of the article are not touched by it.
     */
    synchronized Refusal claimArticleState(String articleId, DeadLetters.Source input) {
        Refusal refusal = articleStates.remove(articleId);
        if (refusal != null) {
            byInput.put(input, refusal);
        }
        return refusal;
    }

    /** Why the dead-letter topic refused a dead letter of this input, or null. */
    synchronized Refusal ofDeadLetter(DeadLetters.Source input) {
        return deadLetters.get(input);
    }

    private static <K> Map<K, Refusal> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Refusal> eldest) {
                if (size() > MAX_NOTES) {
                    LOG.warn("Forgetting the refusal of {} ({} notes kept at most)", eldest.getKey(), MAX_NOTES);
                    return true;
                }
                return false;
            }
        };
    }
}
