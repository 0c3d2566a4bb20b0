package io.bertstream.topology;

import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.serde.HostileAvro;
import io.bertstream.serde.SchemaRegistry;
import io.bertstream.topology.FuzzCorpus.Expect;
import io.bertstream.topology.FuzzCorpus.FuzzRecord;
import org.apache.avro.Schema;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The structural part of {@link FuzzCorpus}: values in valid Confluent framing whose Avro body lies, in every
 * string field of Article and Question (a length prefix far past the end), or in a field the producer added to its
 * own registered writer schema (huge array and map block counts, deep nesting). Lies are dead letters
 * {@code undecodable}; deep nesting in a field the reader does not know is skipped, so the value reads, and its
 * key (not the "x" its id holds) makes it a {@code key-mismatch}.
 */
final class StructuralFuzz {

    private final Random random;
    private final Supplier<String> ids;
    private final int articleSchemaId;
    private final int questionSchemaId;
    private final Schema[] articleWriters = new Schema[3];
    private final Schema[] questionWriters = new Schema[3];
    private final int[] articleWriterIds = new int[3];
    private final int[] questionWriterIds = new int[3];

    /**
     * @param framedArticle   any article as the service's serializer writes it (for Article's schema id)
     * @param framedQuestion  any question likewise
     * @param registry        where the hostile writer schemas are registered (the service's)
     */
    StructuralFuzz(Random random, Supplier<String> ids, byte[] framedArticle, byte[] framedQuestion,
                   SchemaRegistry registry) {
        this.random = random;
        this.ids = ids;
        this.articleSchemaId = ByteBuffer.wrap(framedArticle).getInt(1);
        this.questionSchemaId = ByteBuffer.wrap(framedQuestion).getInt(1);
        List<String> extras = List.of(HostileAvro.ARRAY_OF_NULLS, HostileAvro.MAP_OF_NULLS, HostileAvro.NEST);
        for (int i = 0; i < extras.size(); i++) {
            articleWriters[i] = HostileAvro.withExtraField(Article.getClassSchema(), "extra", extras.get(i));
            articleWriterIds[i] = registry.register("hostile-articles-value", articleWriters[i]);
            questionWriters[i] = HostileAvro.withExtraField(Question.getClassSchema(), "extra", extras.get(i));
            questionWriterIds[i] = registry.register("hostile-questions-value", questionWriters[i]);
        }
    }

    List<Supplier<FuzzRecord>> kinds() {
        return List.of(this::hostileLength, () -> hugeCollection(0, "huge-array"),
                () -> hugeCollection(1, "huge-map"), this::deepNesting);
    }

    private FuzzRecord hostileLength() {
        boolean onArticles = random.nextBoolean();
        Schema schema = onArticles ? Article.getClassSchema() : Question.getClassSchema();
        List<String> fields = HostileAvro.stringFields(schema);
        String field = fields.get(random.nextInt(fields.size()));
        long length = HostileAvro.LENGTHS.get(random.nextInt(HostileAvro.LENGTHS.size()));
        byte[] value = HostileAvro.lengthIn(schema, onArticles ? articleSchemaId : questionSchemaId, field, length);
        return dead(onArticles, value, "hostile-length-" + field, FuzzCorpus.UNREADABLE);
    }

    private FuzzRecord hugeCollection(int writer, String kind) {
        boolean onArticles = random.nextBoolean();
        long count = List.of(1L << 62, 100_000_000L, 1_000L).get(random.nextInt(3));
        return dead(onArticles, withExtra(onArticles, writer, HostileAvro.block(count)), kind, FuzzCorpus.UNREADABLE);
    }

    private FuzzRecord deepNesting() {
        boolean onArticles = random.nextBoolean();
        byte[] nest = HostileAvro.nested(10_000 + random.nextInt(200_000)); // under the topics' 1 MiB
        return dead(onArticles, withExtra(onArticles, 2, nest), "deep-nesting", "key-mismatch");
    }

    private byte[] withExtra(boolean onArticles, int writer, byte[] extra) {
        return onArticles ? HostileAvro.withExtra(articleWriters[writer], articleWriterIds[writer], extra)
                : HostileAvro.withExtra(questionWriters[writer], questionWriterIds[writer], extra);
    }

    private FuzzRecord dead(boolean onArticles, byte[] value, String kind, String reason) {
        return new FuzzRecord(onArticles ? FuzzCorpus.ARTICLES : FuzzCorpus.QUESTIONS, ids.get(), value, kind,
                Expect.DEAD, reason);
    }
}
