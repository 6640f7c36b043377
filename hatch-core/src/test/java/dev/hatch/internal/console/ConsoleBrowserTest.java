package dev.hatch.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hatch.JsonTree;
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
    private static final String SERVICE = "console-test-shop";
    /** A token with monitor and operate, the scopes an on-call engineer has: reads the snapshot and may trim. */
    private static final String ONCALL = "oncall-token-0123456789abcdef";

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
        endpoint = TestEndpoint.start(b -> b.info("service", SERVICE).replEnabled(true)
                .token("oncall", TestEndpoint.spec(ONCALL), dev.hatch.Scope.MONITOR, dev.hatch.Scope.OPERATE)
                .limits(l -> l.histogramCooldown(java.time.Duration.ZERO))); // the diff test takes two histograms
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
        assertThat(byId("ov-leak").getText()).as("the overview shows the report's verdict").isEqualTo(apiVerdict());
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
        assertThat(byId("leak-verdict").getText()).as("the memory tab shows the report's verdict").isEqualTo(apiVerdict());
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
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#repl-history li.entry:last-child .repl-value")));
        assertThat(value.getText()).contains("42");
        assertThat(driver.findElement(By.cssSelector("#repl-history li.entry:last-child .repl-stdout")).getText())
                .contains("hello from the console");
        shot("repl");
    }

    @Test
    void replKeepsAScrollableBoundedHistoryWithAClearButton() {
        signIn(TestEndpoint.REPL);
        byId("repl-new").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("repl-session"), "Session "));
        for (String code : List.of("int x = 20;", "x + 22", "System.out.println(\"x is \" + x);")) {
            int before = driver.findElements(By.cssSelector("#repl-history li.entry")).size();
            byId("repl-code").sendKeys(code);
            byId("repl-run").click();
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(d -> d.findElements(By.cssSelector("#repl-history li.entry")).size() == before + 1);
        }
        List<WebElement> entries = driver.findElements(By.cssSelector("#repl-history li.entry"));
        assertThat(entries).extracting(e -> e.findElement(By.cssSelector(".in pre")).getText())
                .containsExactly("int x = 20;", "x + 22", "System.out.println(\"x is \" + x);");
        assertThat(entries.get(1).findElement(By.cssSelector(".repl-value")).getText()).isEqualTo("42");
        assertThat(entries.get(2).findElement(By.cssSelector(".repl-stdout")).getText()).contains("x is 20");
        assertThat(byId("repl-code").getAttribute("value")).isEmpty();
        // "Edit again" puts an earlier snippet back in the editor.
        entries.get(1).findElement(By.cssSelector("button")).click();
        assertThat(byId("repl-code").getAttribute("value")).isEqualTo("x + 22");

        // 105 more snippets, run from the page itself: the list keeps the newest 100 and scrolls.
        Object done = ((JavascriptExecutor) driver).executeAsyncScript("const cb = arguments[arguments.length - 1];"
                + "(async () => { const list = document.getElementById('repl-history');"
                + "  for (let i = 0; i < 105; i++) {"
                + "    const marker = list.lastElementChild;"
                + "    document.getElementById('repl-code').value = 'x + ' + i;"
                + "    document.getElementById('repl-run').click();"
                + "    const t0 = Date.now();"
                + "    while (list.lastElementChild === marker && Date.now() - t0 < 30000) await new Promise(r => setTimeout(r, 20));"
                + "  } cb('ok'); })().catch(e => cb(String(e)));");
        assertThat(done).isEqualTo("ok");
        List<WebElement> kept = driver.findElements(By.cssSelector("#repl-history > li"));
        assertThat(kept).hasSize(100);
        assertThat(kept.get(0).findElement(By.cssSelector(".in pre")).getText()).isEqualTo("x + 5");
        assertThat(kept.get(99).findElement(By.cssSelector(".repl-value")).getText()).isEqualTo(String.valueOf(20 + 104));
        assertThat(byId("repl-dropped").getText()).contains("9 older entries dropped");
        assertThat(((Number) js("const l = document.getElementById('repl-history'); return l.scrollHeight - l.clientHeight;")).intValue())
                .as("the history scrolls").isGreaterThan(0);
        assertThat(((Number) js("const l = document.getElementById('repl-history'); return l.scrollHeight - l.clientHeight - l.scrollTop;"))
                .intValue()).as("scrolled to the newest entry").isLessThanOrEqualTo(2);
        shot("repl-history");

        byId("repl-clear").click();
        assertThat(driver.findElements(By.cssSelector("#repl-history > li"))).isEmpty();
        assertThat(byId("repl-dropped").getText()).isEmpty();
        byId("repl-code").sendKeys("x * 2");
        byId("repl-run").click();
        WebElement value = new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#repl-history li.entry .repl-value")));
        assertThat(value.getText()).as("the session keeps its state after the history is cleared").isEqualTo("40");
    }

    @Test
    void monitorTokenIsNotOfferedTheDumpAndTheEndpointRefusesIt() {
        signIn(TestEndpoint.MONITOR);
        assertThat(driver.findElements(By.cssSelector("#tabs [role=tab]"))).extracting(WebElement::getText)
                .containsExactly("Overview", "Threads", "Memory", "Container", "Loggers");
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
    void containerViewShowsTheSnapshotAndTrimsWithAnOperateToken() throws Exception {
        signIn(ONCALL);
        byId("tab-container").click();
        wait.until(d -> !d.findElements(By.cssSelector("#ct-process tbody tr[data-key=rss]")).isEmpty());
        Map<String, Object> api = JsonTree.parse(endpoint.get("/ops/memory/container", TestEndpoint.MONITOR).body());
        Map<String, Object> cgroup = JsonTree.map(api.get("cgroup"));

        WebElement rss = driver.findElement(By.cssSelector("#ct-process tbody tr[data-key=rss] td"));
        long shownRss = Long.parseLong(rss.getAttribute("data-bytes"));
        assertThat(rss.getText()).as("the resident size as the page formats bytes").isEqualTo(human(shownRss))
                .matches("[\\d.]+ (MiB|GiB)");
        long apiRss = number(JsonTree.map(api.get("process")).get("rssBytes"));
        assertThat(shownRss).as("a JVM's resident size, close to what the test read itself")
                .isGreaterThan(16L << 20).isBetween(apiRss / 2, apiRss * 2);

        String limit = driver.findElement(By.cssSelector("#ct-cgroup tbody tr[data-key=limit] td")).getText();
        boolean headroom = !driver.findElements(By.cssSelector("#ct-cgroup tbody tr[data-key=headroom]")).isEmpty();
        if (Boolean.TRUE.equals(cgroup.get("limited"))) {
            assertThat(limit).isEqualTo(human(number(cgroup.get("limitBytes"))));
            assertThat(headroom).as("headroom with a limit").isTrue();
            assertThat(byId("ct-bar-box").isDisplayed()).isTrue();
        } else {
            assertThat(cgroup).doesNotContainKey("limitBytes");
            assertThat(limit).isEqualTo("no limit");
            assertThat(headroom).as("no headroom without a limit").isFalse();
            assertThat(byId("ct-bar-box").isDisplayed()).isFalse();
        }
        assertThat(driver.findElement(By.cssSelector("#ct-cgroup tbody tr[data-key=version] td")).getText()).isEqualTo(cgroup.get("version"));

        WebElement heap = driver.findElement(By.cssSelector("#ct-jvm tbody tr[data-row=heap]"));
        assertThat(heap.getText()).startsWith("Heap ").contains("committed");
        assertThat(Long.parseLong(heap.getAttribute("data-bytes"))).isPositive();
        assertThat(driver.findElements(By.cssSelector("#ct-jvm tbody tr[data-row=threadStacks]"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#ct-jvm tbody tr[data-row='buffers:direct']"))).hasSize(1);
        Map<String, Object> notAccounted = JsonTree.map(api.get("notAccounted"));
        assertThat(byId("ct-unaccounted-basis").getText()).contains("basis: " + notAccounted.get("basis"));
        // The detector's native-memory trend, as the answer had it: its explanation word for word (the
        // figures in it may have moved if the detector published again between the two requests).
        Map<String, Object> trend = JsonTree.map(api.get("trend"));
        assertThat(byId("ct-trend-box").isDisplayed()).isTrue();
        assertThat(byId("ct-trend-verdict").getAttribute("data-verdict")).isIn("none", "watch", "suspected", "likely");
        assertThat(byId("ct-trend-text").getText().replaceAll("[0-9]", "#"))
                .isEqualTo(String.valueOf(trend.get("explanation")).replaceAll("[0-9]", "#"));
        shot("container");
        js("document.getElementById('ct-jvm').scrollIntoView();");
        shot("container-jvm");
        js("window.scrollTo(0, 0);");

        // Trim: 200 with the RSS that fell, or 409 where this JVM cannot; the page shows what the server answered.
        byId("trim-run").click();
        wait.until(d -> byId("trim-result").getAttribute("data-status") != null);
        WebElement result = byId("trim-result");
        Map<String, Object> audited = lastOutcome("memory-trim", "oncall");
        assertThat(result.getAttribute("data-status")).isEqualTo(String.valueOf(number(audited.get("status"))));
        if (number(audited.get("status")) == 200) {
            long fell = number(audited.get("rssFellBytes"));
            assertThat(result.getAttribute("data-fell")).isEqualTo(String.valueOf(fell));
            assertThat(result.getText()).startsWith((fell >= 0 ? "RSS fell by " : "RSS rose by ") + human(Math.abs(fell)))
                    .containsPattern(": [\\d.]+ [KMG]iB → [\\d.]+ [KMG]iB");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Native heap trimmed"));
        } else {
            assertThat(number(audited.get("status"))).isEqualTo(409);
            assertThat(result.getText()).startsWith("Not trimmed (409): ");
            java.net.http.HttpResponse<String> again = endpoint.send("POST", "/ops/memory/trim", TestEndpoint.OPERATE, null);
            if (again.statusCode() == 409) {
                assertThat(result.getText()).endsWith((String) JsonTree.parse(again.body()).get("detail"));
            }
        }
        shot("container-trimmed");
    }

    @Test
    void monitorTokenSeesTheContainerViewButIsNotOfferedTheTrim() {
        signIn(TestEndpoint.MONITOR);
        byId("tab-container").click();
        wait.until(d -> !d.findElements(By.cssSelector("#ct-jvm tbody tr[data-row=heap]")).isEmpty());
        assertThat(byId("container-refresh").isDisplayed()).isTrue();
        assertThat(byId("trim-run").isDisplayed()).as("a monitor token is not offered the trim").isFalse();
        // Forced, the endpoint refuses it and the page says why.
        js("const b = document.getElementById('trim-run'); b.hidden = false; b.click();");
        wait.until(ExpectedConditions.attributeToBe(By.id("trim-result"), "data-status", "403"));
        assertThat(byId("trim-result").getText()).contains("Not trimmed (403)", "lacks the 'operate' scope");
        assertThat(byId("message").getText()).contains("not allowed");
    }

    @Test
    void containerViewShowsALimitAndATrendWhenTheAnswerHasThem() {
        signIn(ONCALL);
        // The machine's cgroup has no limit and the server sends no trend yet: the page's fetch is
        // wrapped to add both to the real answer, as a limited container would report them.
        js("const real = window.fetch;"
                + "window.fetch = async (url, init) => {"
                + "  const res = await real(url, init);"
                + "  if (!String(url).endsWith('/ops/memory/container')) return res;"
                + "  const j = await res.json();"
                + "  Object.assign(j.cgroup, {limited: true, limitBytes: 536870912, usageBytes: 402653184, headroomBytes: 134217728});"
                + "  j.notes = ['a note from the test'];"
                + "  j.trend = {verdict: 'watch', growing: 'directBuffers', explanation: 'Direct buffers grow steadily.',"
                + "    rss: {bytes: 402653184, growthBytesPerMinute: 2097152, confidence: 0.97, verdict: 'watch'},"
                + "    limitBytes: 536870912, headroomBytes: 134217728, millisToLimit: 3840000, limitReachedAt: '2026-12-05T03:00:00Z',"
                + "    categories: {threadStacks: {bytes: 14680064, growthBytesPerMinute: 0, confidence: 0.5, verdict: 'none'},"
                + "      directBuffers: {bytes: 104857600, growthBytesPerMinute: 2097152, confidence: 0.95, verdict: 'watch'},"
                + "      'nmt.Thread': {bytes: 1048576}}};"
                + "  return new Response(JSON.stringify(j), {status: res.status, headers: res.headers});"
                + "};");
        byId("tab-container").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ct-trend-box")));
        assertThat(driver.findElement(By.cssSelector("#ct-cgroup tbody tr[data-key=limit] td")).getText()).isEqualTo("512.0 MiB");
        assertThat(driver.findElement(By.cssSelector("#ct-cgroup tbody tr[data-key=headroom] td")).getText()).isEqualTo("128.0 MiB");
        assertThat(byId("ct-bar").getAttribute("value")).isEqualTo("0.75");
        assertThat(byId("ct-bar-text").getText()).isEqualTo("75.0 % (384.0 MiB of 512.0 MiB)");
        assertThat(byId("ct-trend-verdict").getText()).isEqualTo("watch");
        assertThat(byId("ct-trend-growing").getText()).isEqualTo("growing: Direct buffers");
        assertThat(byId("ct-trend-text").getText()).isEqualTo("Direct buffers grow steadily.");
        assertThat(byId("ct-trend-limit").getText()).startsWith("At this rate the limit is reached in about 1 h 4 min (2026-12-05T03:00:00Z)");
        List<WebElement> rows = driver.findElements(By.cssSelector("#ct-trend-table tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-category")).containsExactly("rss", "threadStacks", "directBuffers", "nmt.Thread");
        assertThat(rows).extracting(WebElement::getText).containsExactly(
                "Resident (RSS) 384.0 MiB +2.0 MiB/min 97 % watch",
                "Thread stacks 14.0 MiB +0 B/min 50 % none",
                "Direct buffers (growing) 100.0 MiB +2.0 MiB/min 95 % watch",
                "NMT: Thread 1.0 MiB – – –");
        assertThat(driver.findElements(By.cssSelector("#ct-trend-table tbody tr.growing"))).extracting(r -> r.getAttribute("data-category"))
                .containsExactly("directBuffers");
        assertThat(driver.findElements(By.cssSelector("#ct-notes li"))).extracting(WebElement::getText).contains("a note from the test");
        js("document.getElementById('ct-unaccounted').scrollIntoView();");
        shot("container-trend");
    }

    /** The last outcome record (not the intent) of a route called by a principal, once it is written. */
    private Map<String, Object> lastOutcome(String route, String principal) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            Map<String, Object> last = null;
            for (String line : Files.readAllLines(endpoint.hatch().auditFile())) {
                Map<String, Object> record = JsonTree.parse(line);
                if (route.equals(record.get("route")) && principal.equals(record.get("principal")) && !"intent".equals(record.get("type"))) {
                    last = record;
                }
            }
            if (last != null) {
                return last;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no outcome record of " + route + " by " + principal);
    }

    /** Bytes as the console writes them (app.js bytes()): 1024-based units, one decimal above bytes. */
    private static String human(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (i == 0 ? String.valueOf(n) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " " + units[i];
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
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
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("prof-summary"), "distinct stacks over 1 s"));
        assertThat(byId("prof-summary").getText()).containsPattern("while the process used \\d+\\.\\d % of one core");
        // Nothing in this JVM is busy: a second of CPU samples is sparse, and the page says so.
        assertThat(byId("prof-sparse").isDisplayed()).isTrue();
        assertThat(byId("prof-sparse").getText()).startsWith("Few samples: ").contains("runs Java code")
                .containsPattern("Meanwhile the process used \\d+\\.\\d % of one core");
        shot("profiling-sparse");

        byId("tab-loggers").click();
        wait.until(d -> !d.findElements(By.cssSelector("#loggers-table tbody tr")).isEmpty());
        byId("logger-name").sendKeys("dev.hatch.consoletest");
        new Select(byId("logger-framework")).selectByVisibleText("jul");
        new Select(byId("logger-level")).selectByVisibleText("DEBUG");
        byId("logger-revert").sendKeys("1m");
        driver.findElement(By.cssSelector("#logger-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "set to DEBUG, reverting after 1m"));
        byId("logger-filter").sendKeys("consoletest");
        // dev.hatch.* is Hatch's own: hidden until asked for.
        wait.until(d -> d.findElements(By.cssSelector("#loggers-table tbody tr")).isEmpty());
        byId("logger-internal").click();
        wait.until(d -> d.findElements(By.cssSelector("#loggers-table tbody tr")).size() == 1);
        assertThat(driver.findElement(By.cssSelector("#loggers-table tbody tr")).getText()).contains("DEBUG");
        shot("loggers");

        byId("tab-audit").click();
        wait.until(d -> !d.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        assertThat(byId("audit-table").getText()).contains("/ops/loggers/dev.hatch.consoletest");
        shot("audit");
    }

    @Test
    void loggerListHidesHatchsOwnLoggersUntilAskedFor() {
        java.util.logging.Logger shadedJetty = java.util.logging.Logger.getLogger("dev.hatch.internal.shaded.org.eclipse.jetty.server.Server");
        java.util.logging.Logger app = java.util.logging.Logger.getLogger("com.example.shop.Checkout");
        app.setLevel(java.util.logging.Level.INFO); // configured, so it is listed
        shadedJetty.setLevel(java.util.logging.Level.INFO);
        try {
            signIn(TestEndpoint.ALL);
            byId("tab-loggers").click();
            wait.until(d -> !d.findElements(By.cssSelector("#loggers-table tbody tr")).isEmpty());
            List<String> shown = loggerRows();
            assertThat(shown).contains("com.example.shop.Checkout");
            assertThat(shown).noneMatch(n -> n.equals("dev.hatch") || n.startsWith("dev.hatch."));
            assertThat(byId("loggers-summary").getText()).containsPattern("\\d+ of Hatch's own hidden");
            byId("logger-internal").click();
            wait.until(d -> loggerRows().contains("dev.hatch.internal.shaded.org.eclipse.jetty.server.Server"));
            assertThat(loggerRows()).contains("com.example.shop.Checkout").anyMatch(n -> n.startsWith("dev.hatch."));
            byId("logger-internal").click();
            wait.until(d -> loggerRows().stream().noneMatch(n -> n.startsWith("dev.hatch")));
        } finally {
            app.setLevel(null);
            shadedJetty.setLevel(null);
        }
    }

    private List<String> loggerRows() {
        return driver.findElements(By.cssSelector("#loggers-table tbody tr")).stream().map(r -> r.getAttribute("data-logger")).toList();
    }

    @Test
    void auditViewHidesTheConsolesOwnPollingUntilAskedFor() throws Exception {
        signIn(TestEndpoint.ALL);
        wait.until(d -> Integer.parseInt(String.valueOf(js("return document.getElementById('heap-chart').dataset.points || '0';"))) >= 3);
        // The same GET made by another client is not the console's polling and stays in view; a
        // forged marker on a route the console does not poll hides nothing either.
        assertThat(endpoint.get("/ops/metrics", TestEndpoint.ALL).statusCode()).isEqualTo(200);
        assertThat(endpoint.client().send(endpoint.request("/ops/threads/deadlocks", TestEndpoint.ALL)
                .header("X-Hatch-Console", "poll").build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String raw = endpoint.get("/ops/audit?limit=1000", TestEndpoint.ADMIN).body();
        assertThat(raw).containsPattern("\"path\":\"/ops/metrics\"[^}]*\"consolePoll\":true")
                .containsPattern("\"path\":\"/ops/metrics\",(?![^}]*consolePoll)");

        byId("tab-audit").click();
        wait.until(d -> !d.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        List<String> rows = auditRows();
        assertThat(rows).noneMatch(r -> r.contains("console refresh"));
        assertThat(rows).anyMatch(r -> r.contains("GET /ops/metrics"));
        assertThat(rows).anyMatch(r -> r.contains("GET /ops/threads/deadlocks"));
        assertThat(byId("audit-summary").getText()).containsPattern("[1-9]\\d* periodic refreshes of this console hidden");
        shot("audit-quiet");

        byId("audit-polls").click();
        wait.until(d -> auditRows().stream().filter(r -> r.contains("GET /ops/metrics") && r.contains("console refresh")).count() >= 3);
        assertThat(auditRows()).anyMatch(r -> r.contains("GET /ops/leaks") && r.contains("console refresh"));
        assertThat(byId("audit-summary").getText()).doesNotContain("hidden");
    }

    private List<String> auditRows() {
        return driver.findElements(By.cssSelector("#audit-table tbody tr")).stream().map(WebElement::getText).toList();
    }

    @Test
    void cpuProfileOfABusyThreadShowsItsFrames() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread busy = new Thread(() -> spinForConsoleProfile(stop), "console-busy-worker");
        busy.setDaemon(true);
        busy.start();
        try {
            signIn(TestEndpoint.ALL);
            byId("tab-profiling").click();
            assertThat(byId("prof-seconds").getAttribute("value")).as("the default length").isEqualTo("10");
            byId("prof-run").click();
            new WebDriverWait(driver, Duration.ofSeconds(90))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("prof-summary"), "distinct stacks over 10 s"));
            WebElement top = driver.findElement(By.cssSelector("#prof-table tbody tr"));
            assertThat(top.getAttribute("data-stack")).contains("ConsoleBrowserTest.spinForConsoleProfile");
            long samples = Long.parseLong(byId("prof-summary").getText().split(" ")[0]);
            assertThat(samples).as("a thread busy for 10 s is sampled often").isGreaterThanOrEqualTo(100);
            assertThat(byId("prof-sparse").isDisplayed()).isFalse();
            assertThat(byId("prof-summary").getText()).containsPattern("while the process used \\d+\\.\\d % of one core");
            shot("profiling");
        } finally {
            stop.set(true);
            busy.join(10_000);
        }
    }

    private static volatile long spinSink;

    /** The busy thread's hot method: pure Java arithmetic, so JFR samples it. */
    private static void spinForConsoleProfile(java.util.concurrent.atomic.AtomicBoolean stop) {
        long x = 1;
        while (!stop.get()) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + i;
            }
            spinSink = x;
        }
    }

    @Test
    void signInPageSaysWhatItIsAndWhereTheTokenComesFrom() {
        assertThat(byId("title").getText()).isEqualTo("Hatch maintenance console of " + SERVICE);
        assertThat(driver.getTitle()).contains(SERVICE);
        assertThat(byId("signin-help").isDisplayed()).isTrue();
        assertThat(byId("token-configured").getText())
                .contains("hatch.token.NAME=sha256:<hash>", "env:VARIABLE", "file:/path", "hatch.properties", "never the token");
        assertThat(driver.findElements(By.id("token-generated"))).as("tokens are configured here").isEmpty();
        assertThat(byId("token-cli").getText()).contains("hatch --url " + endpoint.uri("/ops") + " --token-file FILE status", "HATCH_TOKEN");
        assertThat(driver.getPageSource()).doesNotContain(TestEndpoint.ALL, TestEndpoint.MONITOR, "-token-0123456789abcdef");
        shot("signin-help");
        signIn(TestEndpoint.ALL);
        assertThat(byId("signin-help").isDisplayed()).isFalse();
    }

    @Test
    void generatedTokenFileIsNamedOnTheSignInPageButNeverItsToken() throws Exception {
        Path dir = Files.createTempDirectory("hatch-generated");
        try (dev.hatch.Hatch generated = dev.hatch.Hatch.builder().port(0).auditFile(dir.resolve("audit.jsonl"))
                .dumpDirectory(dir.resolve("dumps")).info("service", "shop <b>&</b> co").start()) {
            Path file = generated.generatedTokenFile().orElseThrow();
            String token = Files.readString(file).strip();
            driver.get("http://127.0.0.1:" + generated.port() + "/ops/console");
            wait.until(d -> "complete".equals(js("return document.readyState;")));
            assertThat(byId("service").getText()).isEqualTo("shop <b>&</b> co");
            assertThat(driver.findElements(By.cssSelector("#title b"))).as("the name is text, not markup").isEmpty();
            assertThat(byId("token-file").getText()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(byId("token-generated").getText()).contains("generated one", "readable only by the user", "cat " + file.toAbsolutePath());
            assertThat(byId("token-configured").getText()).startsWith("To choose your own");
            assertThat(driver.getPageSource()).doesNotContain(token);
            shot("signin-generated");
            signIn(token);
            assertThat(byId("principal").getText()).contains("generated");
            assertThat(driver.getPageSource()).doesNotContain(token);
            js("sessionStorage.clear();");
        } finally {
            delete(dir);
        }
    }

    @Test
    void chartLabelsDoNotOverlapAtAWideAndANarrowWidth() {
        signIn(TestEndpoint.ALL);
        wait.until(d -> Integer.parseInt(String.valueOf(js("return document.getElementById('heap-chart').dataset.points || '0';"))) >= 3);
        try {
            for (int width : new int[] {1280, 420}) {
                driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
                wait.until(d -> Boolean.TRUE.equals(js("const c = document.getElementById('heap-chart');"
                        + "return c.dataset.width === String(Math.max(200, Math.floor(document.getElementById('heap-chart-box').clientWidth)));")));
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) js("const r = (e) => { const b = e.getBoundingClientRect();"
                        + " return {text: e.textContent, cls: e.className, left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };"
                        + "const box = document.getElementById('heap-chart-box');"
                        + "return {box: r(box), plot: JSON.parse(document.getElementById('heap-chart').dataset.plot),"
                        + " labels: [...document.querySelectorAll('#heap-chart-labels span')].map(r),"
                        + " legend: [...document.querySelectorAll('#heap-chart-legend li')].map(r)};");
                checkLabels(width, m);
                js("document.getElementById('heap-chart-box').scrollIntoView();");
                shot("overview-" + width);
            }
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkLabels(int width, Map<String, Object> m) {
        Map<String, Object> box = (Map<String, Object>) m.get("box");
        Map<String, Object> plot = (Map<String, Object>) m.get("plot");
        List<Map<String, Object>> labels = (List<Map<String, Object>>) m.get("labels");
        List<Map<String, Object>> legend = (List<Map<String, Object>>) m.get("legend");
        assertThat(n(box, "right") - n(box, "left")).as("chart width at %d px", width).isLessThan(width);
        assertThat(labels.stream().filter(l -> l.get("cls").toString().contains(" y")).count()).as("y labels at %d px", width).isGreaterThanOrEqualTo(2);
        assertThat(labels.stream().filter(l -> l.get("cls").toString().contains(" x")).count()).as("x labels at %d px", width).isGreaterThanOrEqualTo(1);
        for (Map<String, Object> l : labels) {
            String what = l.get("text") + " at " + width + " px";
            assertThat(n(l, "left")).as(what).isGreaterThanOrEqualTo(n(box, "left") - 0.5);
            assertThat(n(l, "right")).as(what).isLessThanOrEqualTo(n(box, "right") + 0.5);
            assertThat(n(l, "top")).as(what).isGreaterThanOrEqualTo(n(box, "top") - 0.5);
            assertThat(n(l, "bottom")).as(what).isLessThanOrEqualTo(n(box, "bottom") + 0.5);
            if (l.get("cls").toString().contains(" y")) {
                assertThat(n(l, "right")).as("y label left of the plot: " + what).isLessThanOrEqualTo(n(box, "left") + n(plot, "left"));
            } else {
                assertThat(n(l, "top")).as("x label below the plot: " + what).isGreaterThanOrEqualTo(n(box, "top") + n(plot, "bottom"));
            }
        }
        List<Map<String, Object>> all = new java.util.ArrayList<>(labels);
        all.addAll(legend);
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Map<String, Object> a = all.get(i);
                Map<String, Object> b = all.get(j);
                boolean overlap = n(a, "left") < n(b, "right") && n(b, "left") < n(a, "right")
                        && n(a, "top") < n(b, "bottom") && n(b, "top") < n(a, "bottom");
                assertThat(overlap).as("'%s' and '%s' overlap at %d px", a.get("text"), b.get("text"), width).isFalse();
            }
        }
    }

    private static double n(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
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

    /** The verdict of the leak report, read from the API with an independent parser. */
    private String apiVerdict() {
        try {
            return (String) dev.hatch.JsonTree.parse(endpoint.get("/ops/leaks", TestEndpoint.MONITOR).body()).get("verdict");
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("GET /ops/leaks failed", e);
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
