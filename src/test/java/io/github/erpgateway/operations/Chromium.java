package io.github.erpgateway.operations;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The headless Chromium of the browser tests: the Debian packages chromium and chromium-driver, installed by
 * .ci/install-chromium.sh when missing. Selenium Manager is never used (it would try to download a browser): the
 * driver and browser paths are given explicitly.
 */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** What .ci/install-chromium.sh exits with when it cannot install here (not root, no apt-get). */
    private static final int CANNOT_INSTALL_HERE = 2;
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private Chromium() {
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    /**
     * Makes sure Chromium and chromedriver are installed, running .ci/install-chromium.sh if they are not. Aborts the
     * calling test (a JUnit assumption, reported as skipped with the reason) when they cannot be installed on this
     * machine; fails when an installation was possible but did not work.
     */
    static void ensureInstalled() {
        if (installed()) {
            return;
        }
        Path script = projectDirectory().resolve(".ci/install-chromium.sh");
        Assumptions.assumeTrue(Files.isRegularFile(script),
                () -> BINARY + " or " + DRIVER + " is missing and there is no " + script + " to install them");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")),
                () -> BINARY + " or " + DRIVER + " is missing and there is no /bin/bash to run " + script);

        Process process;
        try {
            process = new ProcessBuilder("/bin/bash", script.toString())
                    .directory(projectDirectory().toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            Assumptions.abort(BINARY + " or " + DRIVER + " is missing and " + script + " cannot be started: " + e);
            return;
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        int exit;
        try {
            if (!process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within " + INSTALL_TIMEOUT.toMinutes()
                        + " minutes:\n" + output.getNow("(no output)"));
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + script + " was installing Chromium", e);
        }
        String log = output.join();
        System.out.print(log);
        if (exit == CANNOT_INSTALL_HERE) {
            Assumptions.abort("Chromium cannot be installed on this machine, so the browser test cannot run: "
                    + log.strip());
        }
        if (exit != 0 || !installed()) {
            throw new AssertionError(script + " exited with " + exit + " and " + BINARY + " / " + DRIVER
                    + (installed() ? " are there" : " are still missing") + ":\n" + log);
        }
    }

    /**
     * Starts headless Chromium with a fresh profile in {@code userDataDir}. The caller quits it.
     */
    static ChromeDriver start(Path userDataDir) {
        // quiet: Selenium has no CDP bindings for every Chromium release and says so at WARNING on each start
        Logger.getLogger("org.openqa.selenium.devtools").setLevel(Level.SEVERE);
        Logger.getLogger("org.openqa.selenium.chromium").setLevel(Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1600,1000",
                "--user-data-dir=" + userDataDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** The project's root: surefire sets basedir; the working directory otherwise. */
    static Path projectDirectory() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
