package dev.hatch.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit log's hash chain. Each line ends with {@code "prev":"<hash of the line before>",
 * "hash":"<SHA-256 of this line without its hash member>"}. Run as a program to check a file:
 * {@code java -cp hatch-core.jar dev.hatch.audit.AuditChain audit.jsonl}.
 */
public final class AuditChain {
    /** The {@code prev} of the very first record. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern TAIL = Pattern.compile("^(\\{.*\"prev\":\"([0-9a-f]{64})\"),\"hash\":\"([0-9a-f]{64})\"\\}$");

    private AuditChain() {
    }

    static String hash(String body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash of the last record of a log file, or {@link #GENESIS} when there is none. */
    static String lastHash(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return GENESIS;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, 1 << 20);
            byte[] tail = new byte[n];
            raf.seek(len - n);
            raf.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            Matcher m = TAIL.matcher(last);
            return m.matches() ? m.group(3) : GENESIS;
        }
    }

    /**
     * The outcome of a verification.
     *
     * @param records how many records were checked
     * @param firstBadLine the 1-based line of the first broken or missing record, or 0 when all is well
     * @param reason why that line is bad
     */
    public record Result(int records, int firstBadLine, String reason) {
        /** Whether the whole chain holds. */
        public boolean ok() {
            return firstBadLine == 0;
        }
    }

    /**
     * Checks every line of a log file: each hash must match its line, and each {@code prev}
     * the hash of the line before. The first line of a rotated file links to the previous file,
     * so its {@code prev} is taken as given.
     */
    public static Result verify(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String expectedPrev = null;
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Matcher m = TAIL.matcher(line);
            if (!m.matches()) {
                return new Result(count, i + 1, "not an audit record (no prev/hash members)");
            }
            if (!hash(m.group(1) + "}").equals(m.group(3))) {
                return new Result(count, i + 1, "the record was changed: its hash does not match its content");
            }
            if (expectedPrev != null && !expectedPrev.equals(m.group(2))) {
                return new Result(count, i + 1, "a record before this one is missing or was reordered: prev does not match");
            }
            expectedPrev = m.group(3);
            count++;
        }
        return new Result(count, 0, "");
    }

    /** Verifies each file named on the command line; exit status 1 when any chain is broken. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java -cp hatch-core.jar dev.hatch.audit.AuditChain AUDIT_FILE...");
            System.exit(2);
        }
        int status = 0;
        for (String arg : args) {
            Result r = verify(Path.of(arg));
            if (r.ok()) {
                System.out.println(arg + ": OK, " + r.records() + " records");
            } else {
                System.out.println(arg + ": BROKEN at line " + r.firstBadLine() + ": " + r.reason());
                status = 1;
            }
        }
        System.exit(status);
    }
}
