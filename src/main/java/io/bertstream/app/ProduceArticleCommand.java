package io.bertstream.app;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import static io.bertstream.config.ConfigKeys.TOPIC_ARTICLES;

/** {@code produce-article}: one article event from a text file. */
@Command(name = "produce-article", mixinStandardHelpOptions = true,
        description = {"Produce an article event from a text file, in the configured value.format: avro (Confluent "
                + "wire format, through schema.registry.url, the service's registry) or json (no registry).",
                "Example: produce-article --set bootstrap.servers=127.0.0.1:9092 --set value.format=json "
                        + "--id a1 --file article.txt"})
public final class ProduceArticleCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--id", required = true, description = "Article id (also the record key).")
    String id;

    @Option(names = "--file", required = true, description = "UTF-8 text file with the article body.")
    Path file;

    @Option(names = "--title", description = "Optional title.")
    String title;

    @Override
    public Integer call() throws Exception {
        BertstreamConfig c = config.load();
        Article article = Article.newBuilder().setId(id).setTitle(title)
                .setBody(Files.readString(file, StandardCharsets.UTF_8))
                .setPublishedAt(Instant.now()).build();
        var meta = EventClients.sendOne(EventClients.kafka(c), c.require(TOPIC_ARTICLES), id, article,
                EventSerdeFactory.forCluster(c).article().serializer());
        System.err.printf("article %s -> %s-%d@%d%n", id, meta.topic(), meta.partition(), meta.offset());
        return 0;
    }
}
