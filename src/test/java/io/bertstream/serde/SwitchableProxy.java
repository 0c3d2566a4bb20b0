package io.bertstream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real server (the schema registry), to take the server "down" for clients and bring
 * it back on the same port without losing its state: {@link #down()} closes the listening socket and every open
 * connection (clients get connection refused), {@link #up()} listens again.
 */
public final class SwitchableProxy implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    public SwitchableProxy(int port, int targetPort) throws IOException {
        this.port = port;
        this.targetPort = targetPort;
        up();
    }

    public int port() {
        return port;
    }

    public synchronized void up() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = listening;
        Thread accepting = new Thread(() -> accept(listening), "proxy-accept-" + port);
        accepting.setDaemon(true);
        accepting.start();
    }

    public synchronized void down() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pipe(client, target);
                pipe(target, client);
            } catch (IOException e) {
                return; // closed by down()
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread copying = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // a side closed: close both
            }
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }, "proxy-pipe");
        copying.setDaemon(true);
        copying.start();
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
