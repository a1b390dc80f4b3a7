package io.github.erpgateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.TestSources;
import org.apache.camel.Route;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Opens the Hawtio console of the running gateway in headless Chromium, as an operator would, and checks that the
 * Camel plugin's routes table lists the gateway's routes. Leaves a screenshot in target/hawtio-routes.png (also when
 * it fails) and, when it passes and -Dupdate-docs=true is given, in docs/hawtio-routes.png.
 *
 * <p>Navigation in Hawtio 5: left navigation "Camel", then in the Camel tree the context erp-webhook-gateway and its
 * "routes" folder, then the "Routes" tab (the context node itself only has Attributes, Operations, Exchanges and
 * Chart).
 */
@DisableJmx(false) // camel-test-spring-junit5 turns Camel JMX off by default; the Camel plugin reads the MBeans
abstract class HawtioConsoleCheck extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONTEXT = "erp-webhook-gateway";
    /** Every source's webhook route (routes/&lt;source&gt;.camel.yaml) and the shared publishing route. */
    private static final List<String> REQUIRED_ROUTES = Stream.concat(
            TestSources.inRoutes().stream().map(source -> source + "-webhook"), Stream.of("publish-cloudevent")).toList();

    private static final String NODE_TEXT = "div//button[contains(@class,'tree-view__node-text')]";
    private static final By CAMEL_NAV = By.xpath("//nav[@aria-label='Global']//a[normalize-space()='Camel']");
    private static final String CONTEXT_ITEM = "//ul[@role='tree']/li[@role='treeitem'][" + NODE_TEXT
            + "[normalize-space()='" + CONTEXT + "']]";
    private static final By CONTEXT_NODE = By.xpath(CONTEXT_ITEM + "/" + NODE_TEXT);
    private static final By CONTEXT_TOGGLE =
            By.xpath(CONTEXT_ITEM + "/div//button[contains(@class,'tree-view__node-toggle')]");
    private static final String ROUTES_ITEM = CONTEXT_ITEM + "/ul/li[@role='treeitem'][" + NODE_TEXT
            + "[normalize-space()='routes']]";
    private static final By ROUTES_NODE = By.xpath(ROUTES_ITEM + "/" + NODE_TEXT);
    private static final By ROUTES_TAB = By.xpath("//nav[@aria-label='Camel Nav']//a[normalize-space()='Routes']");
    private static final By ROUTES_TABLE = By.cssSelector("table[data-testid='camel-routes-table']");
    private static final By ROUTE_ROWS = By.cssSelector("table[data-testid='camel-routes-table'] tbody tr");

    @LocalServerPort
    private int port;

    private ChromeDriver browser;
    private Path profile;

    @BeforeAll
    static void chromiumIsInstalled() {
        Chromium.ensureInstalled();
    }

    @AfterEach
    void quitBrowser() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            browser = null;
            deleteQuietly(profile);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a backstop: each wait gives up after 60 s
    void theCamelPluginListsTheGatewayRoutes() throws Exception {
        Path target = Chromium.projectDirectory().resolve("target");
        profile = target.resolve("chromium-profile-" + UUID.randomUUID());
        Files.createDirectories(profile);
        Path screenshot = target.resolve("hawtio-routes.png");
        Files.deleteIfExists(screenshot);
        browser = Chromium.start(profile);

        boolean passed = false;
        try {
            showRoutesTable();
            Map<String, String> shown = awaitRoutes();

            List<String> running = camelContext.getRoutes().stream().map(Route::getRouteId).sorted().toList();
            assertThat(running).containsAll(REQUIRED_ROUTES);
            assertThat(shown.keySet()).as("route ids in Hawtio's routes table")
                    .containsExactlyInAnyOrderElementsOf(running);
            for (String route : REQUIRED_ROUTES) {
                assertThat(shown.get(route)).as("state of %s in Hawtio", route).isEqualTo("Started");
            }
            passed = true;
        } finally {
            saveScreenshot(screenshot, passed);
        }
        // the README's picture is refreshed only when asked for (-Dupdate-docs=true), so a test run leaves the tree clean
        if (Boolean.getBoolean("update-docs")) {
            Files.copy(screenshot, Chromium.projectDirectory().resolve("docs/hawtio-routes.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Hawtio start page, "Camel" in the left navigation, the context, its routes folder, the "Routes" tab. */
    private void showRoutesTable() {
        browser.get("http://127.0.0.1:" + port + "/actuator/hawtio/");
        logIn(browser);

        click(CAMEL_NAV); // appears once Hawtio has found the Camel MBeans through Jolokia
        await("the Camel plugin", d -> d.getCurrentUrl().contains("/actuator/hawtio/camel"));

        click(CONTEXT_NODE);
        await("the context " + CONTEXT + " selected",
                d -> "true".equals(d.findElement(By.xpath(CONTEXT_ITEM)).getDomAttribute("aria-selected")));
        // selecting a tree node may also toggle it: make sure the context shows its folders
        await("the context " + CONTEXT + " expanded", d -> {
            if (!"true".equals(d.findElement(By.xpath(CONTEXT_ITEM)).getDomAttribute("aria-expanded"))) {
                d.findElement(CONTEXT_TOGGLE).click();
                return false;
            }
            return d.findElement(ROUTES_NODE).isDisplayed();
        });

        click(ROUTES_NODE);
        await("the routes folder selected",
                d -> "true".equals(d.findElement(By.xpath(ROUTES_ITEM)).getDomAttribute("aria-selected")));

        click(ROUTES_TAB);
        await("the Routes tab", d -> d.getCurrentUrl().endsWith("/actuator/hawtio/camel/routes"));
        wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(ROUTES_TABLE));
    }

    /** Nothing to do here: this test runs without a login, as the demo profile. */
    protected void logIn(WebDriver browser) {
    }

    /** Waits until the table shows every route the gateway runs; returns route id to state as displayed. */
    private Map<String, String> awaitRoutes() {
        List<String> expected = camelContext.getRoutes().stream().map(Route::getRouteId).toList();
        Map<String, String> shown = new LinkedHashMap<>();
        try {
            await("the routes table listing " + expected, d -> {
                shown.clear();
                for (WebElement row : d.findElements(ROUTE_ROWS)) {
                    String name = row.findElement(By.cssSelector("td[data-label='Name']")).getText().strip();
                    String state = row.findElement(By.cssSelector("td[data-label='State']")).getText().strip();
                    shown.put(name, state);
                }
                return shown.keySet().containsAll(expected)
                        && REQUIRED_ROUTES.stream().allMatch(r -> "Started".equals(shown.get(r)));
            });
        } catch (TimeoutException e) {
            // fall through: the assertions say what is missing
        }
        return Map.copyOf(shown);
    }

    /** Clicks the element once it is there and clickable, riding out re-renders. */
    private void click(By by) {
        await("clicking " + by, d -> {
            WebElement element = d.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            try {
                element.click();
                return true;
            } catch (ElementNotInteractableException e) {
                // includes ElementClickInterceptedException: an overlay or a re-render; try again
                return false;
            }
        });
    }

    private void await(String what, Function<WebDriver, Boolean> condition) {
        wait(WAIT).withMessage(() -> "waiting " + WAIT.toSeconds() + " s for " + what + " (at "
                + browser.getCurrentUrl() + ")").until(condition::apply);
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(250));
        wait.ignoring(NoSuchElementException.class, StaleElementReferenceException.class);
        return wait;
    }

    /** Always leaves target/hawtio-routes.png, and the page source beside it when the test failed. */
    private void saveScreenshot(Path screenshot, boolean passed) {
        try {
            Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
            System.out.println("Hawtio screenshot: " + screenshot);
            if (!passed) {
                Files.writeString(screenshot.resolveSibling("hawtio-routes.html"), browser.getPageSource());
            }
        } catch (RuntimeException | IOException e) {
            if (passed) {
                throw new IllegalStateException("could not save the screenshot " + screenshot, e);
            }
            System.err.println("could not save the screenshot of the failed test: " + e);
        }
    }

    private static void deleteQuietly(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // Chromium may still be writing into its profile while it shuts down; target/ is disposable
                }
            }
        }
    }
}
