package io.bertstream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.serde.EventJson;
import io.bertstream.events.Answer;
import io.bertstream.events.AnswerStatus;
import io.bertstream.events.Question;
import io.bertstream.qa.QuestionLength;
import io.bertstream.store.StoredArticles;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /articles/{id}} and {@code POST /articles/{id}/questions}, served from the instance that owns the
 * article (interactive queries): this one, or the owner through {@link Forwarder}.
 */
final class ArticleRoutes implements Route {

    private static final String PREFIX = "/articles/";
    private static final String QUESTIONS = "/questions";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ArticleLocator locator;
    private final Forwarder forwarder;
    private final QuestionDesk desk;
    private final int maxQuestionTokens;

    ArticleRoutes(ArticleLocator locator, Forwarder forwarder, QuestionDesk desk, int maxQuestionTokens) {
        this.locator = locator;
        this.forwarder = forwarder;
        this.desk = desk;
        this.maxQuestionTokens = maxQuestionTokens;
    }

    @Override
    public Response handle(ApiRequest request) throws InterruptedException {
        String rest = request.path().substring(PREFIX.length());
        if (rest.endsWith(QUESTIONS) && rest.length() > QUESTIONS.length()) {
            String articleId = rest.substring(0, rest.length() - QUESTIONS.length());
            return Route.requireMethod(request, "POST", () -> ask(request, articleId));
        }
        if (rest.isEmpty() || rest.contains("/")) {
            return Response.error(404, "NOT_FOUND", "no such resource: " + request.path());
        }
        return Route.requireMethod(request, "GET", () -> get(request, rest));
    }

    private Response get(ApiRequest request, String articleId) throws InterruptedException {
        return atOwner(request, articleId, here -> {
            if (StoredArticles.isLive(here.state())) {
                return Response.json(200, ArticleJson.of(here.state()));
            }
            return here.expired() != null
                    ? Response.error(404, AnswerStatus.ARTICLE_EXPIRED.name(), "article '" + articleId
                    + "' expired at " + Instant.ofEpochMilli(here.expired().getExpiredAt())
                    + " (articles.retention.ms)")
                    : Response.error(404, AnswerStatus.ARTICLE_NOT_FOUND.name(), "no article '" + articleId + "'");
        });
    }

    private Response ask(ApiRequest request, String articleId) throws InterruptedException {
        Question question;
        try {
            question = question(articleId, request.body());
        } catch (IllegalArgumentException e) {
            return Response.error(400, "BAD_REQUEST", e.getMessage());
        }
        Optional<String> tooLong = QuestionLength.tooLong(question.getQuestion(), maxQuestionTokens);
        if (tooLong.isPresent()) {
            return Response.error(413, "QUESTION_TOO_LONG", tooLong.get());
        }
        return atOwner(request, articleId, here -> {
            Answer answer = desk.answer(question, here.state(), here.expired() != null);
            if (answer == null) {
                return Response.unavailable("the models are answering as many HTTP questions as allowed; retry");
            }
            boolean absent = answer.getStatus() == AnswerStatus.ARTICLE_NOT_FOUND
                    || answer.getStatus() == AnswerStatus.ARTICLE_EXPIRED;
            return Response.json(absent ? 404 : 200, EventJson.toJson(answer));
        });
    }

    /** What to answer on the owning instance, given what it holds of the article. */
    private interface OwnerAction {
        Response run(ArticleLocator.Local here) throws InterruptedException;
    }

    /** Runs {@code action} here when this instance owns the article, else relays the request to the owner. */
    private Response atOwner(ApiRequest request, String articleId, OwnerAction action)
            throws InterruptedException {
        ArticleLocator.Location location = locator.locate(articleId);
        if (location instanceof ArticleLocator.Local local) {
            return action.run(local);
        }
        if (location instanceof ArticleLocator.Remote remote) {
            return relay(request, remote);
        }
        return Response.unavailable(((ArticleLocator.Unavailable) location).reason());
    }

    private Response relay(ApiRequest request, ArticleLocator.Remote remote) throws InterruptedException {
        if (Forwarder.wasForwarded(request)) {
            return Response.unavailable("relayed here, but another instance owns the article now (rebalancing)");
        }
        return forwarder.forward(request, remote.host());
    }

    /** The question in a body {@code {"question": "...", "questionId": optional}}. */
    static Question question(String articleId, byte[] body) {
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the body: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object {\"question\": \"...\"}");
        }
        String text = json.path("question").asText("");
        if (text.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
        String questionId = json.path("questionId").asText("");
        return Question.newBuilder()
                .setQuestionId(questionId.isBlank() ? "http-" + UUID.randomUUID() : questionId)
                .setArticleId(articleId)
                .setQuestion(text)
                .setAskedAt(Instant.now())
                .build();
    }
}
