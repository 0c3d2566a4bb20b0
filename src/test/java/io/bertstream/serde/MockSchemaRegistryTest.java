package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bertstream.events.Article;
import io.bertstream.events.Question;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private final MockSchemaRegistry registry = new MockSchemaRegistry();

    @AfterEach
    void dropScopes() {
        List.of("scope-a", "scope-b").forEach(MockSchemaRegistry::dropScope);
    }

    @Test
    void assignsIdsAsConfluentDoes() {
        assertEquals(1, registry.register("articles-value", Article.getClassSchema()));
        assertEquals(1, registry.register("articles-value", Article.getClassSchema()));
        assertEquals(2, registry.register("questions-value", Question.getClassSchema()));
        assertEquals(1, registry.register("archive-value", Article.getClassSchema()));

        assertEquals(new RegisteredSchema(1, 1, Article.getClassSchema()), registry.latest("articles-value"));
        assertEquals(1, registry.getId("archive-value", Article.getClassSchema()));
        assertEquals(Question.getClassSchema(), registry.getById(2));
    }

    @Test
    void newVersionsCountPerSubject() {
        registry.register("articles-value", Question.getClassSchema());
        registry.register("articles-value", Article.getClassSchema());
        assertEquals(new RegisteredSchema(2, 2, Article.getClassSchema()), registry.latest("articles-value"));
    }

    @Test
    void unknownThingsAnswer404WithConfluentErrorCodes() {
        registry.register("articles-value", Article.getClassSchema());
        SchemaRegistryException unknownId = assertThrows(SchemaRegistryException.class, () -> registry.getById(7));
        assertEquals(404, unknownId.status());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, unknownId.errorCode());
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND,
                assertThrows(SchemaRegistryException.class, () -> registry.latest("nope")).errorCode());
        // registered, but not under this subject
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, assertThrows(SchemaRegistryException.class,
                () -> registry.getId("questions-value", Article.getClassSchema())).errorCode());
    }

    @Test
    void mockUrlsShareOneRegistryPerScope() {
        SchemaRegistry a1 = SchemaRegistries.fromConfig(Map.of(SchemaRegistries.URL_CONFIG, "mock://scope-a"));
        SchemaRegistry a2 = SchemaRegistries.fromConfig(Map.of(SchemaRegistries.URL_CONFIG, "mock://scope-a"));
        SchemaRegistry b = SchemaRegistries.fromConfig(Map.of(SchemaRegistries.URL_CONFIG, "mock://scope-b"));
        assertSame(a1, a2);
        assertNotSame(a1, b);

        a1.register("articles-value", Article.getClassSchema());
        assertEquals(Article.getClassSchema(), a2.getById(1));
        assertThrows(SchemaRegistryException.class, () -> b.getById(1));
    }

    @Test
    void droppedScopeStartsEmpty() {
        MockSchemaRegistry.forScope("scope-a").register("articles-value", Article.getClassSchema());
        MockSchemaRegistry.dropScope("scope-a");
        assertThrows(SchemaRegistryException.class, () -> MockSchemaRegistry.forScope("scope-a").getById(1));
    }

    @Test
    void factoryPicksTheImplementationFromTheUrl() {
        assertInstanceOf(HttpSchemaRegistryClient.class, SchemaRegistries.fromConfig(
                Map.of(SchemaRegistries.URL_CONFIG, "http://localhost:1,https://localhost:2")));
        assertInstanceOf(HttpSchemaRegistryClient.class, SchemaRegistries.fromConfig(
                Map.of(SchemaRegistries.URL_CONFIG, List.of("http://localhost:1"))));
        assertThrows(ConfigException.class, () -> SchemaRegistries.fromConfig(Map.of()));
        assertThrows(ConfigException.class, () -> SchemaRegistries.fromConfig(
                Map.of(SchemaRegistries.URL_CONFIG, "mock://x,http://localhost:1")));
        assertThrows(ConfigException.class, () -> SchemaRegistries.fromConfig(
                Map.of(SchemaRegistries.URL_CONFIG, "ftp://localhost:1")));
    }
}
