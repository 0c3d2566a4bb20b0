package io.bertstream.bench;

import io.bertstream.app.EnrichmentService;
import io.bertstream.app.EventClients;
import io.bertstream.app.OutputReader;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Summary;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static io.bertstream.config.ConfigKeys.*;

/**
 * The whole service end to end: an in-process broker, the full topology on a fresh state directory, articles
 * produced to the articles topic and summaries read back (read_committed) with {@link OutputReader}. Every run
 * sends the corpus under new article ids, so one service serves all runs.
 */
final class PipelineBench implements AutoCloseable {

    /** Generous: on a machine shared with other work, a run can take minutes. */
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final EnrichmentService service;
    private final KafkaProducer<String, Article> producer;
    private final OutputReader reader;
    private final String articlesTopic;
    /** When each summary was read, by article id (System.nanoTime). */
    private final Map<String, Long> readAt = new ConcurrentHashMap<>();
    /** When each summary was read and when the service made it, by article id (wall clock, ms). */
    private final Map<String, Long> readAtMs = new ConcurrentHashMap<>();
    private final Map<String, Long> createdAtMs = new ConcurrentHashMap<>();
    private int runs;

    PipelineBench(BertstreamConfig config) throws IOException, InterruptedException {
        BertstreamConfig c = config.with(Map.of(
                BOOTSTRAP_SERVERS, "",
                STATE_DIR, Files.createTempDirectory("bertstream-bench-").toString(),
                APPLICATION_ID, "bertstream-bench-" + UUID.randomUUID(),
                HTTP_PORT, "0",
                HTTP_BIND_ADDRESS, "127.0.0.1"));
        this.service = EnrichmentService.start(c);
        if (!service.awaitRunning(Duration.ofMinutes(2))) {
            service.close();
            throw new IllegalStateException("Kafka Streams did not reach RUNNING");
        }
        this.articlesTopic = c.require(TOPIC_ARTICLES);
        this.producer = EventClients.producer(service.kafka(), service.serdes().article().serializer());
        this.reader = new OutputReader(service.kafka(), service.serdes(), c.require(TOPIC_SUMMARIES),
                c.require(TOPIC_ANSWERS));
    }

    /** Sends every article at once; seconds from the first send to the last summary read. */
    double allAtOnceSeconds(List<BenchCorpus.BenchArticle> articles) {
        String run = nextRun();
        long started = System.nanoTime();
        for (BenchCorpus.BenchArticle article : articles) {
            send(run, article);
        }
        producer.flush();
        awaitSummaries(run, articles);
        long last = articles.stream().mapToLong(a -> readAt.get(run + a.id())).max().orElse(started);
        return (last - started) / 1e9;
    }

    /**
     * Each article's latency in milliseconds: {@code total} from just before its send to the moment its summary was
     * read, split at {@code Summary.createdAt} (the stream thread's clock when the batch's punctuation or record
     * began, that is when the batch started): {@code toBatch} (consume, buffer, batch wait) and {@code batchToRead}
     * (inference, the commit, the read_committed fetch).
     */
    record Latencies(double[] total, double[] toBatch, double[] batchToRead) {
    }

    /** Sends the articles at a fixed rate while a reader thread collects the summaries. */
    Latencies pacedLatenciesMs(List<BenchCorpus.BenchArticle> articles, double articlesPerSecond) throws Exception {
        String run = nextRun();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> sentAtMs = new ConcurrentHashMap<>();
        PacedSender.run(articles.size(), articlesPerSecond, i -> {
            sentAt.put(run + articles.get(i).id(), System.nanoTime());
            sentAtMs.put(run + articles.get(i).id(), System.currentTimeMillis());
            send(run, articles.get(i));
            producer.flush();
        }, () -> awaitSummaries(run, articles));
        List<String> ids = List.copyOf(sentAt.keySet());
        return new Latencies(ids.stream().mapToDouble(id -> (readAt.get(id) - sentAt.get(id)) / 1e6).toArray(),
                ids.stream().mapToDouble(id -> createdAtMs.get(id) - sentAtMs.get(id)).toArray(),
                ids.stream().mapToDouble(id -> readAtMs.get(id) - createdAtMs.get(id)).toArray());
    }

    /** The service under measurement. */
    EnrichmentService service() {
        return service;
    }

    /** The prefix of the article ids the last run stored (its articles stay stored). */
    String lastRunPrefix() {
        return "run" + (runs - 1) + "-";
    }

    /** A snapshot of where the service's time went so far. */
    PipelineBreakdown breakdown() {
        return PipelineBreakdown.snapshot(service);
    }

    /** Share of the encoder's computed tokens that were padding in the service, so far. */
    double paddingRatio() {
        return service.encoder().stats().paddingRatio();
    }

    private String nextRun() {
        return "run" + (runs++) + "-";
    }

    private void send(String run, BenchCorpus.BenchArticle article) {
        String id = run + article.id();
        Article event = Article.newBuilder().setId(id).setBody(article.body()).setPublishedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(articlesTopic, id, event));
    }

    private void awaitSummaries(String run, List<BenchCorpus.BenchArticle> articles) {
        Set<String> expected = articles.stream().map(a -> run + a.id()).collect(Collectors.toSet());
        boolean done = reader.readUntil(seen -> readAt.keySet().containsAll(expected), TIMEOUT,
                output -> {
                    readAt.putIfAbsent(output.key(), System.nanoTime());
                    readAtMs.putIfAbsent(output.key(), System.currentTimeMillis());
                    if (output.value() instanceof Summary summary) {
                        createdAtMs.putIfAbsent(output.key(), summary.getCreatedAt().toEpochMilli());
                    }
                });
        if (!done) {
            throw new IllegalStateException("Not every article was summarised within " + TIMEOUT);
        }
    }

    @Override
    public void close() {
        reader.close();
        producer.close();
        service.close();
    }
}
