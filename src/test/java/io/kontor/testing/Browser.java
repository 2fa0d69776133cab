package io.kontor.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless Chromium driven through its chromedriver, as a person's browser: cookies, redirects, scripts.
 * Where the packages are missing, the test is skipped with a message — except in CI ({@code CI=true}), whose
 * {@code .ci/run} installs them, so a missing browser there fails instead of passing unseen.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    public final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser open() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs Debian's chromium and chromium-driver (.ci/run installs them)");
        }
        Assumptions.assumeTrue(installed, "browser test skipped: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** Opens {@code url}, and logs in with the hub's login form if the hub asks for it. */
    public void openAs(String url, String user, String password) {
        driver.get(url);
        if (driver.getCurrentUrl().contains("/login")) {
            driver.findElement(By.name("username")).sendKeys(user);
            driver.findElement(By.name("password")).sendKeys(password);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
        }
    }

    /** Waits until the page's text contains {@code text} (across redirects: a page replaced while read is read again). */
    public void awaitText(String text, Duration atMost) {
        new WebDriverWait(driver, atMost).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    /**
     * A JSON POST from the page's own session, as Hawtio sends it: with the XSRF-TOKEN cookie's value as
     * X-XSRF-TOKEN when {@code withToken}. Answers the HTTP status and the body, "status body".
     */
    public String postFromPage(String path, String json, boolean withToken) {
        Object answer = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const cookie = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
                const headers = {'Content-Type': 'application/json'};
                if (arguments[2] && cookie) { headers['X-XSRF-TOKEN'] = decodeURIComponent(cookie.substring(11)); }
                fetch(arguments[0], {method: 'POST', headers: headers, body: arguments[1]})
                    .then(r => r.text().then(t => done(r.status + ' ' + t)))
                    .catch(e => done('failed ' + e));""", path, json, withToken);
        return String.valueOf(answer);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
