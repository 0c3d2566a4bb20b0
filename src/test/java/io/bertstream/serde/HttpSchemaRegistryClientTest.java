package io.bertstream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.events.Question;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the HTTP client sends, and how it handles failures, against a scripted local server. */
class HttpSchemaRegistryClientTest {

    private static final String QUESTION_BY_ID = new ObjectMapper().createObjectNode()
            .put("schema", Question.getClassSchema().toString()).toString();

    private FakeRegistryServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeRegistryServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static HttpSchemaRegistryClient client(String urls, String... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistries.URL_CONFIG, urls);
        config.put(HttpSchemaRegistryClient.RETRIES_WAIT_MS_CONFIG, "10");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return HttpSchemaRegistryClient.fromConfig(config);
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes());
    }

    /** A loopback port nothing listens on. */
    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://localhost:" + socket.getLocalPort();
        }
    }

    @Test
    void registersWithConfluentRequestShape() throws Exception {
        server.otherwise("{\"id\": 7}");
        int id = client(server.url()).register("my topic-value", Question.getClassSchema());

        assertEquals(7, id);
        FakeRegistryServer.Request request = server.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/subjects/my%20topic-value/versions", request.path());
        assertEquals("application/vnd.schemaregistry.v1+json", request.contentType());
        assertEquals(Question.getClassSchema().toString(),
                new ObjectMapper().readTree(request.body()).path("schema").asText());
        assertNull(request.authorization());
    }

    @Test
    void cachesIdsAndSchemasBothWays() {
        server.otherwise("{\"id\": 3}");
        HttpSchemaRegistryClient client = client(server.url());
        client.register("questions-value", Question.getClassSchema());
        client.register("questions-value", Question.getClassSchema());
        assertEquals(Question.getClassSchema(), client.getById(3));
        assertEquals(1, server.requests().size());

        server.otherwise(QUESTION_BY_ID);
        HttpSchemaRegistryClient reader = client(server.url());
        reader.getById(3);
        reader.getById(3);
        assertEquals(2, server.requests().size());
    }

    @Test
    void sendsBasicAuthFromUserInfoConfig() {
        server.otherwise(QUESTION_BY_ID);
        client(server.url(), HttpSchemaRegistryClient.BASIC_AUTH_SOURCE_CONFIG, "USER_INFO",
                HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO_CONFIG, "svc:s3cr:et").getById(1);
        assertEquals(basic("svc:s3cr:et"), server.requests().get(0).authorization());
    }

    @Test
    void sendsBasicAuthFromTheUrlWithoutLeakingIt() {
        server.then(404, "{\"error_code\": 40403, \"message\": \"Schema 1 not found\"}");
        String url = server.url().replace("http://", "http://svc:pa%40ss@");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(url).getById(1));

        assertEquals(basic("svc:pa@ss"), server.requests().get(0).authorization());
        assertEquals(server.url() + "/schemas/ids/1", e.url());
        assertFalse(e.getMessage().contains("pa%40ss"), e.getMessage());
    }

    @Test
    void rejectsBadAuthConfig() {
        assertThrows(ConfigException.class, () -> client(server.url(),
                HttpSchemaRegistryClient.BASIC_AUTH_SOURCE_CONFIG, "SASL_INHERIT"));
        assertThrows(ConfigException.class, () -> client(server.url(),
                HttpSchemaRegistryClient.BASIC_AUTH_SOURCE_CONFIG, "USER_INFO"));
    }

    @Test
    void retriesServerErrorsWithBackoff() {
        server.then(503, "busy").then(500, "{\"error_code\": 50001, \"message\": \"store\"}").otherwise(QUESTION_BY_ID);
        assertEquals(Question.getClassSchema(), client(server.url()).getById(1));
        assertEquals(3, server.requests().size());
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastError() {
        server.then(503, "a").then(503, "b").then(503, "{\"error_code\": 50003, \"message\": \"backend down\"}");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(server.url(), HttpSchemaRegistryClient.MAX_RETRIES_CONFIG, "2").getById(1));

        assertEquals(3, server.requests().size());
        assertEquals(503, e.status());
        assertEquals("Schema registry " + server.url() + "/schemas/ids/1 answered HTTP 503 (error code 50003): backend down",
                e.getMessage());
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.then(409, "{\"error_code\": 409, \"message\": \"Schema being registered is incompatible\"}");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(server.url()).register("questions-value", Question.getClassSchema()));

        assertEquals(1, server.requests().size());
        assertEquals(409, e.status());
        assertEquals("Schema being registered is incompatible", e.registryMessage());
    }

    @Test
    void failsOverToTheNextUrl() throws Exception {
        server.otherwise(QUESTION_BY_ID);
        HttpSchemaRegistryClient client = client(deadUrl() + "," + server.url(), HttpSchemaRegistryClient.MAX_RETRIES_CONFIG, "0");
        assertEquals(Question.getClassSchema(), client.getById(1));
        assertEquals(Question.getClassSchema(), client.getById(2));
        assertEquals(2, server.requests().size());
    }

    @Test
    void unreachableRegistryNamesTheUrl() throws Exception {
        String dead = deadUrl();
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(dead, HttpSchemaRegistryClient.MAX_RETRIES_CONFIG, "1").getById(1));
        assertEquals(SchemaRegistryException.UNREACHABLE, e.status());
        assertTrue(e.getMessage().startsWith("Schema registry unreachable at " + dead + "/schemas/ids/1: "), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void refusesNonAvroSchemas() {
        server.otherwise("{\"schema\": \"syntax = 'proto3';\", \"schemaType\": \"PROTOBUF\"}");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(server.url()).getById(1));
        assertEquals("schema is PROTOBUF, not AVRO", e.registryMessage());
    }

    @Test
    void readsAnswersWithABound() {
        server.otherwise("{\"schema\": \"" + "x".repeat(RegistryReply.MAX_ANSWER_BYTES) + "\"}");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(server.url()).getById(1));
        assertTrue(e.getMessage().contains("answer larger than"), e.getMessage());
    }

    @Test
    void cachesAtMostABoundedNumberOfSchemas() {
        server.otherwise(QUESTION_BY_ID);
        HttpSchemaRegistryClient client = client(server.url());
        for (int id = 0; id <= SchemaCaches.MAX_CACHED; id++) {
            client.getById(id);
        }
        int before = server.requests().size();
        client.getById(SchemaCaches.MAX_CACHED);
        assertEquals(before, server.requests().size(), "the latest id is cached");
        client.getById(0);
        assertEquals(before + 1, server.requests().size(), "the eldest id was forgotten");
    }

    @Test
    void aMalformedUrlIsReportedWithoutItsCredentials() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> client("http://svc:s3cret@registry.test:8081/bad path"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("registry.test"), e.getMessage());
    }

    @Test
    void warnsAboutBasicAuthOverPlainHttp() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(HttpSchemaRegistryClient.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try {
            client(server.url(), HttpSchemaRegistryClient.BASIC_AUTH_SOURCE_CONFIG, "USER_INFO",
                    HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO_CONFIG, "svc:s3cret");
            client(server.url());
        } finally {
            logger.detachAppender(seen);
        }
        assertEquals(1, seen.list.size(), "one warning, for the client with credentials");
        assertTrue(seen.list.get(0).getFormattedMessage().contains("plain http://"));
        assertFalse(seen.list.get(0).getFormattedMessage().contains("s3cret"));
    }
}
