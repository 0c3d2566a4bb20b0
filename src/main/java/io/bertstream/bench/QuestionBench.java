package io.bertstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.app.EnrichmentService;
import io.bertstream.app.EventClients;
import io.bertstream.app.OutputReader;
import io.bertstream.events.Answer;
import io.bertstream.events.Question;
import io.bertstream.inference.InferenceStats;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.bertstream.config.ConfigKeys.TOPIC_ANSWERS;
import static io.bertstream.config.ConfigKeys.TOPIC_QUESTIONS;
import static io.bertstream.config.ConfigKeys.TOPIC_SUMMARIES;

/**
 * Follow-up questions about stored articles, through Kafka (question produced to answer read read_committed) and
 * through {@code POST /articles/{id}/questions}, with where the time went: retrieval (embedding the question),
 * reading (the span reader) and, on the Kafka path, the transactions' commits.
 */
final class QuestionBench implements AutoCloseable {

    /** A question about a stored article. */
    record Asked(String articleId, String question) {
    }

    /** Latencies in ms: total, and split at {@code Answer.answeredAt} (the start of the question's batch). */
    record Latencies(double[] total, double[] toBatch, double[] batchToRead) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_ATTEMPTS = 10;

    private final EnrichmentService service;
    private final KafkaProducer<String, Question> producer;
    private final OutputReader reader;
    private final String questionsTopic;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger retries = new AtomicInteger();
    private final Map<String, Long> readAt = new ConcurrentHashMap<>();
    private final Map<String, Long> readAtMs = new ConcurrentHashMap<>();
    private final Map<String, Long> answeredAtMs = new ConcurrentHashMap<>();
    private int runs;

    QuestionBench(EnrichmentService service) {
        this.service = service;
        this.questionsTopic = service.config().require(TOPIC_QUESTIONS);
        this.producer = EventClients.producer(service.kafka(), service.serdes().question().serializer());
        this.reader = new OutputReader(service.kafka(), service.serdes(), service.config().require(TOPIC_SUMMARIES),
                service.config().require(TOPIC_ANSWERS));
    }

    /** Sends every question at once; seconds from the first send to the last answer read. */
    double allAtOnceSeconds(List<Asked> questions) {
        String run = nextRun();
        long started = System.nanoTime();
        for (int i = 0; i < questions.size(); i++) {
            send(run + i, questions.get(i));
        }
        producer.flush();
        awaitAnswers(run, questions.size());
        return (ids(run, questions.size()).stream().mapToLong(readAt::get).max().orElse(started) - started) / 1e9;
    }

    /** Sends the questions at a fixed rate while the answers are read. */
    Latencies pacedMs(List<Asked> questions, double perSecond) throws Exception {
        String run = nextRun();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> sentAtMs = new ConcurrentHashMap<>();
        PacedSender.run(questions.size(), perSecond, i -> {
            sentAt.put(run + i, System.nanoTime());
            sentAtMs.put(run + i, System.currentTimeMillis());
            send(run + i, questions.get(i));
            producer.flush();
        }, () -> awaitAnswers(run, questions.size()));
        List<String> ids = ids(run, questions.size());
        return new Latencies(ids.stream().mapToDouble(id -> (readAt.get(id) - sentAt.get(id)) / 1e6).toArray(),
                ids.stream().mapToDouble(id -> answeredAtMs.get(id) - sentAtMs.get(id)).toArray(),
                ids.stream().mapToDouble(id -> readAtMs.get(id) - answeredAtMs.get(id)).toArray());
    }

    /** Each question through POST /articles/{id}/questions, {@code clients} at a time; latencies in ms. */
    double[] httpMs(List<Asked> questions, int clients) throws Exception {
        retries.set(0);
        int port = service.httpPort().orElseThrow(() -> new IllegalStateException("the HTTP API is off"));
        double[] latencies = new double[questions.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < questions.size(); i = next.getAndIncrement()) {
                        latencies[i] = ask(port, questions.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    /** 503 answers retried after their Retry-After, as a client would; counted, not hidden. */
    int httpRetries() {
        return retries.get();
    }

    private double ask(int port, Asked asked) throws Exception {
        String body = json.writeValueAsString(Map.of("question", asked.question()));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/articles/"
                        + asked.articleId() + "/questions")).timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return (System.nanoTime() - started) / 1e6;
            }
            if (response.statusCode() != 503 || attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException("POST /articles/" + asked.articleId() + "/questions answered "
                        + response.statusCode() + " (attempt " + attempt + "): " + response.body());
            }
            retries.incrementAndGet();
            Thread.sleep(1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
        }
    }

    /** Cumulative seconds in the question encoder (retrieval) and the span reader (reading). */
    record Work(double retrieval, double reading, double commit, long nanos) {
        Map<String, Double> sharesSince(Work before) {
            double wall = (nanos - before.nanos) / 1e9;
            Map<String, Double> shares = new LinkedHashMap<>();
            shares.put("retrieval", (retrieval - before.retrieval) / wall);
            shares.put("reading", (reading - before.reading) / wall);
            shares.put("commit", (commit - before.commit) / wall);
            return shares;
        }
    }

    Work work() {
        double reading = service.answerer().modelStats().map(InferenceStats::inferenceSeconds).orElse(0.0);
        return new Work(service.encoder().stats().inferenceSeconds(), reading,
                PipelineBreakdown.commitSeconds(service), System.nanoTime());
    }

    private String nextRun() {
        return "q" + (runs++) + "-";
    }

    private static List<String> ids(String run, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(run + i);
        }
        return ids;
    }

    private void send(String questionId, Asked asked) {
        Question q = Question.newBuilder().setQuestionId(questionId).setArticleId(asked.articleId())
                .setQuestion(asked.question()).setAskedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(questionsTopic, asked.articleId(), q));
    }

    private void awaitAnswers(String run, int count) {
        Set<String> expected = ids(run, count).stream().collect(Collectors.toSet());
        boolean done = reader.readUntil(seen -> readAt.keySet().containsAll(expected), TIMEOUT, output -> {
            if (output.value() instanceof Answer answer) {
                String id = answer.getQuestionId();
                readAt.putIfAbsent(id, System.nanoTime());
                readAtMs.putIfAbsent(id, System.currentTimeMillis());
                answeredAtMs.putIfAbsent(id, answer.getAnsweredAt().toEpochMilli());
            }
        });
        if (!done) {
            throw new IllegalStateException("Not every question was answered within " + TIMEOUT);
        }
    }

    @Override
    public void close() {
        reader.close();
        producer.close();
    }
}
