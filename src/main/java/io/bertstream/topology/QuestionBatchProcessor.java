package io.bertstream.topology;

import io.bertstream.store.StoredArticles;
import io.bertstream.events.Answer;
import io.bertstream.events.Question;
import io.bertstream.qa.Answers;
import io.bertstream.qa.ArticleAnswerer;
import io.bertstream.qa.SpanAnswer;
import io.bertstream.state.ArticleState;
import io.bertstream.state.PendingQuestion;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Questions in, answers out. Questions are buffered like articles and answered in batches (one model call for
 * all answerable questions). A question whose article is not stored yet stays buffered until the article
 * arrives or {@code questions.pending.ttl.ms} passes (then ARTICLE_NOT_FOUND); a question about a deleted article
 * is answered ARTICLE_NOT_FOUND at once. Answers leave in the order the questions arrived.
 */
public final class QuestionBatchProcessor extends BufferedBatchProcessor<Question, PendingQuestion> {

    private static final Logger LOG = LoggerFactory.getLogger(QuestionBatchProcessor.class);

    private final TopologySettings settings;
    private final ArticleAnswerer answerer;
    private final Serializer<Question> questionSerializer;
    private KeyValueStore<String, ArticleState> articles;

    public QuestionBatchProcessor(TopologySettings settings, ArticleAnswerer answerer,
                                  Serializer<Question> questionSerializer, BatchStats stats, FlowMetrics flow) {
        super(EnrichmentTopology.PENDING_QUESTIONS_STORE, settings.questionBatch(), stats, flow);
        this.settings = settings;
        this.answerer = answerer;
        this.questionSerializer = questionSerializer;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        articles = context.getStateStore(EnrichmentTopology.ARTICLES_STORE);
        super.init(context);
        // questions waiting for their article are looked at again on this period, whether or not new ones come
        context.schedule(settings.pendingQuestionCheck(), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (buffered() > 0) {
                flush(BatchStats.Trigger.CHECK);
            }
        });
    }

    @Override
    protected PendingQuestion toEntry(Record<String, Question> record) {
        Question question = record.value();
        DeadLetters.Source source = currentSource();
        if (question == null) {
            deadLetter(record.key(), null, record.timestamp(), source, "null-question", "the question record has no value");
            return null;
        }
        if (record.key() != null && !record.key().equals(question.getArticleId())) {
            // keyed elsewhere, it may reach a task that does not hold its article and be answered "not found"
            deadLetter(record.key(), question, record.timestamp(), source, "key-mismatch", "the record key '"
                    + record.key() + "' differs from the question's article id '" + question.getArticleId() + "'");
            return null;
        }
        if (question.getQuestion() == null || question.getQuestion().isBlank()) {
            deadLetter(record.key(), question, record.timestamp(), source, "empty-question", "the question text is empty");
            return null;
        }
        return PendingQuestion.newBuilder()
                .setQuestion(question)
                .setTimestamp(record.timestamp())
                .setReceivedAt(context.currentSystemTimeMs())
                .setSourceTopic(source.topic()).setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .build();
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
    protected List<String> processBatch(List<KeyValue<String, PendingQuestion>> entries) {
        long now = context.currentSystemTimeMs();
        Answer[] answers = new Answer[entries.size()];
        List<Integer> answerable = new ArrayList<>();
        List<ArticleAnswerer.Asked> asked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PendingQuestion entry = entries.get(i).value;
            ArticleState state = articles.get(entry.getQuestion().getArticleId());
            if (StoredArticles.isLive(state)) {
                answerable.add(i);
                asked.add(new ArticleAnswerer.Asked(entry.getQuestion().getQuestion(), state));
            } else if (state != null || now - entry.getReceivedAt() >= settings.pendingQuestionTtl().toMillis()) {
                answers[i] = Answers.notFound(entry.getQuestion(), answerer.name(), now);
            }
        }
        answerAll(entries, answerable, asked, answers, now);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PendingQuestion entry = entries.get(i).value;
            if (answers[i] != null) {
                emit(new Record<>(entry.getQuestion().getArticleId(), answers[i], entry.getTimestamp()),
                        EnrichmentTopology.ANSWERS_SINK, settings.answersTopic());
                done.add(entries.get(i).key);
            } else if (answerable.contains(i)) {
                done.add(entries.get(i).key); // dead-lettered by answerAll
            }
        }
        return done;
    }

    /** One model call for every answerable question; a model failure sends them to the dead-letter topic. */
    private void answerAll(List<KeyValue<String, PendingQuestion>> entries, List<Integer> answerable,
                           List<ArticleAnswerer.Asked> asked, Answer[] answers, long now) {
        if (asked.isEmpty()) {
            return;
        }
        List<List<SpanAnswer>> results;
        try {
            results = answerer.answer(asked);
        } catch (RuntimeException e) {
            LOG.error("The answerer failed on a batch of {} questions; they go to the dead-letter topic",
                    asked.size(), e);
            for (int i : answerable) {
                PendingQuestion entry = entries.get(i).value;
                deadLetter(entry.getQuestion().getArticleId(), entry.getQuestion(), entry.getTimestamp(),
                        new DeadLetters.Source(entry.getSourceTopic(), entry.getSourcePartition(),
                                entry.getSourceOffset()), "model-failure", "the answerer failed: " + e.getMessage());
            }
            return;
        }
        for (int j = 0; j < answerable.size(); j++) {
            answers[answerable.get(j)] = Answers.answered(entries.get(answerable.get(j)).value.getQuestion(),
                    results.get(j), answerer.name(), now);
        }
    }

    private void deadLetter(String key, Question question, long timestamp, DeadLetters.Source source, String code,
                            String reason) {
        LOG.warn("Question for {} to the dead-letter topic: {}", key, reason);
        byte[] value = question == null ? null : questionSerializer.serialize(source.topic(), question);
        emitDeadLetter(DeadLetters.record(key, value, timestamp, source, code, reason, null), settings.dlqTopic());
    }
}
