package io.bertstream.topology;

import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.serde.EventSerdes;
import io.bertstream.serde.SchemaRegistry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The seeded input of {@link FuzzIT}: valid articles and questions shuffled among broken and invalid records, each
 * with the one outcome the service owes it.
 */
final class FuzzCorpus {

    static final String ARTICLES = "articles";
    static final String QUESTIONS = "questions";
    /** The reason code of records the processors cannot decode. */
    static final String UNREADABLE = "undecodable";

    /** The outcome a record is owed: its summary, its answer, or a dead letter with this reason. */
    enum Expect { SUMMARY, ANSWER, DEAD }

    /**
     * One record to send. {@code id} is the article id (SUMMARY), the question id (ANSWER) or the dead letter's
     * reason (DEAD).
     */
    record FuzzRecord(String topic, String key, byte[] value, String kind, Expect expect, String id) {
    }

    private static final String[] SENTENCES = {
            "The harbour bridge reopened to traffic on Tuesday morning.",
            "Engineers replaced fourteen corroded steel cables over the winter.",
            "The city council approved the repair budget in March.",
            "Local shops reported more customers once the detour ended.",
            "A new bus line now links the old town with the station.",
            "The museum will stay open late on Fridays this summer.",
            "Farmers expect a smaller harvest after the dry spring.",
            "The school board hired twelve new teachers for the autumn term.",
            "Rain is forecast for most of the weekend along the coast.",
            "The library lends tools as well as books since last year.",
    };
    private static final String[] QUESTION_TEXTS = {
            "When did the bridge reopen?", "What did the engineers replace?", "Who approved the budget?",
            "What links the old town with the station?", "When is the museum open late?",
    };
    private static final String BROKEN = "@@";

    private final Random random;
    private final EventSerdes serdes;
    private final int articleMaxBytes;
    private final List<String> articleIds = new ArrayList<>();
    private int serial;

    private FuzzCorpus(long seed, EventSerdes serdes, int articleMaxBytes) {
        this.random = new Random(seed);
        this.serdes = serdes;
        this.articleMaxBytes = articleMaxBytes;
    }

    /** {@code total} records in a seeded order, of which the given numbers are valid articles and questions. */
    static List<FuzzRecord> generate(long seed, int total, int validArticles, int validQuestions,
                                     EventSerdes serdes, int articleMaxBytes, SchemaRegistry registry) {
        FuzzCorpus corpus = new FuzzCorpus(seed, serdes, articleMaxBytes);
        List<FuzzRecord> records = new ArrayList<>(total);
        for (int i = 0; i < validArticles; i++) {
            records.add(corpus.validArticle());
        }
        for (int i = 0; i < validQuestions; i++) {
            records.add(corpus.validQuestion());
        }
        List<Supplier<FuzzRecord>> invalid = new ArrayList<>(corpus.invalidKinds());
        invalid.addAll(new StructuralFuzz(corpus.random, () -> corpus.nextId("hostile"),
                corpus.article("framing", "Any."), corpus.question("q", "framing", "Any?"), registry).kinds());
        while (records.size() < total) {
            records.add(invalid.get(corpus.random.nextInt(invalid.size())).get());
        }
        Collections.shuffle(records, corpus.random);
        return records;
    }

    private List<Supplier<FuzzRecord>> invalidKinds() {
        return List.of(
                () -> unreadable("truncated", this::truncated),
                () -> unreadable("wrong-magic-byte", this::wrongMagicByte),
                () -> unreadable("unknown-schema-id", this::unknownSchemaId),
                () -> unreadable("random-bytes", v -> randomBytes()),
                () -> unreadable("empty-value", v -> new byte[0]),
                () -> wrongRecordType(),
                () -> invalidUtf8(),
                () -> articleWithBody("huge-body", "too-large", hugeBody()),
                () -> articleWithBody("empty-body", "empty-body", random.nextBoolean() ? "" : " \n\t "),
                () -> dead(ARTICLES, nextId("key"), article(nextId("other"), body()), "article-key-mismatch",
                        "key-mismatch"),
                () -> new FuzzRecord(ARTICLES, null, null, "keyless-tombstone", Expect.DEAD, "keyless-tombstone"),
                () -> new FuzzRecord(QUESTIONS, pickArticle(), null, "null-question", Expect.DEAD, "null-question"),
                this::emptyQuestion,
                () -> dead(QUESTIONS, nextId("elsewhere"), question(nextId("q"), pickArticle(), questionText()),
                        "question-key-mismatch", "key-mismatch"));
    }

    private FuzzRecord validArticle() {
        String id = nextId("article");
        articleIds.add(id);
        // a few keyless articles: dead letters (on a round-robin partition their questions would not find them)
        if (random.nextInt(20) == 0) {
            articleIds.remove(id);
            return new FuzzRecord(ARTICLES, null, article(id, body()), "keyless-article", Expect.DEAD, "missing-key");
        }
        return new FuzzRecord(ARTICLES, id, article(id, body()), "article", Expect.SUMMARY, id);
    }

