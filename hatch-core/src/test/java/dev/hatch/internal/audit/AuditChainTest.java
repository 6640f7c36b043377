package dev.hatch.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.AuditFormat;
import dev.hatch.TestEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain against someone who can write the file: keyed records, cut heads and tails, torn
 * lines, whole rotation sets, published anchors, and the verifier as the program it is run as.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditChainTest {
    private static final String KEY = "k3y-for-the-audit-chain-0123456789";

    @TempDir
    Path dir;

    /** Five info requests on a real endpoint: the file-start record and five records. */
    private List<String> fiveRequests(String keySpec) throws Exception {
        try (TestEndpoint e = TestEndpoint.start(b -> {
            if (keySpec != null) {
                b.auditKey(keySpec);
            }
        })) {
            for (int i = 0; i < 5; i++) {
                assertThat(e.get("/ops/info", TestEndpoint.MONITOR).statusCode()).isEqualTo(200);
            }
            List<String> lines = Files.readAllLines(e.hatch().auditFile());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lines.size() < 6 && System.nanoTime() < deadline) { // records trail their responses
                Thread.sleep(20);
                lines = Files.readAllLines(e.hatch().auditFile());
            }
            assertThat(lines).hasSize(6);
            return new ArrayList<>(lines);
        }
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    private static List<String> messages(AuditChain.Report r) {
        return r.problems().stream().map(AuditChain.Problem::message).toList();
    }

    @Test
    void aKeyedChainRewrittenWithoutTheKeyIsCaught() throws Exception {
        Path keyFile = dir.resolve("audit.key");
        Files.writeString(keyFile, KEY + "\n");
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        List<String> lines = fiveRequests("file:" + keyFile);
        assertThat(lines.get(0)).contains("\"chain\":\"hmac-sha256\"");
        Path good = write("good.jsonl", lines);
        assertThat(AuditChain.verifySet(good, new AuditChain.Options(key, null, null)).problems()).isEmpty();
        assertThat(AuditFormat.problems(good, key)).isEmpty();
        assertThat(AuditFormat.problems(good, null)).as("HMAC, not SHA-256").isNotEmpty();

        // Edit a line and recompute the whole chain as an attacker without the key would: with SHA-256 ...
        List<String> edited = new ArrayList<>(lines);
        edited.set(3, edited.get(3).replace("\"principal\":\"monitor\"", "\"principal\":\"nobody\""));
        Path sha = write("sha.jsonl", AuditFormat.rehash(edited, null));
        assertThat(messages(AuditChain.verifySet(sha, new AuditChain.Options(key, null, null))))
                .isNotEmpty().allMatch(m -> m.contains("HMAC does not match"));
        // ... or with a key of their own, also claiming an unkeyed chain.
        List<String> claimed = new ArrayList<>(edited);
        claimed.set(0, claimed.get(0).replace("hmac-sha256", "sha256"));
        Path other = write("other.jsonl", AuditFormat.rehash(claimed, "not-the-key-0123456789".getBytes(StandardCharsets.UTF_8)));
        List<String> problems = messages(AuditChain.verifySet(other, new AuditChain.Options(key, null, null)));
        assertThat(problems).anyMatch(m -> m.contains("unkeyed (sha256) but a key was given"))
                .anyMatch(m -> m.contains("HMAC does not match"));
        assertThat(AuditFormat.problems(other, key)).isNotEmpty();

        // Without the key the verifier refuses to pretend: exit 2, naming the option.
        Run noKey = verifier(good.toString());
        assertThat(noKey.status).isEqualTo(2);
        assertThat(noKey.err).contains("keyed (hmac-sha256)", "--key");
        Run withKey = verifier("--key", "file:" + keyFile, good.toString());
        assertThat(withKey.status).isEqualTo(0);
        assertThat(withKey.out).contains("OK, 6 records in 1 file(s), HMAC-SHA256");
        Run caught = verifier("--key", "file:" + keyFile, sha.toString());
        assertThat(caught.status).isEqualTo(1);
        assertThat(caught.out).contains(sha + ":1: ", "BROKEN");
    }

    @Test
    void anUnkeyedChainIsOnlyEvidenceOfAccidentalDamageAndSaysSo() throws Exception {
        List<String> lines = fiveRequests(null);
        List<String> edited = new ArrayList<>(lines);
        edited.set(3, edited.get(3).replace("\"principal\":\"monitor\"", "\"principal\":\"nobody\""));
        Path rewritten = write("rewritten.jsonl", AuditFormat.rehash(edited, null));
        // The limitation, shown: a full rewrite passes without a key ...
        AuditChain.Report r = AuditChain.verifySet(rewritten, AuditChain.Options.plain());
        assertThat(r.problems()).isEmpty();
        // ... and the verifier says what an unkeyed chain is worth.
        assertThat(r.notes()).anyMatch(n -> n.contains("unkeyed chain") && n.contains("accidental damage"));
        Run run = verifier(rewritten.toString());
        assertThat(run.status).isEqualTo(0);
        assertThat(run.out).contains("note: unkeyed chain", "SHA-256, unkeyed");
        // A careless edit (no rehash) is still caught, at its line.
        Path careless = write("careless.jsonl", edited);
        assertThat(AuditChain.verifySet(careless, AuditChain.Options.plain()).problems())
                .extracting(AuditChain.Problem::line).containsExactly(4L);
    }

    @Test
    void cutHeadsAndTailsAreCaught() throws Exception {
        List<String> lines = fiveRequests(null);
        String head = lines.get(5).substring(lines.get(5).length() - 66, lines.get(5).length() - 2);

        Path firstTwo = write("first-two.jsonl", lines.subList(2, 6));
        assertThat(messages(AuditChain.verifySet(firstTwo, AuditChain.Options.plain())))
                .anyMatch(m -> m.contains("not a file-start record"));
        assertThat(AuditChain.verify(firstTwo).ok()).isFalse();

        List<String> noRecords12 = new ArrayList<>(lines);
        noRecords12.subList(1, 3).clear();
        assertThat(messages(AuditChain.verifySet(write("head.jsonl", noRecords12), AuditChain.Options.plain())))
                .containsExactly("a record before this one is missing or was reordered: prev does not match");

        Path lastTwo = write("last-two.jsonl", lines.subList(0, 4));
        assertThat(AuditChain.verifySet(lastTwo, AuditChain.Options.plain()).problems())
                .as("a cut tail is a valid shorter chain: only an anchor shows it").isEmpty();
        assertThat(messages(AuditChain.verifySet(lastTwo, new AuditChain.Options(null, 6L, null))))
                .containsExactly("the chain holds 4 records but the published anchor says 6: 2 records were cut from the end");
        assertThat(messages(AuditChain.verifySet(lastTwo, new AuditChain.Options(null, null, head.substring(0, 16)))))
                .singleElement().asString().contains("no record has the published hash");
        Path whole = write("whole.jsonl", lines);
        assertThat(AuditChain.verifySet(whole, new AuditChain.Options(null, 6L, head.substring(0, 16))).problems()).isEmpty();
        assertThat(AuditChain.verifySet(whole, new AuditChain.Options(null, 4L, head.substring(0, 16))).problems())
                .as("record 4 does not have record 6's hash").isNotEmpty();
        Run cut = verifier("--expect-records", "6", lastTwo.toString());
        assertThat(cut.status).isEqualTo(1);
        assertThat(cut.out).contains("2 records were cut from the end");

        Path empty = dir.resolve("empty.jsonl");
        Files.createFile(empty);
        assertThat(messages(AuditChain.verifySet(empty, AuditChain.Options.plain())))
                .singleElement().asString().startsWith("empty audit file");
        Path none = Files.createDirectory(dir.resolve("none"));
        assertThat(verifier(none.toString()).status).isEqualTo(1);
        assertThat(verifier().status).isEqualTo(2);
        assertThat(verifier("--expect-records", "x", whole.toString()).status).isEqualTo(2);
    }

    @Test
    void aTornFinalRecordIsToldApartFromAChangedOneAndTheChainContinuesAfterIt() throws Exception {
        List<String> lines = fiveRequests(null);
        Path file = dir.resolve("audit.jsonl");
        String full = String.join("\n", lines.subList(0, 5)) + "\n";
        String last = lines.get(5);
        Files.writeString(file, full + last.substring(0, last.length() / 2)); // a write cut short: no newline
        AuditChain.Report torn = AuditChain.verifySet(file, AuditChain.Options.plain());
        assertThat(torn.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).startsWith("torn final record").doesNotContain("changed");
        });
        assertThat(torn.records()).isEqualTo(5);
        Path changed = write("changed.jsonl", List.of(full.strip().split("\n")[0], lines.get(1).replace("monitor", "nobody")));
        assertThat(messages(AuditChain.verifySet(changed, AuditChain.Options.plain())))
                .singleElement().asString().contains("was changed");

        // Hatch restarts on the torn file: it is set aside as .1 and the chain goes on in a new file.
        try (AuditLog log = new AuditLog(file, 1 << 20, 5, 10)) {
            assertThat(log.append(java.util.Map.of("time", "t", "outcome", "ok"))).isTrue();
        }
        assertThat(Path.of(file + ".1")).exists();
        AuditChain.Report after = AuditChain.verifySet(file, AuditChain.Options.plain());
        assertThat(after.problems()).as("the torn line, and nothing else").singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("torn final record"));
        assertThat(after.records()).isEqualTo(5 + 2);
        assertThat(Files.readAllLines(file).get(0)).contains("\"file\":2,\"before\":5");
    }

    @Test
    void theAnchorIsPublishedInTheLogAndTheMetricsAndShowsACutTail() throws Exception {
        List<String> published = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger("dev.hatch.audit");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                published.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        Path file = dir.resolve("anchored.jsonl");
        try {
            AuditLog.Settings s = new AuditLog.Settings(file, 1 << 20, 5, 10, Integer.MAX_VALUE, Duration.ofMinutes(1),
                    null, AuditLog.DEFAULT_REFUSE_SCOPES, Duration.ofMillis(100));
            try (AuditLog log = new AuditLog(s)) {
                for (int i = 0; i < 3; i++) {
                    log.append(java.util.Map.of("n", i));
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while ((log.anchor() == null || log.anchor().records() != 4) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(log.anchor().records()).as("published periodically").isEqualTo(4);
                dev.hatch.internal.metrics.MetricsWriter w = new dev.hatch.internal.metrics.MetricsWriter();
                log.metrics().collect(w);
                assertThat(w.toString()).contains("hatch_audit_records_total 4\n", "hatch_audit_head_records 4\n",
                        "hatch_audit_head_info{hash=\"" + log.anchor().hash().substring(0, 16) + "\"} 1\n",
                        "hatch_audit_write_failures_total 0\n");
                log.append(java.util.Map.of("n", 3));
                log.append(java.util.Map.of("n", 4));
            }
        } finally {
            jul.removeHandler(capture);
        }
        Matcher m = Pattern.compile("audit chain anchor \\(close\\): (\\d+) records, head ([0-9a-f]{64})")
                .matcher(String.join("\n", published));
        assertThat(m.find()).as("published at close: " + published).isTrue();
        assertThat(m.group(1)).isEqualTo("6");
        List<String> lines = Files.readAllLines(file);
        Path cut = write("cut.jsonl", lines.subList(0, 4));
        assertThat(AuditChain.verifySet(cut, new AuditChain.Options(null, 4L, null)).problems())
                .as("the periodic anchor predates the cut").isEmpty();
        assertThat(AuditChain.verifySet(cut, new AuditChain.Options(null, 6L, m.group(2))).problems())
                .as("the anchor published at close shows it").isNotEmpty();
        assertThat(AuditChain.verifySet(file, new AuditChain.Options(null, 6L, m.group(2))).problems()).isEmpty();
    }

    @Test
    void anAuditFileThatNeverGotARecordIsRemovedAndOldFilesBeyondTheCountAreDeleted() throws Exception {
        Path quiet = dir.resolve("quiet").resolve("audit.jsonl");
        try (TestEndpoint e = TestEndpoint.start(b -> b.auditFile(quiet))) {
            assertThat(e.hatch().auditFile()).isEqualTo(quiet.toAbsolutePath()).exists();
        }
        assertThat(quiet).as("a file without records is removed on close").doesNotExist();

        Path file = dir.resolve("set").resolve("audit.jsonl");
        Files.createDirectories(file.getParent());
        for (int i = 1; i <= 6; i++) {
            Files.writeString(Path.of(file + "." + i), "left over " + i + "\n");
        }
        try (AuditLog log = new AuditLog(file, 4096, 2, 10)) {
            for (int i = 0; i < 40; i++) {
                log.append(java.util.Map.of("n", i, "pad", "x".repeat(100)));
            }
        }
        assertThat(AuditChain.rotated(file).keySet()).containsExactly(1, 2);
        assertThat(AuditChain.verifySet(file, AuditChain.Options.plain()).problems()).isEmpty();
    }

    @Test
    void theKeysAreReadFromPropertiesAndBadValuesNameTheKeyNotTheSecret() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("hatch.audit.on-failure", "sometimes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.hatch.Hatch.builder().properties(p))
                .isInstanceOf(dev.hatch.ConfigException.class).hasMessageContaining("hatch.audit.on-failure")
                .hasMessageContaining("refuse or continue");
        Path shortKey = dir.resolve("short.key");
        Files.writeString(shortKey, "tiny-secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestEndpoint.start(b -> b.auditKey("file:" + shortKey)))
                .isInstanceOf(dev.hatch.ConfigException.class).hasMessageContaining("hatch.audit.key")
                .hasMessageContaining("shorter than 16").hasMessageNotContaining("tiny-secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestEndpoint.start(b -> b.auditKey(KEY)))
                .isInstanceOf(dev.hatch.ConfigException.class).hasMessageContaining("env:VARIABLE or file:/path")
                .hasMessageNotContaining(KEY);

        Path keyFile = dir.resolve("audit.key");
        Files.writeString(keyFile, KEY);
        java.util.Properties ok = new java.util.Properties();
        ok.setProperty("hatch.audit.key", "file:" + keyFile);
        ok.setProperty("hatch.audit.on-failure", "continue");
        try (TestEndpoint e = TestEndpoint.start(b -> b.properties(ok))) {
            e.get("/ops/info", TestEndpoint.MONITOR);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(e.hatch().auditFile()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(e.hatch().auditFile())).contains("\"chain\":\"hmac-sha256\"");
        }
    }

    private record Run(int status, String out, String err) {
    }

    /** The verifier as a program: {@code java -cp … dev.hatch.internal.audit.AuditChain ARGS}. */
    private static Run verifier(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditChain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err.get());
    }
}
