package io.bertstream.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Tells the failures no retry can mend (wrong credentials, a certificate not trusted, a missing ACL) and says
 * what to check, in one line that holds no secret: Kafka's own messages name the mechanism, never the password.
 */
public final class KafkaFailures {

    private KafkaFailures() {
    }

    /** Whether {@code failure} (or a cause) is a refused authentication or authorization. */
    public static boolean isSecurityFailure(Throwable failure) {
        return securityCause(failure) != null;
    }

    /** A one-line explanation of {@code failure} for {@code action} ("cannot create topics"). */
    public static String describe(String action, Throwable failure) {
        Throwable security = securityCause(failure);
        if (security instanceof SslAuthenticationException) {
            return action + ": the TLS handshake with Kafka failed (" + security.getMessage()
                    + "); check security.protocol and the ssl.* settings";
        }
        if (security instanceof AuthenticationException) {
            return action + ": Kafka refused the credentials (" + security.getMessage()
                    + "); check security.protocol and the sasl.* settings";
        }
        if (security instanceof AuthorizationException) {
            return action + ": Kafka denied access (" + security.getMessage() + "); check the ACLs of this principal";
        }
        Throwable root = failure.getCause() != null ? failure.getCause() : failure;
        return action + ": " + root.getMessage();
    }

    private static Throwable securityCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return t;
            }
        }
        return null;
    }
}
