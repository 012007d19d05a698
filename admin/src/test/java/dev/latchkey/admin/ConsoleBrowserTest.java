package dev.latchkey.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import dev.latchkey.InMemoryCredentialSource;
import dev.latchkey.Latchkey;
import dev.latchkey.keystore.file.FileKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless Chromium driven through Debian's chromedriver (named
 * explicitly, so Selenium never downloads one). One browser session for the whole class. Screenshots go
 * to {@code target/console-screenshots/}.
 *
 * <p>Where Chromium is not installed the test says so loudly and is skipped, except under CI
 * ({@code CI=true}), where it fails: CI installs Chromium, so there it must run.
 */
class ConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ADMIN = "browser-test-admin-credential";
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  @TempDir
  static Path dir;
  private static FileKeyStore store;
  private static Authenticator authenticator;
  private static AdminServer server;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void startBrowserAndServer() throws IOException {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed) {
      String message = "\n*** The console's browser test did NOT run: Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ").\n"
          + "*** Install it with: apt-get install -y chromium chromium-driver\n";
      System.err.println(message);
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("Chromium must be installed in CI (.ci/run installs it)" + message);
      }
      Assumptions.abort(message);
    }
    store = FileKeyStore.builder(dir.resolve("keys.json")).open();
    authenticator = Latchkey.builder()
        .source(InMemoryCredentialSource.create().add(ADMIN, "root", AdminHandler.DEFAULT_ADMIN_ROLE))
        .source(store)
        .build();
    server = AdminServer.start(AdminHandler.builder(store).authenticator(authenticator).build(), authenticator);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.origin().toString(),
        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (authenticator != null) {
      authenticator.close();
    }
  }

  @Test
  void aKeyCreatedInTheConsoleWorksUntilItIsRevokedThere() throws Exception {
    browser.get(server.console().toString());
    browser.findElement(By.id("credential")).sendKeys(ADMIN);
    browser.findElement(By.id("signin-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("create-form")));
    screenshot("01-signed-in");

    browser.findElement(By.id("create-name")).sendKeys("browser-bot");
    browser.findElement(By.id("create-roles")).sendKeys("deploy");
    browser.findElement(By.id("create-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued")));
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[td[@class='name' and text()='browser-bot']]")));
    assertThat(row.findElement(By.cssSelector("td.state")).getText()).isEqualTo("active");
    assertThat(browser.findElement(By.id("issued-warning")).getText()).contains("shown this once");

    browser.findElement(By.id("copy-secret")).click();
    wait.until(ExpectedConditions.textToBe(By.id("copy-status"), "Copied."));
    String copied = (String) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('refused: ' + e));");
    assertThat(copied).isEqualTo(browser.findElement(By.id("issued-secret")).getDomProperty("value")).startsWith("lk_");
    screenshot("02-created-secret-shown-once");
    assertThat(hello(copied)).isEqualTo(200);

    browser.findElement(By.id("issued-done")).click();
    assertThat(browser.findElement(By.id("issued-secret")).getDomProperty("value")).isEmpty();
    row.findElement(By.cssSelector("button.revoke")).click();
    wait.until(ExpectedConditions.textToBe(By.xpath("//tr[td[@class='name' and text()='browser-bot']]/td[contains(@class,'state')]"), "revoked"));
    screenshot("03-revoked");
    assertThat(hello(copied)).isEqualTo(401);

    browser.findElement(By.xpath("//tr[td[@class='name' and text()='browser-bot']]//button[contains(@class,'delete')]")).click();
    browser.findElement(By.cssSelector("button.confirm-delete")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
    screenshot("04-deleted");
    assertThat(store.size()).isZero();
    assertThat(browser.manage().getCookies()).isEmpty();
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
        .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught"));
  }

  /** {@code GET /api/hello} with {@code secret}: the status. */
  private static int hello(String secret) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.origin() + "/api/hello")).header("Authorization", "Bearer " + secret).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void screenshot(String name) {
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
