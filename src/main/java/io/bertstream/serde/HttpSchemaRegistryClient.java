package io.bertstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of Confluent's Schema Registry REST API (also served by Apicurio's {@code ccompat} API),
 * on {@link HttpClient} and Jackson.
 *
 * <p>Ids and schemas are cached in both directions, so a steady stream costs no requests. With
 * several base URLs a request that cannot connect or gets a 5xx moves on to the next URL; when all
 * fail, the round is retried with exponential backoff up to {@link Options#maxRetries()} times.
 * A 4xx answer is final and surfaces at once as a {@link SchemaRegistryException}. Answers are read up to
 * {@link #MAX_ANSWER_BYTES}, the caches hold {@link #MAX_CACHED} entries each (ids come from producers), a
 * malformed URL is reported without its user info, and basic auth over {@code http://} is warned about.
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

    /** Largest registry answer read; a schema is a few KiB. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    /** Entries each cache keeps at most (least recently used ones are forgotten). */
    static final int MAX_CACHED = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
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

    /** One base URL and the Authorization header it gets (null for none). */
    private record Endpoint(String baseUrl, String authorization) {
    }

    /** A successful answer and the URL that gave it. */
    private record Answer(String url, JsonNode json) {
    }

    private record SubjectSchema(String subject, String schemaJson) {
    }

    /** A registry's answer: its status and its (bounded) body. */
    private record Reply(int statusCode, String body) {
    }

    private record CachedLatest(RegisteredSchema schema, long fetchedAtNanos) {
    }

    private final List<Endpoint> endpoints;
    private final Options options;
    private final HttpClient http;
    private final Map<SubjectSchema, Integer> idCache = BoundedCache.of(MAX_CACHED);
    private final Map<Integer, Schema> schemaCache = BoundedCache.of(MAX_CACHED);
    private final Map<String, CachedLatest> latestCache = BoundedCache.of(MAX_CACHED);
    // the URL that answered last is tried first, so a dead one costs only one failed connect
    private volatile int preferredEndpoint;

    /**
     * @param baseUrls the registry's base URLs (e.g. {@code http://host:8081} or Apicurio's
     *                 {@code http://host:8080/apis/ccompat/v7}); user info in a URL becomes its basic auth
     *                 unless {@code options} gives one for all
     */
    public HttpSchemaRegistryClient(List<URI> baseUrls, Options options) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is needed");
        }
        this.options = options;
        this.endpoints = baseUrls.stream().map(url -> endpoint(url, options.basicAuthUserInfo())).toList();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.authorization() != null && endpoint.baseUrl().startsWith("http://")) {
                LOG.warn("Basic auth credentials go to the schema registry at {} over plain http://: anyone on the"
                        + " path can read them; use https://", endpoint.baseUrl());
            }
        }
        this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
    }

    /** Builds a client from Confluent's config keys (see the class comment). */
    public static HttpSchemaRegistryClient fromConfig(Map<String, ?> config) {
        ConfigValues values = new ConfigValues(config);
        List<URI> urls = new ArrayList<>();
        for (String url : values.list(SchemaRegistries.URL_CONFIG)) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException(SchemaRegistries.URL_CONFIG, withoutUserInfo(url),
                        "expected http:// or https://");
            }
            try {
                urls.add(new URI(url));
            } catch (URISyntaxException e) {
                // the exception's text holds the whole URL, credentials included
                throw new ConfigException(SchemaRegistries.URL_CONFIG, withoutUserInfo(url),
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

    /** The URL with anything between {@code //} and {@code @} (user info) masked. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("//[^/?#]*@", "//***@");
    }

    private static Duration millis(ConfigValues values, String key, Duration defaultValue) {
        return Duration.ofMillis(values.number(key, defaultValue.toMillis()));
    }

    private static Endpoint endpoint(URI url, String sharedUserInfo) {
        String userInfo = sharedUserInfo != null ? sharedUserInfo : url.getRawUserInfo();
        try {
            // the credentials travel in the header only, never in the request line or an error message
            URI bare = new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
            String base = bare.toString().replaceAll("/+$", "");
            String authorization = userInfo == null ? null : "Basic " + Base64.getEncoder()
                    .encodeToString(decodePercent(userInfo).getBytes(StandardCharsets.UTF_8));
            return new Endpoint(base, authorization);
        } catch (URISyntaxException e) {
            throw new ConfigException(SchemaRegistries.URL_CONFIG, url.getHost(), e.getMessage());
        }
    }

    private static String decodePercent(String userInfo) {
        return URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public int register(String subject, Schema schema) {
        return cached(idCache, new SubjectSchema(subject, schema.toString()), () -> {
            int id = send("POST", subjectPath(subject) + "/versions", schemaBody(schema)).json().path("id").asInt();
            schemaCache.putIfAbsent(id, schema);
            latestCache.remove(subject);
            return id;
        });
    }

    @Override
    public int getId(String subject, Schema schema) {
        return cached(idCache, new SubjectSchema(subject, schema.toString()), () -> {
            int id = send("POST", subjectPath(subject), schemaBody(schema)).json().path("id").asInt();
            schemaCache.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema getById(int id) {
        return cached(schemaCache, id, () -> parseSchema(send("GET", "/schemas/ids/" + id, null)));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        CachedLatest cached = latestCache.get(subject);
        if (cached != null && isFresh(cached)) {
            return cached.schema();
        }
        Answer answer = send("GET", subjectPath(subject) + "/versions/latest", null);
        int id = answer.json().path("id").asInt();
        Schema schema = cached(schemaCache, id, () -> parseSchema(answer));
        RegisteredSchema latest = new RegisteredSchema(id, answer.json().path("version").asInt(), schema);
        latestCache.put(subject, new CachedLatest(latest, System.nanoTime()));
        return latest;
    }

    // not computeIfAbsent: that would hold a map lock through network calls and retry waits
    private static <K, V> V cached(Map<K, V> cache, K key, Supplier<V> loader) {
        V value = cache.get(key);
        if (value == null) {
            value = loader.get();
            V raced = cache.putIfAbsent(key, value);
            value = raced != null ? raced : value;
        }
        return value;
    }

    private boolean isFresh(CachedLatest cached) {
        Duration ttl = options.latestCacheTtl();
        return ttl.isNegative() || System.nanoTime() - cached.fetchedAtNanos() < ttl.toNanos();
    }

    private static Schema parseSchema(Answer answer) {
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

    /** Sends one request with failover and retries; returns the parsed JSON answer. */
    private Answer send(String method, String path, String body) {
        SchemaRegistryException failure = null;
        for (int attempt = 0; ; attempt++) {
            int first = preferredEndpoint;
            for (int i = 0; i < endpoints.size(); i++) {
                int index = (first + i) % endpoints.size();
                try {
                    Endpoint endpoint = endpoints.get(index);
                    JsonNode answer = sendOnce(endpoint, method, path, body);
                    preferredEndpoint = index;
                    return new Answer(endpoint.baseUrl() + path, answer);
                } catch (RetriableFailure retriable) {
                    if (failure != null) {
                        retriable.failure.addSuppressed(failure);
                    }
                    failure = retriable.failure;
                }
            }
            if (attempt >= options.maxRetries()) {
                throw failure;
            }
            sleep(backoff(attempt), failure);
        }
    }

    private JsonNode sendOnce(Endpoint endpoint, String method, String path, String body) throws RetriableFailure {
        String url = endpoint.baseUrl() + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(options.readTimeout())
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        Reply response;
        try {
            response = bounded(url, http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new RetriableFailure(new SchemaRegistryException(url, e.toString(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(url, "interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new RetriableFailure(error(url, response));
        }
        if (status >= 300) {
            throw error(url, response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(url, status, -1, "answer is not JSON: " + abbreviate(response.body()));
        }
    }

    /** The answer's body as text, read up to {@link #MAX_ANSWER_BYTES}: a larger one is a final error. */
    private static Reply bounded(String url, HttpResponse<InputStream> response) throws IOException {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        }
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new SchemaRegistryException(url, response.statusCode(), -1, "answer larger than "
                    + MAX_ANSWER_BYTES + " bytes");
        }
        return new Reply(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
    }

    private static SchemaRegistryException error(String url, Reply response) {
        int errorCode = -1;
        String message = abbreviate(response.body());
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (answer != null && answer.has("message")) {
                errorCode = answer.path("error_code").asInt(-1);
                message = answer.path("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        return new SchemaRegistryException(url, response.statusCode(), errorCode, message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private Duration backoff(int attempt) {
        long wait = options.retryWait().toMillis() << Math.min(attempt, 30);
        return Duration.ofMillis(Math.min(wait, options.maxRetryWait().toMillis()));
    }

    private static void sleep(Duration wait, SchemaRegistryException failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /** A failure that another URL or a later retry may not have: connection error or 5xx. */
    private static final class RetriableFailure extends Exception {
        final SchemaRegistryException failure;

        RetriableFailure(SchemaRegistryException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + endpoints.stream().map(Endpoint::baseUrl).toList();
    }
}
