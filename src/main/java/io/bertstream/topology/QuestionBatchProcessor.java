package io.bertstream.topology;

import io.bertstream.events.Answer;
import io.bertstream.events.Question;
import io.bertstream.inference.SentenceEncoder;
import io.bertstream.qa.Answers;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.QuestionLength;
import io.bertstream.qa.SpanAnswer;
import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import io.bertstream.state.PendingQuestion;
import io.bertstream.store.StateSerde;
import io.bertstream.store.StoredArticles;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import io.bertstream.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Questions in, answers out. Questions are buffered like articles and answered in batches (one model call for
 * all answerable questions, each article read once per batch). A question whose article is not stored yet moves
 * to the {@code waiting-questions} store, keyed by article id, until the article arrives or
 * {@code questions.pending.ttl.ms} passes (then ARTICLE_NOT_FOUND): a waiting question is never part of a batch
 * again, so a burst of them costs each one batch, and each check costs one store read per waiting article. A
 * question about a deleted article is answered ARTICLE_NOT_FOUND at once, one about an article that retention
 * removed ARTICLE_EXPIRED at once. Embeddings another model wrote are
 * computed again with the current one (and stored) before an answer uses them.
 */
public final class QuestionBatchProcessor extends BufferedBatchProcessor<Question, PendingQuestion> {

    private static final Logger LOG = LoggerFactory.getLogger(QuestionBatchProcessor.class);

    private final TopologySettings settings;
    private final ArticleAnswerer answerer;
    private final SentenceEncoder encoder;
    private final Serializer<Answer> answerSerializer;
    private final BatchStats stats;
    private final StoreRecordLimit<PendingQuestion> waitingLimit;
    private final StoreRecordLimit<ArticleState> articleLimit;
    private KeyValueStore<String, ArticleState> articles;
    private WaitingQuestions waiting;
    private KeyValueStore<String, ExpiredArticle> expired;

    public QuestionBatchProcessor(TopologySettings settings, EnrichmentTopology.Engines engines,
                                  Deserializer<Question> questionDeserializer, Serializer<Answer> answerSerializer,
                                  BatchStats stats, FlowMetrics flow, ProductionRejections rejections,
                                  SlowInputs slow) {
        super(EnrichmentTopology.PENDING_QUESTIONS_STORE, settings, settings.questionBatch(), questionDeserializer,
                stats, flow, rejections, slow);
        this.settings = settings;
        this.answerer = engines.answerer();
        this.encoder = engines.encoder();
        this.answerSerializer = answerSerializer;
        this.stats = stats;
        StateSerde<PendingQuestion> entries = new StateSerde<>(PendingQuestion.class);
        this.waitingLimit = new StoreRecordLimit<>(EnrichmentTopology.WAITING_QUESTIONS_STORE, entries.serializer(),
                settings.maxRecordBytes());
        this.articleLimit = new StoreRecordLimit<>(EnrichmentTopology.ARTICLES_STORE,
                new StateSerde<>(ArticleState.class).serializer(), settings.maxRecordBytes());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        articles = context.getStateStore(EnrichmentTopology.ARTICLES_STORE);
        waiting = new WaitingQuestions(context.getStateStore(EnrichmentTopology.WAITING_QUESTIONS_STORE), articles,
                settings.pendingQuestionTtl());
        expired = context.getStateStore(EnrichmentTopology.EXPIRED_ARTICLES_STORE);
        super.init(context);
        // waiting questions are looked at again on this period, whether or not new ones come
        context.schedule(settings.pendingQuestionCheck(), PunctuationType.WALL_CLOCK_TIME, now -> checkWaiting());
    }

    @Override
    protected String deadLetterTopic() {
        return settings.dlqTopic();
    }

    @Override
    protected PendingQuestion toEntry(Input<Question> input) {
        Question question = input.value();
        if (question == null) {
            reject(input, "null-question", "the question record has no value");
            return null;
        }
        if (input.key() == null || !input.key().equals(question.getArticleId())) {
            // keyed elsewhere (or round-robin), it may reach a task that does not hold its article
            reject(input, input.key() == null ? "missing-key" : "key-mismatch", "the record key '" + input.key()
                    + "' differs from the question's article id '" + question.getArticleId() + "'");
            return null;
        }
        if (question.getQuestion() == null || question.getQuestion().isBlank()) {
            reject(input, "empty-question", "the question text is empty");
            return null;
        }
        Optional<String> tooLong = QuestionLength.tooLong(question.getQuestion(), settings.questionMaxTokens());
        if (tooLong.isPresent()) {
            // before any model time, and before a copy of it is kept in the waiting store
            reject(input, "question-too-long", tooLong.get());
            return null;
        }
        return PendingQuestion.newBuilder()
                .setQuestion(question)
                .setTimestamp(input.timestamp())
                .setReceivedAt(context.currentSystemTimeMs())
                .setSourceTopic(input.source().topic()).setSourcePartition(input.source().partition())
                .setSourceOffset(input.source().offset())
                .setSourceValue(input.rawValue() == null ? null : ByteBuffer.wrap(input.rawValue()))
                .build();
    }

    /** Measured with the waiting-questions key (article id, separator, buffer key): the longer of its two keys. */
    @Override
    protected String oversized(PendingQuestion entry) {
        int waitKeyBytes = entry.getQuestion().getArticleId().getBytes(StandardCharsets.UTF_8).length + 1
                + BUFFER_KEY_BYTES;
        return waitingLimit.excess(waitKeyBytes, entry, "the question, buffered as read and as decoded,");
    }

    @Override
    protected int sentencesOf(PendingQuestion entry) {
        return 1;
    }