    private FuzzRecord validQuestion() {
        String id = nextId("q");
        // some about an article that never comes: answered ARTICLE_NOT_FOUND after questions.pending.ttl.ms
        String articleId = random.nextInt(10) == 0 ? nextId("missing") : pickArticle();
        return new FuzzRecord(QUESTIONS, articleId, question(id, articleId, questionText()), "question",
                Expect.ANSWER, id);
    }

    /** A valid article or question (at random), broken by {@code mutation} into bytes no reader accepts. */
    private FuzzRecord unreadable(String kind, UnaryOperator<byte[]> mutation) {
        boolean onArticles = random.nextBoolean();
        String key = onArticles ? nextId("broken") : pickArticle();
        byte[] valid = onArticles ? article(key, body()) : question(nextId("q"), key, questionText());
        return new FuzzRecord(onArticles ? ARTICLES : QUESTIONS, key, mutation.apply(valid), kind, Expect.DEAD, UNREADABLE);
    }

    private FuzzRecord wrongRecordType() {
        String articleId = pickArticle();
        boolean onArticles = random.nextBoolean();
        byte[] value = onArticles ? question(nextId("q"), articleId, questionText()) : article(articleId, body());
        return new FuzzRecord(onArticles ? ARTICLES : QUESTIONS, articleId, value, "wrong-record-type", Expect.DEAD,
                UNREADABLE);
    }

    private FuzzRecord invalidUtf8() {
        boolean onArticles = random.nextBoolean();
        String key = onArticles ? nextId("utf8") : pickArticle();
        byte[] value = onArticles ? article(key, SENTENCES[0] + " Broken " + BROKEN + " text.")
                : question(nextId("q"), key, "What about " + BROKEN + "?");
        byte[] marker = BROKEN.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + marker.length <= value.length; i++) {
            if (Arrays.equals(value, i, i + marker.length, marker, 0, marker.length)) {
                // 0xC3 must be followed by a continuation byte; 0xFF never occurs in UTF-8
                value[i] = (byte) 0xC3;
                value[i + 1] = random.nextBoolean() ? (byte) 0x28 : (byte) 0xFF;
                return new FuzzRecord(onArticles ? ARTICLES : QUESTIONS, key, value, "invalid-utf8", Expect.DEAD,
                        UNREADABLE);
            }
        }
        throw new IllegalStateException("marker not found in the serialized value");
    }

    private byte[] truncated(byte[] valid) {
        return Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
    }

    private byte[] wrongMagicByte(byte[] valid) {
        byte[] value = valid.clone();
        value[0] = (byte) (1 + random.nextInt(255));
        return value;
    }

    private byte[] unknownSchemaId(byte[] valid) {
        byte[] value = valid.clone();
        ByteBuffer.wrap(value).putInt(1, 1_000_000 + random.nextInt(1_000_000));
        return value;
    }

    private byte[] randomBytes() {
        byte[] value = new byte[1 + random.nextInt(300)];
        random.nextBytes(value);
        value[0] = (byte) (1 + random.nextInt(255)); // never the magic byte: random framing could name a real id
        return value;
    }

    private FuzzRecord articleWithBody(String kind, String reason, String body) {
        String id = nextId(kind);
        return dead(ARTICLES, id, article(id, body), kind, reason);
    }

    private FuzzRecord emptyQuestion() {
        String articleId = pickArticle();
        byte[] value = question(nextId("q"), articleId, random.nextBoolean() ? "" : "  ");
        return dead(QUESTIONS, articleId, value, "empty-question", "empty-question");
    }

    private FuzzRecord dead(String topic, String key, byte[] value, String kind, String reason) {
        return new FuzzRecord(topic, key, value, kind, Expect.DEAD, reason);
    }

    private byte[] article(String id, String body) {
        Article article = Article.newBuilder().setId(id).setBody(body).build();
        return serdes.article().serializer().serialize(ARTICLES, article);
    }

    private byte[] question(String id, String articleId, String text) {
        Question question = Question.newBuilder().setQuestionId(id).setArticleId(articleId).setQuestion(text)
                .setAskedAt(Instant.ofEpochMilli(1_750_000_000_000L + serial)).build();
        return serdes.question().serializer().serialize(QUESTIONS, question);
    }

    private String body() {
        int sentences = 2 + random.nextInt(3);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            body.append(i == 0 ? "" : " ").append(SENTENCES[random.nextInt(SENTENCES.length)]);
        }
        return body.toString();
    }

    private String hugeBody() {
        StringBuilder body = new StringBuilder();
        int bytes = articleMaxBytes + 1 + random.nextInt(2 * articleMaxBytes);
        while (body.length() < bytes) {
            body.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(' ');
        }
        return body.toString();
    }

    private String questionText() {
        return QUESTION_TEXTS[random.nextInt(QUESTION_TEXTS.length)];
    }

    private String pickArticle() {
        return articleIds.isEmpty() ? nextId("missing") : articleIds.get(random.nextInt(articleIds.size()));
    }

    private String nextId(String prefix) {
        return String.format("fz-%s-%04d", prefix, ++serial);
    }
}
