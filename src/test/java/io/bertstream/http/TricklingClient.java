package io.bertstream.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A slow client on a non-blocking socket: a keep-alive connection that sends a whole {@code GET /health}, reads the
 * answer, then trickles a second request head; or a {@code POST /health} declaring a 64 KiB body it trickles.
 * Each {@link #drip} sends one more byte (once the first answer is in, for the keep-alive kind).
 */
final class TricklingClient {

    enum Kind { SECOND_HEAD, PROBE_BODY }

    private final SocketChannel channel;
    private final Kind kind;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean firstAnswered;
    private boolean secondStarted;

    private TricklingClient(SocketChannel channel, Kind kind) {
        this.channel = channel;
        this.kind = kind;
    }

    static TricklingClient open(int port, Kind kind) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.configureBlocking(false);
        TricklingClient client = new TricklingClient(channel, kind);
        client.write(kind == Kind.SECOND_HEAD ? "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                : "POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 65536\r\n\r\n");
        return client;
    }

    Kind kind() {
        return kind;
    }

    /** Whether the keep-alive kind got its first answer (and so trickles its second head). */
    boolean firstAnswered() {
        return firstAnswered;
    }

    /** Reads what arrived and sends one more byte; false once the server has closed the connection. */
    boolean drip() {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            int n;
            while ((n = channel.read(buffer)) > 0) {
                received.write(buffer.array(), 0, n);
                buffer.clear();
            }
            if (n < 0) {
                close();
                return false;
            }
            if (kind == Kind.PROBE_BODY) {
                write("x");
            } else if (secondStarted) {
                write("a");
            } else if (answered()) {
                firstAnswered = true;
                secondStarted = true;
                write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
            }
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    /** A whole first answer: its head and as many body bytes as its Content-Length says. */
    private boolean answered() {
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        int length = 0;
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return text.length() >= headEnd + 4 + length;
    }

    private void write(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