    @Override
    protected int tokensOf(PendingQuestion entry) {
        // a cheap bound (about one token per 4 characters, plus specials): questions are short
        return entry.getQuestion().getQuestion().length() / 4 + 2;
    }

    @Override
    protected List<Outcome> processBatch(List<KeyValue<String, PendingQuestion>> entries) {
        return outcomes(entries, true);
    }

    /**
     * Answers the questions whose article is known (or whose wait is over); the others are parked in the waiting
     * store when {@code park}, else (re-checked waiting questions) left where they are (null outcome).
     */
    private List<Outcome> outcomes(List<KeyValue<String, PendingQuestion>> entries, boolean park) {
        long now = context.currentSystemTimeMs();
        QuestionArticles askedAbout = new QuestionArticles(articles, encoder, articleLimit);
        Outcome[] outcomes = new Outcome[entries.size()];
        List<Integer> answerable = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PendingQuestion entry = entries.get(i).value;
            String articleId = entry.getQuestion().getArticleId();
            ArticleState state = askedAbout.stored(articleId);
            if (StoredArticles.isLive(state)) {
                answerable.add(i);
            } else if (state == null && expired.get(articleId) != null) {
                outcomes[i] = answer(entry, Answers.expired(entry.getQuestion(), answerer.name(), now), null);
            } else if (state != null || now - entry.getReceivedAt() >= settings.pendingQuestionTtl().toMillis()) {
                outcomes[i] = answer(entry, Answers.notFound(entry.getQuestion(), answerer.name(), now), null);
            } else if (park) {
                outcomes[i] = Outcome.storeOnly(() -> waiting.park(entry));
            }
        }
        List<ArticleAnswerer.Asked> asked = new ArrayList<>();
        List<Integer> askedAt = new ArrayList<>();
        for (int i : answerable) {
            PendingQuestion entry = entries.get(i).value;
            try {
                ArticleState state = askedAbout.current(entry.getQuestion().getArticleId(), now);
                asked.add(new ArticleAnswerer.Asked(entry.getQuestion().getQuestion(), state));
                askedAt.add(i);
            } catch (QuestionArticles.OversizedState e) {
                outcomes[i] = Outcome.of(deadLetter(entry, "state-too-large", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Cannot embed article {} again", LogText.escape(entry.getQuestion().getArticleId()), e);
                outcomes[i] = Outcome.of(deadLetter(entry, "model-failure", "cannot embed the article again: " + e));
            }
        }
        List<List<SpanAnswer>> results = PerItemFallback.apply(asked, answerer::answer);
        for (int j = 0; j < askedAt.size(); j++) {
            int i = askedAt.get(j);
            PendingQuestion entry = entries.get(i).value;
            // an article embedded again is written once, with the first answer about it
            ArticleState fresh = askedAbout.takeReembedded(entry.getQuestion().getArticleId());
            outcomes[i] = results.get(j) == null
                    ? Outcome.of(deadLetter(entry, "model-failure", "the answerer failed on the question"))
                    : answer(entry, Answers.answered(entry.getQuestion(), results.get(j), answerer.name(), now), fresh);
        }
        return Arrays.asList(outcomes);
    }

    private Outcome answer(PendingQuestion entry, Answer answer, ArticleState reembedded) {
        Outcome.Emission emission = output(EnrichmentTopology.ANSWERS_SINK, settings.answersTopic(),
                entry.getQuestion().getArticleId(), answer, answerSerializer, entry.getTimestamp());
        return reembedded == null ? Outcome.of(emission)
                : Outcome.of(emission, () -> articles.put(reembedded.getArticleId(), reembedded));
    }

    private Outcome.Emission deadLetter(PendingQuestion entry, String code, String reason) {
        return deadLetter(entry.getQuestion().getArticleId().getBytes(StandardCharsets.UTF_8),
                ArticleBatchProcessor.bytes(entry.getSourceValue()), entry.getTimestamp(), sourceOf(entry), code,
                reason, null);
    }

    @Override
    protected DeadLetters.Source sourceOf(PendingQuestion entry) {
        return new DeadLetters.Source(entry.getSourceTopic(), entry.getSourcePartition(), entry.getSourceOffset());
    }

    @Override
    protected Outcome.Emission deadLetterOf(PendingQuestion entry, String code, String reason) {
        return deadLetter(entry, code, reason);
    }

    /**
     * Answers the waiting questions whose article has come (or was deleted), or whose wait is over: a question
     * batch at a time, until the work has overrun the budget of one transaction; the rest waits for the next check
     * (after Kafka Streams could commit), so a burst of due questions never makes one huge transaction.
     */
    private void checkWaiting() {
        long started = System.nanoTime();
        int slice = settings.questionBatch().maxSentences();
        boolean more;
        do { // one slice at least, whatever the budget
            List<KeyValue<String, PendingQuestion>> due = waiting.due(slice, context.currentSystemTimeMs());
            more = answerWaiting(due) && due.size() == slice;
        } while (more && !overBudget(started));
    }

    /** Answers these waiting questions; whether each was answered (and left the waiting store). */
    private boolean answerWaiting(List<KeyValue<String, PendingQuestion>> due) {
        if (due.isEmpty()) {
            return false;
        }
        stats.recordFlush(BatchStats.Trigger.CHECK, due.size(), due.size(), 0, 0);
        List<Outcome> outcomes = outcomesUnlessRefused(EnrichmentTopology.WAITING_QUESTIONS_STORE, due,
                entries -> outcomes(entries, false));
        boolean all = true;
        for (int i = 0; i < due.size(); i++) {
            if (outcomes.get(i) != null) {
                apply(outcomes.get(i), due.get(i).value);
                waiting.remove(due.get(i).key);
            } else {
                all = false;
            }
        }
        return all;
    }
}
