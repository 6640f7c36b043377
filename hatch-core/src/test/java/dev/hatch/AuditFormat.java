package dev.hatch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent reading of the audit format as docs/security-model.md ("Audit log integrity")
 * describes it, written from the documentation and not calling {@code AuditChain}: each line's
 * {@code hash} is SHA-256 (or HMAC-SHA256 under the key) of the line without its
 * {@code ,"hash":"…"} member; each {@code prev} is the hash of the record before; each file
 * starts with a {@code file-start} record whose {@code file} counts up from the oldest file,
 * file 1 starting from 64 zeros.
 */
public final class AuditFormat {
    private static final Pattern FILE_NUMBER = Pattern.compile("^\\{\"time\":\"[^\"]+\",\"type\":\"file-start\",\"chain\":\"[a-z0-9-]+\",\"file\":(\\d+),");

    private AuditFormat() {
    }

    /** The problems in a chain of files, oldest first; empty when it holds. */
    public static List<String> problems(List<Path> filesOldestFirst, byte[] key) throws Exception {
        List<String> problems = new ArrayList<>();
        String expectedPrev = null;
        long expectedFile = -1;
        for (Path file : filesOldestFirst) {
            byte[] content = Files.readAllBytes(file);
            if (content.length == 0 || content[content.length - 1] != '\n') {
                problems.add(file + ": empty or not ended by a newline");
            }
            List<String> lines = List.of(new String(content, StandardCharsets.UTF_8).split("\n"));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int at = line.lastIndexOf(",\"hash\":\"");
                if (at < 0 || !line.endsWith("\"}") || line.length() != at + 9 + 64 + 2) {
                    problems.add(file + ":" + (i + 1) + ": no hash at the end");
                    continue;
                }
                String body = line.substring(0, at) + "}";
                String hash = line.substring(at + 9, at + 9 + 64);
                String prev = body.substring(body.length() - 66, body.length() - 2);
                if (!body.endsWith("\"prev\":\"" + prev + "\"}")) {
                    problems.add(file + ":" + (i + 1) + ": prev is not the last member before hash");
                }
                if (!hash.equals(hash(body, key))) {
                    problems.add(file + ":" + (i + 1) + ": hash does not match");
                }
                if (i == 0) {
                    Matcher m = FILE_NUMBER.matcher(line);
                    if (!m.find()) {
                        problems.add(file + ":1: not a file-start record");
                    } else {
                        long n = Long.parseLong(m.group(1));
                        if (expectedFile < 0 && n == 1 && !prev.equals("0".repeat(64))) {
                            problems.add(file + ":1: file 1 does not start from 64 zeros");
                        }
                        if (expectedFile >= 0 && n != expectedFile) {
                            problems.add(file + ":1: file " + n + " where file " + expectedFile + " was expected");
                        }
                        expectedFile = n + 1;
                    }
                } else if (line.contains("\"type\":\"file-start\"")) {
                    problems.add(file + ":" + (i + 1) + ": a file-start record inside the file");
                }
                if (expectedPrev != null && !prev.equals(expectedPrev)) {
                    problems.add(file + ":" + (i + 1) + ": prev is not the hash of the record before");
                }
                expectedPrev = hash;
            }
        }
        return problems;
    }

    /** The problems in a single file. */
    public static List<String> problems(Path file, byte[] key) throws Exception {
        return problems(List.of(file), key);
    }

    static String hash(String body, byte[] key) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (key == null) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(bytes));
    }

    /**
     * Recomputes every hash and prev of the lines as someone who can write the file but does not
     * know the key would: with plain SHA-256, or with a key of their own.
     */
    public static List<String> rehash(List<String> lines, byte[] key) throws Exception {
        List<String> out = new ArrayList<>();
        String prev = null;
        for (String line : lines) {
            int at = line.lastIndexOf(",\"hash\":\"");
            String body = line.substring(0, at) + "}";
            if (prev != null) {
                body = body.substring(0, body.length() - 66) + prev + "\"}";
            }
            String hash = hash(body, key);
            out.add(body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}");
            prev = hash;
        }
        return out;
    }
}
