package dev.hatch.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Writes Hatch properties files for the child programs; tokens appear only as hashes. */
final class TestConfig {
    /** Plain tokens the tests send; the files hold their SHA-256. */
    static final String MONITOR = "agent-it-monitor-token-5f3a9c";
    static final String DUMP = "agent-it-dump-token-81be07";

    private TestConfig() {
    }

    /** A file with a {@code monitor} token (monitor) and a {@code dumper} token (monitor, dump). */
    static Path write(Path dir, String name, String... extraLines) {
        StringBuilder text = new StringBuilder()
                .append("hatch.token.oncall=sha256:").append(sha256(MONITOR)).append('\n')
                .append("hatch.token.oncall.scopes=monitor\n")
                .append("hatch.token.dumper=sha256:").append(sha256(DUMP)).append('\n')
                .append("hatch.token.dumper.scopes=monitor,dump\n")
                .append("hatch.dump.dir=").append(dir.resolve(name + "-dumps")).append('\n')
                .append("hatch.audit.file=").append(dir.resolve(name + "-audit.jsonl")).append('\n')
                // The tests send many wrong and missing tokens from 127.0.0.1: keep the lockout and
                // the anonymous rate out of reach (hatch-core's AdmissionTest covers them).
                .append("hatch.limits.lockout-failures=1000000\n")
                .append("hatch.limits.anonymous-rate=100000\n")
                .append("hatch.limits.anonymous-burst=100000\n");
        for (String line : List.of(extraLines)) {
            text.append(line).append('\n');
        }
        Path file = dir.resolve(name + ".properties");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path dumpDir(Path dir, String name) {
        return dir.resolve(name + "-dumps");
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
