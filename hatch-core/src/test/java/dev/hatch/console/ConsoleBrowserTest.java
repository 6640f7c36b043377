package dev.hatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.OptionalTool;
import dev.hatch.TestEndpoint;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console end to end: a real endpoint on port 0, a real headless Chromium driven by
 * Selenium. Every view is photographed into {@code target/console-screenshots}. Needs the Debian
 * packages {@code chromium} and {@code chromium-driver}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String NEEDLE = "console-needle-worker";

    private TestEndpoint endpoint;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path profile;
    private Path downloads;
    private Thread needle;

    @BeforeAll
    void start() throws Exception {
        OptionalTool.need(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium for the console's browser tests (" + CHROMIUM + ", " + CHROMEDRIVER + ")",
                "apt-get install -y chromium chromium-driver");
        endpoint = TestEndpoint.start(b -> b.replEnabled(true).limits(l -> l.histogramCooldown(java.time.Duration.ZERO))); // the diff test takes two histograms
        needle = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        }, NEEDLE);
        needle.setDaemon(true);
        needle.start();
        profile = Files.createTempDirectory("hatch-chromium");
        downloads = Files.createTempDirectory("hatch-downloads");
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (needle != null) {
                needle.interrupt();
            }
            if (endpoint != null) {
                endpoint.close();
            }
            delete(profile);
            delete(downloads);
        }
    }

    @BeforeEach
    void freshPage() {
        driver.get(endpoint.uri("/ops/console").toString());
        js("sessionStorage.clear();");
        driver.navigate().refresh();
        wait.until(d -> "complete".equals(js("return document.readyState;")));
    }

    @AfterEach
    void nothingLeaks() {
        assertThat((String) js("return document.cookie;")).isEmpty();
        assertThat(driver.getCurrentUrl()).doesNotContain("token-0123456789");
    }

    @Test
    void noDataBeforeSignIn() throws Exception {
        assertThat(byId("tabs").isDisplayed()).isFalse();
        for (String view : List.of("overview", "threads", "memory", "profiling", "loggers", "repl", "audit")) {
            assertThat(byId("view-" + view).isDisplayed()).as(view).isFalse();
        }
        assertThat(driver.findElements(By.cssSelector("tbody tr"))).isEmpty();
        Thread.sleep(500);
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name);");
        assertThat(fetched).allSatisfy(u -> assertThat(u).matches(".*/ops/console/app\\.(js|css)$"));
        shot("signin");
    }

    @Test
    void wrongTokenShowsAClearMessage() {
        signInWith("not-a-token-0123456789abcdef");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "not accepted"));
        assertThat(byId("message").getText()).contains("Sign-in failed");
        assertThat(byId("tabs").isDisplayed()).isFalse();
        assertThat(js("return sessionStorage.getItem('hatch.token');")).isNull();
        assertThat(driver.findElements(By.cssSelector("tbody tr"))).isEmpty();
        shot("wrong-token");
    }

    @Test
    void overviewChartFillsAndTabsAreKeyboardNavigable() throws Exception {
        signIn(TestEndpoint.ALL);
        wait.until(d -> Integer.parseInt(String.valueOf(js("return document.getElementById('heap-chart').dataset.points || '0';"))) >= 3);
        long inked = ((Number) js("const c = document.getElementById('heap-chart');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && d[i + 2] > 120 && d[i] < 60) n++; } return n;")).longValue();
        assertThat(inked).as("blue heap-used pixels on the chart").isGreaterThan(50);
        assertThat(byId("ov-uptime").getText()).matches(".*\\d+s");
        assertThat(driver.findElements(By.cssSelector("#ov-states tbody tr"))).isNotEmpty();
        assertThat(endpoint.send("POST", "/ops/gc", TestEndpoint.ALL, "").statusCode()).isEqualTo(200);
        wait.until(d -> Integer.parseInt(String.valueOf(js("return document.getElementById('heap-chart').dataset.postGc || '0';"))) >= 1);
        long green = ((Number) js("const c = document.getElementById('heap-chart');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && d[i + 1] > 90 && d[i] < 60 && d[i + 2] < 70) n++; } return n;")).longValue();
        assertThat(green).as("green post-GC baseline pixels on the chart").isGreaterThan(5);
        wait.until(d -> byId("ov-gc").getText().matches("\\d+ collections, \\d+ ms"));
        assertThat(byId("ov-gc").getText()).doesNotStartWith("0 collections");
        assertThat(byId("ov-leak").getText()).isIn("none", "watch", "suspected", "likely");
        assertThat(byId("ov-growth").getText()).matches("no samples yet|[+−][\\d.]+ [KMGT]?i?B/min.*");
        shot("overview");

        WebElement first = byId("tab-overview");
        first.sendKeys(Keys.ARROW_RIGHT);
        wait.until(d -> "true".equals(byId("tab-threads").getAttribute("aria-selected")));
        assertThat(js("return document.activeElement.id;")).isEqualTo("tab-threads");
        byId("tab-threads").sendKeys(Keys.END);
        wait.until(d -> "true".equals(byId("tab-audit").getAttribute("aria-selected")));
        assertThat(byId("view-audit").isDisplayed()).isTrue();
    }

    @Test
    void threadsViewFindsANamedThreadBySearch() {
        signIn(TestEndpoint.ALL);
        byId("tab-threads").click();
        wait.until(d -> d.findElements(By.cssSelector("#threads-table tbody tr")).size() > 3);
        byId("thread-search").sendKeys("needle");
        wait.until(d -> d.findElements(By.cssSelector("#threads-table tbody tr")).size() == 1);
        WebElement row = driver.findElement(By.cssSelector("#threads-table tbody tr"));
        assertThat(row.getAttribute("data-thread")).isEqualTo(NEEDLE);
        assertThat(row.getText()).contains("WAITING");
        byId("busiest-run").click();
        wait.until(d -> !d.findElements(By.cssSelector("#busiest-table tbody tr")).isEmpty());
        shot("threads");
    }

    @Test
    void heapDumpIsDownloadedAndListed() throws Exception {
        signIn(TestEndpoint.ALL);
        byId("tab-memory").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dump-run"))).click();
        WebElement item = new WebDriverWait(driver, Duration.ofSeconds(90))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#downloads li")));
        assertThat(Long.parseLong(item.getAttribute("data-size"))).isGreaterThan(1_000_000);
        assertThat(item.getText()).contains(".hprof");
        assertThat(byId("message").getText()).contains("Heap dump downloaded");
        wait.until(d -> hprofSaved());
        shot("memory");
    }

    @Test
    void storedHeapDumpShowsProgressThenIsListedDownloadedAndDeleted() throws Exception {
        signIn(TestEndpoint.ALL);
        byId("tab-memory").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stored-box")));
        byId("stored-run").click();
        WebElement ready = new WebDriverWait(driver, Duration.ofSeconds(120))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#stored-table tbody tr[data-state=ready]")));
        String id = ready.getAttribute("data-id");
        try {
            assertThat(Long.parseLong(ready.getAttribute("data-size"))).isGreaterThan(1_000_000);
            assertThat(ready.getText()).contains(id, "ready", "all");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Stored dump " + id + " is ready"));
            assertThat(byId("stored-usage").getText()).contains("used of a", "quota");
            js("document.getElementById('stored-box').scrollIntoView();");
            shot("memory-stored");

            long size = Long.parseLong(ready.getAttribute("data-size"));
            storedRow(id).findElement(By.xpath(".//button[text()='Download']")).click();
            Path file = downloads.resolve("heap-" + id + ".hprof");
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> Files.isRegularFile(file) && sizeOf(file) == size);
            try (var in = Files.newInputStream(file)) {
                assertThat(new String(in.readNBytes(18), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
            }

            storedRow(id).findElement(By.xpath(".//button[text()='Delete']")).click();
            wait.until(d -> d.findElements(By.cssSelector("#stored-table tbody tr[data-id='" + id + "']")).isEmpty());
            assertThat(endpoint.get("/ops/heapdumps", TestEndpoint.ALL).body()).doesNotContain(id);
        } finally {
            endpoint.send("DELETE", "/ops/heapdumps/" + id, TestEndpoint.ALL, null);
        }
    }

    @Test
    void leakReportAndHistogramDiffNameTheClassThatGrew() {
        signIn(TestEndpoint.ALL);
        byId("tab-memory").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("leak-box")));
        wait.until(d -> !byId("leak-verdict").getText().equals("–"));
        assertThat(byId("leak-verdict").getText()).isIn("none", "watch", "suspected", "likely");
        assertThat(byId("leak-text").getText()).isNotBlank();

        byId("histo-run").click();
        wait.until(d -> !d.findElements(By.cssSelector("#histo-table tbody tr")).isEmpty());
        String first = byId("histo-table").getAttribute("data-id");
        assertThat(byId("histo-title").getText()).contains(first);
        try {
            for (int i = 0; i < 60_000; i++) {
                BALLAST.add(new ConsoleBallast(i));
            }
            assertThat(new Select(byId("histo-diff")).getFirstSelectedOption().getAttribute("value")).isEqualTo(first);
            byId("histo-run").click();
            wait.until(d -> first.equals(byId("histo-table").getAttribute("data-diff")));
            WebElement grown = byId("histo-table").findElement(By.cssSelector("tbody tr[data-class='" + ConsoleBallast.class.getName() + "']"));
            assertThat(grown.getText()).contains("60000");
            assertThat(byId("histo-title").getText()).contains("change since " + first);
            js("document.getElementById('leak-box').scrollIntoView();");
            shot("memory-histogram");
        } finally {
            BALLAST.clear();
        }
    }

    /** Objects the histogram diff must find: 60,000 of them appear between two histograms. */
    record ConsoleBallast(int n) {
    }

    private static final List<ConsoleBallast> BALLAST = new java.util.ArrayList<>();

    private WebElement storedRow(String id) {
        return driver.findElement(By.cssSelector("#stored-table tbody tr[data-id='" + id + "']"));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void replRunsASnippetWithAReplToken() {
        signIn(TestEndpoint.REPL);
        assertThat(driver.findElements(By.cssSelector("#tabs [role=tab]"))).extracting(WebElement::getText).containsExactly("REPL");
        byId("repl-new").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("repl-session"), "Session "));
        byId("repl-code").sendKeys("System.out.println(\"hello from the console\"); 6 * 7");
        byId("repl-run").click();
        WebElement value = new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("repl-value")));
        assertThat(value.getText()).contains("42");
        assertThat(byId("repl-stdout").getText()).contains("hello from the console");
        shot("repl");
    }

    @Test
    void monitorTokenIsNotOfferedTheDumpAndTheEndpointRefusesIt() {
        signIn(TestEndpoint.MONITOR);
        assertThat(driver.findElements(By.cssSelector("#tabs [role=tab]"))).extracting(WebElement::getText)
                .containsExactly("Overview", "Threads", "Memory", "Loggers");
        byId("tab-memory").click();
        wait.until(d -> !d.findElements(By.cssSelector("#mem-areas tbody tr")).isEmpty());
        assertThat(byId("dump-run").isDisplayed()).isFalse();
        assertThat(byId("gc-run").isDisplayed()).isFalse();
        // A stale or tampered page still cannot act: the endpoint refuses and the page says why.
        js("const b = document.getElementById('dump-run'); b.hidden = false; b.click();");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "403"));
        assertThat(byId("message").getText()).contains("not allowed", "lacks the 'dump' scope");
        assertThat(driver.findElements(By.cssSelector("#downloads li"))).isEmpty();
        shot("refused");
    }

    @Test
    void profilingLoggersAndAuditViewsWork() {
        signIn(TestEndpoint.ALL);
        byId("tab-profiling").click();
        WebElement seconds = byId("prof-seconds");
        seconds.clear();
        seconds.sendKeys("1");
        byId("prof-run").click();
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("prof-summary"), "samples in"));
        shot("profiling");

        byId("tab-loggers").click();
        wait.until(d -> !d.findElements(By.cssSelector("#loggers-table tbody tr")).isEmpty());
        byId("logger-name").sendKeys("dev.hatch.consoletest");
        new Select(byId("logger-framework")).selectByVisibleText("jul");
        new Select(byId("logger-level")).selectByVisibleText("DEBUG");
        byId("logger-revert").sendKeys("1m");
        driver.findElement(By.cssSelector("#logger-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "set to DEBUG, reverting after 1m"));
        byId("logger-filter").sendKeys("consoletest");
        wait.until(d -> d.findElements(By.cssSelector("#loggers-table tbody tr")).size() == 1);
        assertThat(driver.findElement(By.cssSelector("#loggers-table tbody tr")).getText()).contains("DEBUG");
        shot("loggers");

        byId("tab-audit").click();
        wait.until(d -> !d.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        assertThat(byId("audit-table").getText()).contains("/ops/loggers/dev.hatch.consoletest");
        shot("audit");
    }

    @Test
    void signOutClearsTheSession() {
        signIn(TestEndpoint.ALL);
        assertThat(js("return sessionStorage.getItem('hatch.token');")).isEqualTo(TestEndpoint.ALL);
        byId("signout").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertThat(js("return sessionStorage.getItem('hatch.token');")).isNull();
        assertThat(byId("tabs").isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector("tbody tr"))).isEmpty();
    }

    private void signInWith(String token) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        byId("signin-button").click();
    }

    private void signIn(String token) {
        signInWith(token);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signout")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tabs")));
    }

    private WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private boolean hprofSaved() {
        try (Stream<Path> s = Files.list(downloads)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".hprof"));
        } catch (IOException e) {
            return false;
        }
    }

    private void shot(String name) {
        File png = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
