package io.bertstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP/1.1 over a plain socket, for what well-behaved clients never do: huge bodies, heads sent byte by byte. */
final class RawHttp {

    private RawHttp() {
    }

    /** What a hostile upload achieved: the status line the server sent (or null) and how much it accepted. */
    record Upload(String statusLine, long bytesWritten) {
        int status() {
            return statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /**
     * POSTs {@code bytes} of body to {@code path}, declared up front ({@code chunked} false) or chunked, writing
     * until the server closes the connection or everything is sent, then reads the status line.
     */
    static Upload upload(int port, String path, long bytes, boolean chunked) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bytes + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) 'x');
            long written = 0;
            try {
                while (written < bytes) {
                    int n = (int) Math.min(block.length, bytes - written);
                    if (chunked) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(block, 0, n);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    written += n;
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedByServer) {
                // expected: the server refused the body and closed the connection
            }
            return new Upload(statusLine(socket.getInputStream()), written);
        }
    }

    /** The status of a GET on a fresh connection that is closed after the answer, as the kubelet probes; -1 if none. */
    static int getOnce(int port, String path, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String line = statusLine(socket.getInputStream());
            return line == null ? -1 : Integer.parseInt(line.split(" ")[1]);
        }
    }

    /** A connection that has sent the start of a request head and sends one more header byte per {@link #drip}. */
    static Socket startSlowHead(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** One more byte of the endless header; false once the server has closed the connection. */
    static boolean drip(Socket socket) {
        try {
            socket.getOutputStream().write('a');
            socket.getOutputStream().flush();
            socket.setSoTimeout(1);
            try {
                return socket.getInputStream().read() != -1;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String statusLine(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
        } catch (IOException e) {
            return line.length() == 0 ? null : line.toString().strip();
        }
        return line.length() == 0 ? null : line.toString().strip();
    }
}
