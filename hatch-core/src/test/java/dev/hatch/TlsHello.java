package dev.hatch;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;

/**
 * A TLS 1.1 ClientHello written byte by byte over a plain socket: the JDK's own TLS client
 * refuses to send one ({@code jdk.tls.disabledAlgorithms}), so a test using it would prove the
 * client's setting, not the server's. Public for hatch-agent's shipped-jar tests (test-jar).
 */
public final class TlsHello {
    private TlsHello() {
    }

    /** What the server sent back to a TLS 1.1 ClientHello. */
    public enum Answer { ALERT, CLOSED, SERVER_HELLO, OTHER }

    /**
     * Writes a TLS 1.1 ClientHello by hand (the JDK's own client refuses to send one) offering
     * only CBC suites, the only kind TLS 1.1 has, and reads the first record of the answer.
     */
    public static Answer tls11(int port) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(0x02); // client_version TLS 1.1
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xC009, 0xC00A, 0xC013, 0xC014, 0x002F, 0x0035};
        body.write(0);
        body.write(suites.length * 2);
        for (int suite : suites) {
            body.write(suite >> 8);
            body.write(suite & 0xff);
        }
        body.write(1);
        body.write(0); // compression: null only
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00, // ec_point_formats: uncompressed
        };
        body.write(0);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 0x03, 0x02});
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength & 0xff);
        record.write(0x01); // ClientHello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length & 0xff);
        record.writeBytes(hello);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(record.toByteArray());
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[6];
            in.readFully(header);
            if (header[0] == 0x15) {
                return Answer.ALERT;
            }
            if (header[0] == 0x16 && header[5] == 0x02) {
                return Answer.SERVER_HELLO;
            }
            return Answer.OTHER;
        } catch (EOFException | SocketException e) {
            return Answer.CLOSED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
