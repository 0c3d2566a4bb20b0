package io.bertstream.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.config.ConfigException;

/**
 * One base URL of a schema registry and the Authorization header it gets (null for none). The credentials are
 * taken out of the URL: they travel in the header only, never in a request line, a log line or an error message.
 */
record RegistryEndpoint(String baseUrl, String authorization) {

    /**
     * The endpoint of {@code url}; its basic auth is {@code sharedUserInfo} ({@code user:password}) when given,
     * else the user info of the URL, if any.
     */
    static RegistryEndpoint of(URI url, String sharedUserInfo) {
        String userInfo = sharedUserInfo != null ? sharedUserInfo : url.getRawUserInfo();
        try {
            URI bare = new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
            String base = bare.toString().replaceAll("/+$", "");
            String authorization = userInfo == null ? null : "Basic " + Base64.getEncoder()
                    .encodeToString(decodePercent(userInfo).getBytes(StandardCharsets.UTF_8));
            return new RegistryEndpoint(base, authorization);
        } catch (URISyntaxException e) {
            throw new ConfigException(SchemaRegistries.URL_CONFIG, url.getHost(), e.getMessage());
        }
    }

    /** The URL with anything between {@code //} and {@code @} (user info) masked. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("//[^/?#]*@", "//***@");
    }

    /** Whether this endpoint sends credentials over plain {@code http://}, readable by anyone on the path. */
    boolean sendsCredentialsInClear() {
        return authorization != null && baseUrl.startsWith("http://");
    }

    private static String decodePercent(String userInfo) {
        return URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
