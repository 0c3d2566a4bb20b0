package io.bertstream.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static io.bertstream.config.ConfigKeys.HTTP_AUTH_REQUIRED;
import static io.bertstream.config.ConfigKeys.HTTP_AUTH_TOKENS;
import static io.bertstream.config.ConfigKeys.HTTP_AUTH_TOKENS_FILE;
import static io.bertstream.config.ConfigKeys.HTTP_BIND_ADDRESS;

/**
 * Closed unless opened: a server bound to an address other hosts can reach must check bearer tokens, unless the
 * operator says {@code http.auth.required=false}. Checked before anything else starts, so a misconfigured
 * instance fails at once with one line instead of serving every article to anyone.
 */
public final class Exposure {

    private Exposure() {
    }

    /** @throws IllegalStateException when the server would be reachable from other hosts without a token */
    public static void check(HttpSettings settings, BearerAuth auth) {
        if (auth.required() || !settings.authRequired() || loopback(settings.bindAddress())) {
            return;
        }
        throw new IllegalStateException(HTTP_BIND_ADDRESS + "=" + settings.bindAddress()
                + " is reachable from other hosts and no bearer token is configured: set " + HTTP_AUTH_TOKENS
                + " or " + HTTP_AUTH_TOKENS_FILE + ", bind to 127.0.0.1, or set " + HTTP_AUTH_REQUIRED
                + "=false to serve without authentication");
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(HTTP_BIND_ADDRESS + "=" + address + " does not resolve", e);
        }
    }
}
