package io.bertstream.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of Confluent's Schema Registry REST API (also served by Apicurio's {@code ccompat} API),
 * on {@link java.net.http.HttpClient} and Jackson.
 *
 * <p>Ids and schemas are cached in both directions, so a steady stream costs no requests. With
 * several base URLs a request that cannot connect or gets a 5xx moves on to the next URL; when all
 * fail, the round is retried with exponential backoff up to {@link Options#maxRetries()} times.
 * A 4xx answer is final and surfaces at once as a {@link SchemaRegistryException}. Answers are read up to
 * {@link RegistryReply#MAX_ANSWER_BYTES}, the caches hold {@link SchemaCaches#MAX_CACHED} entries each (ids come from
 * producers), a malformed URL is reported without its user info, and basic auth over {@code http://} is warned about.
 *
 * <p>Config keys (each also accepted with Confluent's {@code schema.registry.} prefix):
 * {@value SchemaRegistries#URL_CONFIG}, {@value #BASIC_AUTH_SOURCE_CONFIG},
 * {@value #BASIC_AUTH_USER_INFO_CONFIG}, {@value #MAX_RETRIES_CONFIG},
 * {@value #RETRIES_WAIT_MS_CONFIG}, {@value #RETRIES_MAX_WAIT_MS_CONFIG},
 * {@value #CONNECT_TIMEOUT_MS_CONFIG}, {@value #READ_TIMEOUT_MS_CONFIG},
 * {@value #LATEST_CACHE_TTL_SEC_CONFIG}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistry {

    /** {@code USER_INFO} (use {@value #BASIC_AUTH_USER_INFO_CONFIG}) or {@code URL} (user info in the URL; default). */
    public static final String BASIC_AUTH_SOURCE_CONFIG = "basic.auth.credentials.source";
    /** {@code user:password} for basic auth with source {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    /** Retries after the first round over all URLs failed (default 3). */
    public static final String MAX_RETRIES_CONFIG = "max.retries";
    /** Wait before the first retry, doubled for each next one (default 1000). */
    public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
    /** Longest wait between retries (default 20000). */
    public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";
    /** Connect timeout (default 60000). */
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    /** Timeout of one request, until the answer (default 60000). */
    public static final String READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
    /** How long {@link #latest} answers from cache; negative: for ever (default -1, as Confluent). */
    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the client talks to the registry.
     *
     * @param basicAuthUserInfo {@code user:password} sent to every URL, or null (URLs may carry their own)
     * @param maxRetries        retries after a failed round over all URLs
     * @param retryWait         wait before the first retry, doubled for each next one
     * @param maxRetryWait      cap of the wait between retries
     * @param connectTimeout    TCP connect timeout
     * @param readTimeout       timeout of one request
     * @param latestCacheTtl    how long {@link #latest} answers are cached; negative: for ever
     */
    public record Options(String basicAuthUserInfo, int maxRetries, Duration retryWait, Duration maxRetryWait,
                          Duration connectTimeout, Duration readTimeout, Duration latestCacheTtl) {

        /** Confluent's defaults, without basic auth. */
        public static Options defaults() {
            return new Options(null, 3, Duration.ofSeconds(1), Duration.ofSeconds(20),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(-1));
        }
    }

    private final List<RegistryEndpoint> endpoints;
    private final RegistryTransport transport;
    private final SchemaCaches caches;

    /**
     * @param baseUrls the registry's base URLs (e.g. {@code http://host:8081} or Apicurio's
     *                 {@code http://host:8080/apis/ccompat/v7}); user info in a URL becomes its basic auth
     *                 unless {@code options} gives one for all
     */
    public HttpSchemaRegistryClient(List<URI> baseUrls, Options options) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is needed");
        }
        this.endpoints = baseUrls.stream().map(url -> RegistryEndpoint.of(url, options.basicAuthUserInfo())).toList();
        for (RegistryEndpoint endpoint : endpoints) {
            if (endpoint.sendsCredentialsInClear()) {
                LOG.warn("Basic auth credentials go to the schema registry at {} over plain http://: anyone on the"
                        + " path can read them; use https://", endpoint.baseUrl());
            }
        }
        this.transport = new RegistryTransport(endpoints, options);
        this.caches = new SchemaCaches(options.latestCacheTtl());
    }

    /** Builds a client from Confluent's config keys (see the class comment). */
    public static HttpSchemaRegistryClient fromConfig(Map<String, ?> config) {
        ConfigValues values = new ConfigValues(config);
        List<URI> urls = new ArrayList<>();
        for (String url : values.list(SchemaRegistries.URL_CONFIG)) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException(SchemaRegistries.URL_CONFIG, RegistryEndpoint.withoutUserInfo(url),
                        "expected http:// or https://");
            }
            try {
                urls.add(new URI(url));
            } catch (URISyntaxException e) {
                // the exception's text holds the whole URL, credentials included
                throw new ConfigException(SchemaRegistries.URL_CONFIG, RegistryEndpoint.withoutUserInfo(url),
                        "not a valid URL: " + e.getReason());
            }
        }
        if (urls.isEmpty()) {
            throw new ConfigException("Missing " + SchemaRegistries.URL_CONFIG);
        }
        Options defaults = Options.defaults();
        Options options = new Options(basicAuthUserInfo(values),
                (int) values.number(MAX_RETRIES_CONFIG, defaults.maxRetries()),
                millis(values, RETRIES_WAIT_MS_CONFIG, defaults.retryWait()),
                millis(values, RETRIES_MAX_WAIT_MS_CONFIG, defaults.maxRetryWait()),
                millis(values, CONNECT_TIMEOUT_MS_CONFIG, defaults.connectTimeout()),
                millis(values, READ_TIMEOUT_MS_CONFIG, defaults.readTimeout()),
                Duration.ofSeconds(values.number(LATEST_CACHE_TTL_SEC_CONFIG, defaults.latestCacheTtl().toSeconds())));
        return new HttpSchemaRegistryClient(urls, options);
    }

    private static String basicAuthUserInfo(ConfigValues values) {
        String source = values.string(BASIC_AUTH_SOURCE_CONFIG, "URL");
        switch (source) {
            case "URL":
                return null;
            case "USER_INFO":
                String userInfo = values.string(BASIC_AUTH_USER_INFO_CONFIG, "");
                if (!userInfo.contains(":")) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG, "(hidden)",
                            "expected user:password with " + BASIC_AUTH_SOURCE_CONFIG + "=USER_INFO");
                }
                return userInfo;
            default:
                throw new ConfigException(BASIC_AUTH_SOURCE_CONFIG, source, "supported: URL, USER_INFO");
        }
    }

    private static Duration millis(ConfigValues values, String key, Duration defaultValue) {
        return Duration.ofMillis(values.number(key, defaultValue.toMillis()));
    }

    @Override
    public int register(String subject, Schema schema) {
        return caches.id(subject, schema, () -> {
            int id = transport.send("POST", subjectPath(subject) + "/versions", schemaBody(schema)).json().path("id")
                    .asInt();
            caches.rememberSchema(id, schema);
            caches.forgetLatest(subject);
            return id;
        });
    }

    @Override
    public int getId(String subject, Schema schema) {
        return caches.id(subject, schema, () -> {
            int id = transport.send("POST", subjectPath(subject), schemaBody(schema)).json().path("id").asInt();
            caches.rememberSchema(id, schema);
            return id;
        });
    }

    @Override
    public Schema getById(int id) {
        return caches.schema(id, () -> parseSchema(transport.send("GET", "/schemas/ids/" + id, null)));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        RegisteredSchema cached = caches.latest(subject);
        if (cached != null) {
            return cached;
        }
        RegistryTransport.Answer answer = transport.send("GET", subjectPath(subject) + "/versions/latest", null);
        int id = answer.json().path("id").asInt();
        Schema schema = caches.schema(id, () -> parseSchema(answer));
        RegisteredSchema latest = new RegisteredSchema(id, answer.json().path("version").asInt(), schema);
        caches.rememberLatest(subject, latest);
        return latest;
    }

    private static Schema parseSchema(RegistryTransport.Answer answer) {
        String type = answer.json().path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(answer.url(), 200, -1, "schema is " + type + ", not AVRO");
        }
        try {
            return new Schema.Parser().parse(answer.json().path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(answer.url(), 200, -1, "unparsable Avro schema: " + e.getMessage());
        }
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + endpoints.stream().map(RegistryEndpoint::baseUrl).toList();
    }
}
