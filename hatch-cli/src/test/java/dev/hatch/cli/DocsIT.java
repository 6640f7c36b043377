package dev.hatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the README tells people to paste, taken from its {@code sh} blocks and run with
 * bash as written (only the example port, token file and audit file are swapped for real ones),
 * against a real endpoint and the built jars.
 */
class DocsIT {
    private static final Path ROOT = Path.of(System.getProperty("hatch.launcher", "../bin/hatch")).toAbsolutePath().normalize()
            .getParent().getParent();
    private static final String EXAMPLE_URL = "http://127.0.0.1:9070";
    private static final String EXAMPLE_TOKEN_FILE = "/tmp/hatch-root/token-4242-1a2b3c";
    private static final String EXAMPLE_AUDIT_FILE = "/tmp/hatch-root/audit-4242.jsonl";

    @TempDir
    Path dir;

    /** A command as it would be typed: what ran, exit status, stdout and stderr together. */
    record Shell(String command, int exit, String output) {
    }

    @Test
    void theQuickStartCurlCommandsDownloadWithATokenAndSaveNothingWithoutOne() throws Exception {
        OptionalTool.onPath("curl", "apt-get install -y curl");
        List<String> block = shellLines(readme(), "curl -s -H \"Authorization: Bearer $TOKEN\" " + EXAMPLE_URL + "/ops ");
        assertThat(block).as("the quick-start block").isNotEmpty();
        try (Endpoint endpoint = Endpoint.start()) {
            String base = endpoint.url().replaceFirst("/ops$", "");
            Path tokenFile = Cli.tokenFile(dir, Endpoint.ALL);
            Path good = Files.createDirectory(dir.resolve("good"));
            String setup = swap(block.get(0), base, tokenFile);
            assertThat(setup).startsWith("TOKEN=$(cat " + tokenFile + ")");
            assertThat(bash(good, setup + "\necho \"TOKEN=$TOKEN\"", Map.of()).output()).contains("TOKEN=" + Endpoint.ALL + "\n");
            for (String line : block.subList(1, block.size())) {
                Shell r = bash(good, setup + "\n" + swap(line, base, tokenFile), Map.of());
                if (line.contains("curl -si")) {
                    assertThat(r.output()).as(r.toString()).contains(" 401 ").containsIgnoringCase("WWW-Authenticate: Bearer");
                    continue;
                }
                assertThat(r.exit()).as(r.toString()).isZero();
            }
            assertThat(hprofHeader(good.resolve("heap.hprof"), false)).isEqualTo("JAVA PROFILE 1.0.2");
            assertThat(hprofHeader(good.resolve("heap.hprof.gz"), true)).isEqualTo("JAVA PROFILE 1.0.2");

            // The same downloads with a wrong token: curl -f fails, and no 401 page is saved as a dump.
            Path bad = Files.createDirectory(dir.resolve("bad"));
            Path wrongToken = Cli.tokenFile(dir, "not-the-token-0123456789abcdef");
            for (String line : block.subList(1, block.size())) {
                if (line.contains(" -o ")) {
                    Shell r = bash(bad, "TOKEN=$(cat " + wrongToken + ")\n" + swap(line, base, tokenFile), Map.of());
                    assertThat(r.exit()).as(r.toString()).isEqualTo(22);
                }
            }
            try (var left = Files.list(bad)) {
                assertThat(left).as("files curl left behind").isEmpty();
            }
        }
    }

    @Test
    void theAuditVerifierCommandsWorkAsWrittenAndCatchAnEditedRecord() throws Exception {
        List<String> commands = new ArrayList<>();
        for (String line : shellLines(readme(), "bin/hatch audit verify ")) {
            if (line.startsWith("bin/hatch audit verify ") || line.startsWith("java -jar hatch-core/")) {
                commands.add(line.replaceFirst("\\s+#.*$", ""));
            }
        }
        assertThat(commands).as("the CLI and the core-jar verifier lines").hasSize(2);
        Path log;
        try (Endpoint endpoint = Endpoint.start()) {
            Cli.Run r = Cli.run(Map.of("HATCH_URL", endpoint.url(), "HATCH_TOKEN", Endpoint.MONITOR), "status");
            assertThat(r.exit()).as(r.toString()).isZero();
            Path live = endpoint.hatch().auditFile();
            awaitQuiet(live);
            log = Files.copy(live, dir.resolve("audit.jsonl"));
        }
        for (String command : commands) {
            Shell ok = bash(ROOT, command.replace(EXAMPLE_AUDIT_FILE, log.toString()), Map.of("HATCH_CDS", "off"));
            assertThat(ok.exit()).as(ok.toString()).isZero();
            assertThat(ok.output()).as(ok.toString()).contains(": OK, ");
        }
        String text = Files.readString(log);
        Files.writeString(log, text.replaceFirst("\"principal\":\"", "\"principal\":\"x"));
        assertThat(Files.readString(log)).isNotEqualTo(text);
        for (String command : commands) {
            Shell broken = bash(ROOT, command.replace(EXAMPLE_AUDIT_FILE, log.toString()), Map.of("HATCH_CDS", "off"));
            assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
        }
    }

    @Test
    void theReadmeLinksTheDocumentationThatExists() throws Exception {
        String readme = readme();
        for (String doc : List.of("demo", "fleet", "architecture", "console", "cli")) {
            assertThat(readme).contains("(docs/" + doc + ".md)");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]\\((docs/[^)#]+)").matcher(readme);
        while (m.find()) {
            assertThat(ROOT.resolve(m.group(1))).as("linked from the README").exists();
        }
    }

    /** The audit record is written after the answer: wait until the log ends with a whole line and stops growing. */
    private static void awaitQuiet(Path log) throws IOException, InterruptedException {
        long size = -1;
        for (int i = 0; i < 50; i++) {
            byte[] bytes = Files.readAllBytes(log);
            if (bytes.length == size && bytes.length > 0 && bytes[bytes.length - 1] == '\n') {
                return;
            }
            size = bytes.length;
            Thread.sleep(100);
        }
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    /** The lines of the {@code sh} block that contains {@code marker}, without blank lines. */
    static List<String> shellLines(String markdown, String marker) {
        int at = markdown.indexOf(marker);
        assertThat(at).as("'%s' in the README", marker).isNotNegative();
        int start = markdown.lastIndexOf("```sh\n", at) + "```sh\n".length();
        int end = markdown.indexOf("\n```", at);
        List<String> lines = new ArrayList<>();
        for (String line : markdown.substring(start, end).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    private static String swap(String line, String base, Path tokenFile) {
        return line.replace(EXAMPLE_URL, base).replace(EXAMPLE_TOKEN_FILE, tokenFile.toString());
    }

    private static Shell bash(Path workDir, String script, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -e\n" + script).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HATCH_") || k.equals("TOKEN"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 180 s: " + script);
        }
        return new Shell(script, p.exitValue(), out);
    }

    private static String hprofHeader(Path file, boolean gzip) throws IOException {
        try (InputStream raw = Files.newInputStream(file); InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            return new String(in.readNBytes(18), StandardCharsets.US_ASCII);
        }
    }
}
