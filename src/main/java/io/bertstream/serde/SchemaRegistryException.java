package io.bertstream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry answered an error or could not be reached. Carries what is needed to act on
 * it: the request URL, the HTTP status ({@link #UNREACHABLE} when no answer came) and the
 * registry's own error code and message.
 */
public class SchemaRegistryException extends SerializationException {

    /** {@link #status()} when the registry could not be reached at all. */
    public static final int UNREACHABLE = -1;

    /** Confluent's error code for an unknown subject. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent's error code for an unknown schema (id, or schema not under a subject). */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final String url;
    private final int status;
    private final int errorCode;
    private final String registryMessage;

    /** An error answered by the registry (or, in-memory, that a registry would answer). */
    public SchemaRegistryException(String url, int status, int errorCode, String registryMessage) {
        super(describe(url, status, errorCode, registryMessage));
        this.url = url;
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** The registry could not be reached. */
    public SchemaRegistryException(String url, String detail, Throwable cause) {
        super("Schema registry unreachable at " + url + ": " + detail, cause);
        this.url = url;
        this.status = UNREACHABLE;
        this.errorCode = UNREACHABLE;
        this.registryMessage = detail;
    }

    private static String describe(String url, int status, int errorCode, String message) {
        return "Schema registry " + url + " answered HTTP " + status
                + (errorCode > 0 ? " (error code " + errorCode + ")" : "") + ": " + message;
    }

    /**
     * Whether a later attempt may succeed: the registry was unreachable, or answered 5xx, 408 (timeout) or 429
     * (too many requests). Anything else (404 unknown id, 409 incompatible, 422 invalid) is final.
     */
    public boolean isTransient() {
        return status == UNREACHABLE || status >= 500 || status == 408 || status == 429;
    }

    /** The URL of the failed request, or {@code mock://NAME/...} for the in-memory registry. */
    public String url() {
        return url;
    }

    /** The HTTP status, or {@link #UNREACHABLE}. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. {@link #SCHEMA_NOT_FOUND}), or -1 if none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own error message (or the connection failure). */
    public String registryMessage() {
        return registryMessage;
    }
}
