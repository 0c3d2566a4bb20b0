package io.bertstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bertstream.app.EnrichmentService;
import io.bertstream.config.BertstreamConfig;
import io.bertstream.events.Article;
import io.bertstream.events.Question;
import io.bertstream.events.Summary;
import io.bertstream.events.SummarySentence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.bertstream.config.ConfigKeys.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real browser (Debian's headless chromium through chromedriver, both from /usr/bin; skipped,
 * saying why, when either is absent) against one real instance on the in-process broker with the real models.
 * Screenshots of each view go to {@code target/screenshots/}.
 */
class WebPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Markup and a script URL in every field a page shows: each would set window.pwned if it ever ran. */
    static final String HOSTILE_TITLE = "<script>window.pwned='title'</script><img src=x onerror=\"window.pwned='img'\">";
    static final String HOSTILE_BODY = "Breaking: <script>window.pwned='body'</script> was found in the text of "
            + "this article today. A picture <img src=x onerror=window.pwned='onerror'> followed it in the same "
            + "paragraph. The link javascript:window.pwned='link' came last, and nothing of it may ever run.";
    static final String HOSTILE_URL = "javascript:window.pwned='url'";

    private static EnrichmentService service;
    private static ArticleTraffic traffic;
    private static final String TOKEN = "web-page-token";
    private static HttpProbe http;
    private static HttpProbe anonymous;
    private static ChromeDriver browser;
    private static String base;
    private static Map<String, Summary> summaries;
    private static Map<String, Article> sent;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "): "
                        + "apt-get install chromium chromium-driver, as .ci/run does");
        service = EnrichmentService.start(BertstreamConfig.of(Map.of(
                STATE_DIR, Files.createTempDirectory("bertstream-web-it-").toString(),
                SCHEMA_REGISTRY_URL, "mock://web-page-it",
                HTTP_PORT, "0", HTTP_BIND_ADDRESS, "127.0.0.1", QA_TOP_K, "3", HTTP_AUTH_TOKENS, TOKEN)));
        assertTrue(service.awaitRunning(Duration.ofMinutes(1)), "Kafka Streams RUNNING");
        int port = service.httpPort().orElseThrow();
        http = new HttpProbe(port, TOKEN);
        anonymous = new HttpProbe(port);
        base = "http://127.0.0.1:" + port;
        traffic = new ArticleTraffic(service);
        sent = new LinkedHashMap<>();
        sent.put("solar-farm", sample("solar-farm", "Community solar farm switched on"));
        sent.put("museum-robot", sample("museum-robot", "A robot guide for the city museum"));
        sent.put("hostile", Article.newBuilder().setId("hostile").setTitle(HOSTILE_TITLE).setBody(HOSTILE_BODY)
                .setUrl(HOSTILE_URL).setPublishedAt(Instant.now()).build());
        sent.put("harbour-bridge", sample("harbour-bridge", "Council approves harbour bridge repairs"));
        for (Article article : sent.values()) {
            traffic.send(article);
            traffic.awaitSummaries(List.of(article.getId())); // one by one: distinct summary times, a known order
        }
        summaries = traffic.awaitSummaries(sent.keySet());
        browser = chrome();
        Files.createDirectories(SHOTS);
    }

    private static ChromeDriver chrome() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("bertstream-chromium-"));
        // the driver's path given: Selenium Manager never looks for (or downloads) one
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    private static Article sample(String id, String title) throws IOException {
        try (InputStream in = WebPageBrowserIT.class.getResourceAsStream("/bertstream/samples/" + id + ".txt")) {
            return Article.newBuilder().setId(id).setTitle(title).setUrl("https://news.test/" + id)
                    .setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .setPublishedAt(Instant.parse("2026-11-20T09:30:00Z")).build();
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (traffic != null) {
            traffic.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theListShowsTheArticlesNewestFirstAndTheLiveFigures() throws IOException {
        open("/ui/");
        until(() -> browser.findElements(By.cssSelector("#article-rows tr")).size() == sent.size());

        List<String> ids = browser.findElements(By.cssSelector("#article-rows tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
        List<String> newestFirst = new ArrayList<>(sent.keySet());
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, ids);
        assertEquals(HOSTILE_TITLE, browser.findElement(By.cssSelector("a[href='/ui/articles/hostile']")).getText());

        // questions on the topic while the page reads its figures: two readings make a rate, a few a sparkline
        until(() -> browser.findElement(By.id("live-status")).getText().startsWith("updated"));
        for (int burst = 0; burst < 3; burst++) {
            for (int i = 0; i < 4 * (burst + 1); i++) {
                traffic.send(Question.newBuilder().setQuestionId("live-" + burst + "-" + i).setArticleId("solar-farm")
                        .setQuestion("How many homes can the farm supply?").setAskedAt(Instant.now()).build());
            }
            sleep(Duration.ofSeconds(3));
        }
        traffic.awaitAnswer("live-2-11");
        traffic.send(Article.newBuilder().setId("empty").setBody("").build()); // a dead letter: empty-body
        until(() -> browser.findElement(By.id("dead-reasons")).getText().contains("empty-body"));
        until(() -> browser.findElement(By.id("spark-line")).getAttribute("points").split(" ").length >= 5);
        assertFalse(browser.findElement(By.id("fig-batch-questions")).getText().equals("–"), "questions batched");
        assertEquals("1.0", browser.findElement(By.id("fig-batch-articles")).getText(), "articles sent one by one");
        assertFalse(browser.findElement(By.id("fig-lag")).getText().isBlank());
        // the lag figure sums a meter that exists: Micrometer binds Kafka's per-partition meters, created at the
        // first fetch, on its next refresh (every 60 s), so ask until it shows
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(driver -> scrapeShowsLag());
        assertNull(pwned());
        screenshot("list.png");
        Files.copy(browser.findElement(By.id("live")).getScreenshotAs(OutputType.FILE).toPath(),
                SHOTS.resolve("live.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theArticlePageHighlightsExactlyTheSummarySentences() {
        open("/ui/articles/harbour-bridge");
        until(() -> !browser.findElements(By.cssSelector("#article-body mark.sum")).isEmpty());

        Summary summary = summaries.get("harbour-bridge");
        Map<String, StringBuilder> marked = new LinkedHashMap<>();
        for (WebElement mark : browser.findElements(By.cssSelector("#article-body mark"))) {
            marked.computeIfAbsent(mark.getDomAttribute("data-sentence"), n -> new StringBuilder())
                    .append(textContent(mark));
        }
        List<String> expected = summary.getSentences().stream().map(SummarySentence::getText).toList();
        assertEquals(expected, marked.values().stream().map(StringBuilder::toString).toList());
        assertEquals(sent.get("harbour-bridge").getBody(), textContent(browser.findElement(By.id("article-body"))),
                "the whole body, as text");
        assertEquals(expected, browser.findElements(By.cssSelector("#summary-list li")).stream()
                .map(WebElement::getText).toList());
        assertTrue(browser.findElement(By.id("summary-facts")).getText().contains(summary.getModel()));
    }

    @Test
    void aQuestionTypedInTheBoxShowsItsAnswerHighlighted() throws IOException {
        String question = "Who will do the work?";
        JsonNode expected = HttpProbe.json(http.postSettled("/articles/harbour-bridge/questions",
                "{\"question\": \"" + question + "\"}"));
        assertEquals("ANSWERED", expected.get("status").asText(), expected.toString());
        open("/ui/articles/harbour-bridge");
        until(() -> browser.findElement(By.id("article-view")).isDisplayed());

        browser.findElement(By.id("question-input")).sendKeys(question);
        browser.findElement(By.id("ask-button")).click();
        until(() -> !browser.findElements(By.cssSelector("#answer-context mark.ans")).isEmpty());

        String answer = expected.get("answer").asText();
        assertEquals(answer, textContent(browser.findElement(By.cssSelector("#answer-context mark.ans"))));
        assertEquals(answer, textContent(browser.findElement(By.cssSelector("#answer-status .answer-text"))));
        assertEquals(expected.get("context").asText(), textContent(browser.findElement(By.id("answer-context"))));
        StringBuilder inBody = new StringBuilder();
        browser.findElements(By.cssSelector("#article-body mark.ans")).forEach(m -> inBody.append(textContent(m)));
        assertEquals(answer, inBody.toString(), "the answer is marked in the article too");
        assertEquals(expected.get("alternatives").size(),
                browser.findElements(By.cssSelector("#alternative-list li")).size(), "qa.top.k=3: the alternatives");
        assertTrue(expected.get("alternatives").size() > 0);
        screenshot("article-answer.png");
    }

    @Test
    void markupInAnArticleIsShownAsTextAndRunsNothing() throws IOException {
        open("/ui/articles/hostile");
        until(() -> browser.findElement(By.id("article-view")).isDisplayed());

        assertEquals(HOSTILE_TITLE, browser.findElement(By.id("article-title")).getText());
        assertEquals(HOSTILE_BODY, textContent(browser.findElement(By.id("article-body"))));
        assertEquals(HOSTILE_URL, browser.findElement(By.id("article-url")).getText());
        assertTrue(browser.findElements(By.cssSelector("#article-url a")).isEmpty(), "a javascript: URL is no link");
        assertTrue(browser.findElements(By.cssSelector("main img, main script")).isEmpty(), "no element from text");
        assertEquals(List.of("mark"), browser.findElements(By.cssSelector("#article-body *")).stream()
                .map(WebElement::getTagName).distinct().toList());

        browser.findElement(By.id("question-input")).sendKeys("<img src=x onerror=\"window.pwned='question'\">");
        browser.findElement(By.id("ask-button")).click();
        until(() -> browser.findElement(By.id("answer")).isDisplayed());
        assertNull(pwned(), "nothing from the article, its URL or the question ran");
        screenshot("hostile.png");
    }

    @Test
    void theListingRouteIsPagedNewestFirst() {
        JsonNode first = HttpProbe.json(http.getSettled("/articles?limit=3"));
        JsonNode second = HttpProbe.json(http.getSettled("/articles?limit=3&after="
                + java.net.URLEncoder.encode(first.get("next").asText(), StandardCharsets.UTF_8)));

        List<String> ids = new ArrayList<>();
        first.get("articles").forEach(a -> ids.add(a.get("articleId").asText()));
        second.get("articles").forEach(a -> ids.add(a.get("articleId").asText()));
        List<String> newestFirst = new ArrayList<>(sent.keySet());
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, ids);
        assertTrue(second.get("next").isNull(), "the last page has no next");
        assertEquals(0, first.get("incomplete").size());
        assertEquals(400, http.get("/articles?limit=1000").statusCode(), "a page is at most 100");
        assertEquals(400, http.get("/articles?limit=-1").statusCode());
    }

    @Test
    void thePageAsksForTheTokenOnceAndKeepsItInTheTab() {
        browser.get(base + "/ui/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        browser.navigate().refresh();
        until(() -> browser.findElement(By.id("token-view")).isDisplayed());

        signIn("not-the-token");
        until(() -> browser.findElement(By.id("token-error")).isDisplayed());
        assertTrue(browser.findElement(By.id("token-view")).isDisplayed(), "a refused token asks again");
        signIn(TOKEN);
        until(() -> browser.findElement(By.id("list-view")).isDisplayed());

        browser.get(base + "/ui/articles/museum-robot");
        until(() -> browser.findElement(By.id("article-view")).isDisplayed());
        assertFalse(browser.findElement(By.id("token-view")).isDisplayed(), "asked once per tab");
        assertEquals(TOKEN, ((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('bertstream.token');"));
        assertNull(((JavascriptExecutor) browser).executeScript(
                "return localStorage.getItem('bertstream.token');"), "kept in the tab only");
    }

    @Test
    void anUnknownArticleIsSaidInWords() {
        open("/ui/articles/no-such-article");
        until(() -> browser.findElement(By.id("message-view")).isDisplayed());

        assertEquals("Article not found", browser.findElement(By.id("message-title")).getText());
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicy() {
        for (String path : List.of("/ui/", "/ui/articles/harbour-bridge", "/ui/static/app.js")) {
            HttpResponse<String> page = anonymous.get(path);
            assertEquals(200, page.statusCode(), path);
            assertEquals(WebPageRoute.CONTENT_SECURITY_POLICY,
                    page.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
        assertFalse(anonymous.get("/ui/").body().contains("<script>"), "no inline script in the page");
        assertEquals(401, anonymous.get("/articles").statusCode(), "the data needs the token");
        assertEquals(401, anonymous.get("/live").statusCode());
        assertTrue(http.get("/ui/static/../index.html").statusCode() >= 400, "no way out of the static files");
        assertEquals(404, http.get("/ui/static/index.html").statusCode(), "the page is not a static file");
    }

    /** Loads a page of the web page, giving the token if the page asks for it. */
    private static void open(String path) {
        browser.get(base + path);
        until(() -> browser.findElements(By.cssSelector("main > section")).stream().anyMatch(WebElement::isDisplayed));
        if (browser.findElement(By.id("token-view")).isDisplayed()) {
            signIn(TOKEN);
            until(() -> !browser.findElement(By.id("token-view")).isDisplayed());
        }
    }

    private static void signIn(String token) {
        WebElement input = browser.findElement(By.id("token-input"));
        input.clear();
        input.sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button")).click();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Object pwned() {
        return ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null : window.pwned;");
    }

    private static String textContent(WebElement element) {
        return (String) ((JavascriptExecutor) browser).executeScript("return arguments[0].textContent;", element);
    }

    private static boolean scrapeShowsLag() {
        try {
            return anonymous.get("/metrics").body().contains("kafka_consumer_fetch_manager_records_lag{");
        } catch (Exception e) {
            return false;
        }
    }

    private static void until(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).until(driver -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
