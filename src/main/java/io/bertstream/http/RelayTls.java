package io.bertstream.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The SSL context relays check other instances with: the configured truststore, else the server's own keystore
 * (instances of one StatefulSet usually share one certificate, or certificates of one CA in that keystore).
 */
final class RelayTls {

    private RelayTls() {
    }

    static SSLContext context(HttpSettings.Tls tls) {
        boolean ownStore = tls.truststorePath() == null;
        String path = ownStore ? tls.keystorePath() : tls.truststorePath();
        String password = ownStore ? tls.keystorePassword() : tls.truststorePassword();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(ownStore ? tls.keystoreType() : KeyStore.getDefaultType());
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // the message names the file, never the password
            throw new IllegalStateException("cannot load the truststore for relays from " + path + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
