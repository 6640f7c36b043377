package dev.hatch.internal.audit;

import dev.hatch.internal.http.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit log's hash chain, and its verifier. Each line is a JSON object ending with
 * {@code "prev":"<hash of the record before>","hash":"<hash of this line without its hash member>"};
 * the hash is HMAC-SHA256 under {@code hatch.audit.key} or, without a key, plain SHA-256 (which
 * only shows accidental damage: whoever can write the file can recompute it). Every file of a
 * rotation set starts with a {@code file-start} record carrying the file's number in the set
 * ({@code file}, 1 for the first) and the number of records in the files before it
 * ({@code before}); its {@code prev} is the last hash of the previous file, {@link #GENESIS} for
 * file 1. Run as a program to verify a whole set (docs/security-model.md, "Audit log integrity"):
 * <pre>
 * java -jar hatch-core.jar [--key env:VAR|file:PATH]
 *     [--expect-records N] [--expect-hash H] FILE_OR_DIR...
 * </pre>
 * Exit status 0 when every chain holds, 1 when one is broken, 2 on a usage error. This class uses
 * only the JDK and {@link Json}, so that a command-line tool can carry it alone.
 */
public final class AuditChain {
    /** The {@code prev} of the very first record. */
    public static final String GENESIS = "0".repeat(64);
    /** The {@code type} of the record that starts every file. */
    public static final String FILE_START = "file-start";
    /** The {@code type} of the record that counts records that could not be written. */
    public static final String LOST = "lost";
    /** The {@code type} of the record written before a privileged request runs. */
    public static final String INTENT = "intent";
    /** The {@code chain} of a file-start record: plain SHA-256. */
    public static final String SHA256 = "sha256";
    /** The {@code chain} of a file-start record: HMAC-SHA256 under {@code hatch.audit.key}. */
    public static final String HMAC_SHA256 = "hmac-sha256";
    /** Keys shorter than this are refused. */
    public static final int MIN_KEY_BYTES = 16;

    private static final Pattern TAIL = Pattern.compile("^(\\{.*\"prev\":\"([0-9a-f]{64})\"),\"hash\":\"([0-9a-f]{64})\"\\}$");
    private static final Pattern ROTATED = Pattern.compile("\\.(\\d{1,6})$");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{8,64}");
    private static final int MAX_PROBLEMS = 100;
    private static final int MAX_KEY_FILE = 4096;

    private AuditChain() {
    }

    /**
     * Computes record hashes: HMAC-SHA256 under a key, or plain SHA-256 without one. Not
     * thread-safe: one per writer or verifier.
     */
    static final class Hasher {
        private final Mac mac;
        private final MessageDigest digest;

        Hasher(byte[] key) {
            try {
                if (key == null) {
                    mac = null;
                    digest = MessageDigest.getInstance("SHA-256");
                } else {
                    if (key.length < MIN_KEY_BYTES) {
                        throw new IllegalArgumentException("the audit key is shorter than " + MIN_KEY_BYTES + " bytes");
                    }
                    mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    digest = null;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 / HmacSHA256 unavailable", e);
            }
        }

        boolean keyed() {
            return mac != null;
        }

        /** The {@code chain} value of the file-start record. */
        String chain() {
            return keyed() ? HMAC_SHA256 : SHA256;
        }

        /** The hash of a record's body: the line up to and without its {@code hash} member, closed with a brace. */
        String hash(String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(mac != null ? mac.doFinal(bytes) : digest.digest(bytes));
        }
    }

    /** A line with its hash appended: {@code body} must end with {@code "prev":"…"}}. */
    static String seal(String body, Hasher hasher) {
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hasher.hash(body) + "\"}";
    }

    // ------------------------------------------------------------------ reading a file

    /** One line of a file, with whether it was ended by a newline. */
    private record Line(String text, boolean terminated) {
    }

    /** Reads lines as UTF-8 while remembering whether the last one was terminated. */
    private static final class LineReader implements AutoCloseable {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        private boolean eof;

        LineReader(Path file) throws IOException {
            in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16);
        }

        Line next() throws IOException {
            if (eof) {
                return null;
            }
            buf.reset();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    return new Line(buf.toString(StandardCharsets.UTF_8), true);
                }
                buf.write(b);
            }
            eof = true;
            return buf.size() == 0 ? null : new Line(buf.toString(StandardCharsets.UTF_8), false);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * What the writer needs to know about an existing file to continue its chain.
     *
     * @param fileNumber the file's number in its set (0 when it has no file-start record)
     * @param before records in the files before it
     * @param records complete records in the file
     * @param lastHash the hash of the last complete record, or {@code null} when there is none
     * @param clean whether more records may be appended: the file ends with a newline after a
     *     complete record and starts with a file-start record
     */
    record FileState(long fileNumber, long before, long records, String lastHash, boolean clean) {
    }

    /** Reads a file's state (the writer's view: hashes are not checked). */
    static FileState scan(Path file) throws IOException {
        long number = 0;
        long before = 0;
        long records = 0;
        String last = null;
        boolean clean = true;
        try (LineReader r = new LineReader(file)) {
            Line line;
            boolean first = true;
            while ((line = r.next()) != null) {
                Matcher m = TAIL.matcher(line.text());
                if (!m.matches()) {
                    clean = false;
                    continue;
                }
                if (first) {
                    Map<String, Object> start = fileStart(line.text());
                    if (start == null) {
                        clean = false;
                    } else {
                        number = number(start.get("file"));
                        before = number(start.get("before"));
                    }
                }
                first = false;
                records++;
                last = m.group(3);
                if (!line.terminated()) {
                    clean = false;
                }
            }
        }
        return new FileState(number, before, records, last, clean && number > 0);
    }

    private static Map<String, Object> fileStart(String line) {
        try {
            Map<String, Object> o = Json.parseObject(line);
            return FILE_START.equals(o.get("type")) ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    // ------------------------------------------------------------------ rotation sets

    /** The rotated files of the set whose current file is {@code current}, by suffix number: {@code current.1}, {@code .2}, … */
    static TreeMap<Integer, Path> rotated(Path current) throws IOException {
        TreeMap<Integer, Path> out = new TreeMap<>();
        Path dir = current.toAbsolutePath().getParent();
        String prefix = current.getFileName().toString() + ".";
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d{1,6}")) {
                    out.put(Integer.parseInt(name.substring(prefix.length())), p);
                }
            });
        }
        return out;
    }

    /** The current files of the sets in a directory: {@code *.jsonl}, or {@code *.jsonl.N} whose current file is gone. */
    static List<Path> currentFiles(Path dir) throws IOException {
        TreeMap<String, Path> sets = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                String name = ROTATED.matcher(p.getFileName().toString()).replaceFirst("");
                if (name.endsWith(".jsonl")) {
                    sets.put(name, dir.resolve(name));
                }
            });
        }
        return new ArrayList<>(sets.values());
    }

    // ------------------------------------------------------------------ verification

    /**
     * A problem the verifier found.
     *
     * @param file the file
     * @param line the 1-based line, or 0 for the file (or set) as a whole
     * @param message what is wrong, in one line
     */
    public record Problem(Path file, long line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    /**
     * The outcome of verifying a rotation set.
     *
     * @param current the set's current file
     * @param files the files verified, oldest first
     * @param records records in the chain since its first file-start ({@code before} of the oldest
     *     file plus the records verified): the number a published anchor is compared with
     * @param head the hash of the last record, or {@code null} when there is none
     * @param keyed whether the records were checked with a key (HMAC-SHA256)
     * @param problems what is wrong, in order; empty when the chain holds
     * @param notes what the verification could not check (files rotated away, an unkeyed chain)
     */
    public record Report(Path current, List<Path> files, long records, String head, boolean keyed,
                         List<Problem> problems, List<String> notes) {
        /** Whether the chain holds. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * What the verifier is told besides the files.
     *
     * @param key the HMAC key, or {@code null} for an unkeyed chain
     * @param expectRecords a published record count (the chain must still hold at least this
     *     many records), or {@code null}
     * @param expectHash a published hash or hash prefix (8 to 64 hex digits) of the record at
     *     {@code expectRecords}, or of any record when no count is given; {@code null} for none
     */
    public record Options(byte[] key, Long expectRecords, String expectHash) {
        /** Verification without a key or anchor. */
        public static Options plain() {
            return new Options(null, null, null);
        }
    }

    /** Thrown for a chain that cannot be verified as asked, e.g. a keyed chain without its key. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Verifies the rotation set of a current file ({@code audit.jsonl} with {@code audit.jsonl.1}
     * … {@code .N}, oldest first) as one chain: every hash, every {@code prev}, every file's
     * file-start record and number, the genesis of file 1, and the published anchor if given. A
     * rotated file's name ({@code audit.jsonl.2}) stands for its set.
     */
    public static Report verifySet(Path fileOrCurrent, Options options) throws IOException, UsageException {
        Path current = fileOrCurrent;
        Matcher suffix = ROTATED.matcher(current.getFileName().toString());
        if (suffix.find() && current.getFileName().toString().matches(".*\\.jsonl\\.\\d{1,6}")) {
            current = current.resolveSibling(suffix.replaceFirst(""));
        }
        TreeMap<Integer, Path> rotated = rotated(current);
        List<Path> files = new ArrayList<>(rotated.descendingMap().values());
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int expectedIndex = 1;
        for (int n : rotated.keySet()) {
            if (n != expectedIndex) {
                problems.add(new Problem(Path.of(current + "." + expectedIndex), 0,
                        "missing: the set has " + current.getFileName() + "." + n + " but no ." + expectedIndex));
                expectedIndex = n;
            }
            expectedIndex++;
        }
        if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
            files.add(current);
        }
        if (files.isEmpty()) {
            problems.add(new Problem(current, 0, "no audit files: neither the file nor rotated ones (.1, .2, …) exist"));
            return new Report(current, files, 0, null, options.key() != null, problems, notes);
        }
        Verifier v = new Verifier(options, problems, notes);
        for (Path f : files) {
            v.file(f);
        }
        v.finish();
        return new Report(current, files, v.total(), v.head, options.key() != null, problems, notes);
    }

    /** Walks a chain file by file. */
    private static final class Verifier {
        private final Options options;
        private final Hasher hasher;
        private final List<Problem> problems;
        private final List<String> notes;
        private String expectedPrev;
        private long base = -1;
        private long counted;
        private long lastFileNumber;
        private String head;
        private String anchorHashAt;
        private boolean anchorHashSeen;
        private Path lastFile;

        Verifier(Options options, List<Problem> problems, List<String> notes) {
            this.options = options;
            this.hasher = new Hasher(options.key());
            this.problems = problems;
            this.notes = notes;
        }

        long total() {
            return Math.max(base, 0) + counted;
        }

        private void problem(Path file, long line, String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(file, line, message));
            } else if (problems.size() == MAX_PROBLEMS) {
                problems.add(new Problem(file, line, "more problems follow; fix or explain the ones above first"));
            }
        }

        void file(Path file) throws IOException, UsageException {
            lastFile = file;
            long lineNo = 0;
            long inFile = 0;
            try (LineReader r = new LineReader(file)) {
                Line line;
                while ((line = r.next()) != null) {
                    lineNo++;
                    if (line.text().isBlank()) {
                        problem(file, lineNo, "an empty line: Hatch writes none");
                        continue;
                    }
                    Matcher m = TAIL.matcher(line.text());
                    if (!m.matches()) {
                        problem(file, lineNo, line.terminated()
                                ? "not an audit record (no prev/hash members at its end)"
                                : "torn final record: the last line is incomplete, as a crash or a full disk leaves it"
                                + " (not counted; a cut made on purpose looks the same: compare with the published anchor)");
                        continue;
                    }
                    Map<String, Object> start = inFile == 0 ? fileStart(line.text()) : null;
                    if (inFile == 0) {
                        startOfFile(file, lineNo, start);
                    } else if (line.text().contains("\"type\":\"" + FILE_START + "\"") && fileStart(line.text()) != null) {
                        problem(file, lineNo, "a file-start record inside a file: files were joined or records inserted");
                    }
                    if (!hasher.hash(m.group(1) + "}").equals(m.group(3))) {
                        problem(file, lineNo, options.key() != null
                                ? "the record was changed, or the key is not the one it was written with: its HMAC does not match its content"
                                : "the record was changed: its hash does not match its content");
                    }
                    if (expectedPrev != null && !expectedPrev.equals(m.group(2))) {
                        problem(file, lineNo, "a record before this one is missing or was reordered: prev does not match");
                    }
                    expectedPrev = m.group(3);
                    head = m.group(3);
                    inFile++;
                    counted++;
                    if (options.expectRecords() != null && total() == options.expectRecords()) {
                        anchorHashAt = head;
                    }
                    if (options.expectHash() != null && head.startsWith(options.expectHash())) {
                        anchorHashSeen = true;
                    }
                }
            }
            if (inFile == 0 && lineNo == 0) {
                problem(file, 0, "empty audit file: it has no file-start record (Hatch removes a file that never got a record)");
            }
        }

        private void startOfFile(Path file, long lineNo, Map<String, Object> start) throws UsageException {
            if (start == null) {
                problem(file, lineNo, "the first record is not a file-start record: the beginning of the file was removed");
                if (base < 0) {
                    base = 0;
                    notes.add(file + ": the records before the first one are unknown; its prev is taken as given");
                }
                return;
            }
            String chain = String.valueOf(start.get("chain"));
            if (HMAC_SHA256.equals(chain) && options.key() == null) {
                throw new UsageException(file + ": the chain is keyed (hmac-sha256); give its key with --key env:VAR or --key file:PATH");
            }
            if (SHA256.equals(chain) && options.key() != null) {
                problem(file, lineNo, "the file says its chain is unkeyed (sha256) but a key was given: its records are not"
                        + " authenticated, so anyone who could write the file could have rewritten them");
            } else if (!SHA256.equals(chain) && !HMAC_SHA256.equals(chain)) {
                problem(file, lineNo, "unknown chain '" + chain + "' in the file-start record");
            }
            long number = number(start.get("file"));
            long before = number(start.get("before"));
            String prev = prevOf(start);
            if (number < 1 || before < 0) {
                problem(file, lineNo, "the file-start record has no valid file number or record count");
                if (base < 0) {
                    base = 0;
                }
                return;
            }
            if (base < 0) {
                base = before;
                if (number == 1) {
                    if (before != 0 || !GENESIS.equals(prev)) {
                        problem(file, lineNo, "file 1 must start the chain: before 0 and prev " + GENESIS.substring(0, 8) + "…");
                    }
                } else {
                    notes.add("files 1 to " + (number - 1) + " (records 1 to " + before + ") were rotated away (hatch.audit.files)"
                            + " or removed; the chain is verified from record " + (before + 1) + ", whose prev is taken as given");
                }
            } else {
                if (number != lastFileNumber + 1) {
                    problem(file, lineNo, "this is file " + number + " but the file before it is file " + lastFileNumber
                            + ": files are missing or out of order");
                }
                if (before != total()) {
                    problem(file, lineNo, "the file-start record says " + before + " records came before this file; the files"
                            + " before it hold " + total() + (before > total() ? ": records were removed from the end of " + lastFile
                            : ""));
                }
            }
            lastFileNumber = number;
        }

        private static String prevOf(Map<String, Object> start) {
            Object p = start.get("prev");
            return p == null ? "" : p.toString();
        }

        void finish() {
            if (!hasher.keyed() && counted > 0) {
                notes.add("unkeyed chain (SHA-256): it shows accidental damage only; whoever can write the file can rewrite"
                        + " it and recompute every hash. Set hatch.audit.key to make it evidence of tampering.");
            }
            Long n = options.expectRecords();
            String h = options.expectHash();
            if (n != null && total() < n) {
                problem(lastFile, 0, "the chain holds " + total() + " records but the published anchor says " + n
                        + ": " + (n - total()) + " records were cut from the end");
            } else if (n != null && h != null && (anchorHashAt == null || !anchorHashAt.startsWith(h))) {
                problem(lastFile, 0, "record " + n + " has hash " + (anchorHashAt == null ? "(none)" : anchorHashAt.substring(0, 16) + "…")
                        + ", not the published " + h + ": the chain was rewritten from there or before");
            } else if (n == null && h != null && !anchorHashSeen) {
                problem(lastFile, 0, "no record has the published hash " + h + ": the record was removed or changed");
            }
        }
    }

    /**
     * Checks one file on its own: each hash against its line and each {@code prev} against the
     * record before; the first record must be a file-start record, whose {@code prev} is taken
     * as given. Unkeyed. Use {@link #verifySet} to check a whole rotation set, keyed and
     * anchored.
     */
    public static Result verify(Path file) throws IOException {
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Verifier v = new Verifier(Options.plain(), problems, notes);
        try {
            v.file(file);
        } catch (UsageException e) {
            return new Result(0, 1, e.getMessage());
        }
        if (problems.isEmpty()) {
            return new Result((int) v.counted, 0, "");
        }
        Problem p = problems.get(0);
        return new Result((int) v.counted, (int) Math.max(1, p.line()), p.message());
    }

    /**
     * The outcome of verifying one file.
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

    // ------------------------------------------------------------------ command line

    /** Reads a key spec as {@code hatch.audit.key} does: {@code env:VAR} (as is) or {@code file:PATH} (whitespace stripped); its messages start with {@code option} (the command line option that gave it), if not null. */
    public static byte[] readKeyOption(String option, String spec) throws UsageException {
        try {
            return readKeySpec(spec);
        } catch (UsageException e) {
            throw option == null ? e : new UsageException(option + ": " + e.getMessage());
        }
    }

    private static byte[] readKeySpec(String spec) throws UsageException {
        String s = spec.trim();
        String value;
        if (s.startsWith("env:")) {
            value = System.getenv(s.substring(4).trim());
            if (value == null) {
                throw new UsageException("the key's environment variable " + s.substring(4).trim() + " is not set");
            }
        } else if (s.startsWith("file:")) {
            Path f = Path.of(s.substring(5).trim());
            try {
                if (Files.size(f) > MAX_KEY_FILE) {
                    throw new UsageException("the key file " + f + " is too large to hold a key");
                }
                value = Files.readString(f, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UsageException("the key file " + f + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            throw new UsageException("the key must be given as env:VARIABLE or file:/path");
        }
        byte[] key = value.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_KEY_BYTES) {
            throw new UsageException("the key is shorter than " + MIN_KEY_BYTES + " bytes");
        }
        return key;
    }

    private static final String USAGE = "usage: java -jar hatch-core.jar [--key env:VAR|file:PATH]"
            + " [--expect-records N] [--expect-hash H] FILE_OR_DIR...";

    /** Verifies the sets named on the command line; see the class comment for the exit status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without the exit: the exit status. */
    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        try {
            byte[] key = null;
            Long expectRecords = null;
            String expectHash = null;
            List<Path> targets = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--key" -> key = readKeyOption("--key", value(args, ++i, a));
                    case "--expect-records" -> {
                        String v = value(args, ++i, a);
                        try {
                            expectRecords = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new UsageException("--expect-records needs a whole number, was '" + v + "'");
                        }
                        if (expectRecords < 1) {
                            throw new UsageException("--expect-records must be at least 1");
                        }
                    }
                    case "--expect-hash" -> {
                        expectHash = value(args, ++i, a).toLowerCase(java.util.Locale.ROOT);
                        if (!HEX.matcher(expectHash).matches()) {
                            throw new UsageException("--expect-hash needs 8 to 64 hex digits");
                        }
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new UsageException("unknown option " + a);
                        }
                        targets.add(Path.of(a));
                    }
                }
            }
            if (targets.isEmpty()) {
                throw new UsageException("name an audit file or directory");
            }
            List<Path> sets = new ArrayList<>();
            for (Path t : targets) {
                if (Files.isDirectory(t)) {
                    List<Path> found = currentFiles(t);
                    if (found.isEmpty()) {
                        out.println(t + ": BROKEN: no audit files (*.jsonl, *.jsonl.N) in this directory");
                        return 1;
                    }
                    sets.addAll(found);
                } else if (!Files.exists(t) && rotated(t).isEmpty()) {
                    throw new UsageException(t + ": no such file");
                } else {
                    sets.add(t);
                }
            }
            if ((expectRecords != null || expectHash != null) && sets.size() != 1) {
                throw new UsageException("--expect-records and --expect-hash apply to one set; " + sets.size()
                        + " were found: name its current file");
            }
            Options options = new Options(key, expectRecords, expectHash);
            int status = 0;
            for (Path set : sets) {
                Report r = verifySet(set, options);
                for (Problem p : r.problems()) {
                    out.println(p);
                }
                for (String note : r.notes()) {
                    out.println(r.current() + ": note: " + note);
                }
                if (r.ok()) {
                    out.println(r.current() + ": OK, " + r.records() + " records in " + r.files().size() + " file(s), "
                            + (r.keyed() ? "HMAC-SHA256" : "SHA-256, unkeyed") + ", head " + (r.head() == null ? "-" : r.head()));
                } else {
                    out.println(r.current() + ": BROKEN, " + r.problems().size() + " problem(s)");
                    status = 1;
                }
            }
            return status;
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (NoSuchFileException e) {
            err.println(e.getFile() + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("cannot read the audit files: " + e);
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
