package io.herald.client;

import io.herald.gateway.JsonTree;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A node the test scripts, for what a real node does not do (yet, or on demand): a WebSocket server on 127.0.0.1
 * (RFC 6455, text frames only) that hands each command the client sends to the test ({@link #next}) and writes
 * what the test tells it ({@link #send}); {@link #hangUp} drops the connection without a close frame. One connection
 * at a time, each on a thread of its own.
 */
final class ScriptedNode implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
    private volatile Socket connection;

    ScriptedNode() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "scripted-node");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI websocketUri() {
        return TestNode.websocketUri(server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                handshake(socket);
                connection = socket;
                Thread reader = new Thread(() -> read(socket), "scripted-node-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                // closed, or a client that went during its handshake
            }
        }
    }

    private static void handshake(Socket socket) throws IOException {
        // A reader that may read ahead: nothing follows the request until the 101 is sent (the client waits for it).
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1));
        String key = null;
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads the client's frames (masked, unfragmented: what the JDK sends) and queues each text frame's JSON. */
    private void read(Socket socket) {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                in.readFully(mask);
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 1) {
                    received.add(JsonTree.parseObject(new String(payload, StandardCharsets.UTF_8)));
                } else if (opcode == 8) {
                    socket.close();
                    return;
                }
            }
        } catch (IOException e) {
            // the connection went
        }
    }

    /** The next command the client sent; fails where none comes within {@link Events#WAIT}. */
    Map<String, Object> next() throws InterruptedException {
        Map<String, Object> command = received.poll(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
        if (command == null) {
            throw new AssertionError("no command from the client within " + Events.WAIT);
        }
        return command;
    }

    /** The next command the client sent but acks (which the client sends after pushes, unasked). */
    Map<String, Object> nextCommand() throws InterruptedException {
        for (Map<String, Object> command = next(); ; command = next()) {
            if (!"ack".equals(command.get("cmd"))) {
                return command;
            }
        }
    }

    /** Writes {@code json} to the client as one text frame. */
    void send(String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(payload);
        OutputStream out = connection.getOutputStream();
        synchronized (this) {
            out.write(frame.toByteArray());
        }
    }

    /** Drops the connection without a close frame. */
    void hangUp() throws IOException {
        connection.setSoLinger(true, 0);
        connection.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket last = connection;
        if (last != null) {
            last.close();
        }
    }
}
