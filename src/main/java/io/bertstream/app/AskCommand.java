package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Question;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;

import static io.bertstream.config.ConfigKeys.TOPIC_QUESTIONS;

/** {@code ask}: one question event about an article. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Produce a question event about an article; the answer arrives on the answers topic (see tail).")
public final class AskCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--article-id", required = true, description = "The article the question is about.")
    String articleId;

    @Option(names = "--question", required = true, description = "The question text.")
    String question;

    @Option(names = "--question-id", description = "Question id (default: a random UUID).")
    String questionId;

    @Override
    public Integer call() throws Exception {
        BertstreamConfig c = config.load();
        String id = questionId != null ? questionId : UUID.randomUUID().toString();
        Question q = Question.newBuilder().setQuestionId(id).setArticleId(articleId).setQuestion(question)
                .setAskedAt(Instant.now()).build();
        EventClients.sendOne(EventClients.kafka(c), c.require(TOPIC_QUESTIONS), articleId, q,
                EventSerdeFactory.forCluster(c).question().serializer());
        System.out.println(id);
        return 0;
    }
}
