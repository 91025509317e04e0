package org.mlsmesh.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real headless browser (Debian's chromium and chromedriver, driven by
 * Selenium): the token form, then peers, the group with its epoch, authenticator and members, and
 * the recent events of two real nodes. Skipped, saying why, when chromium or chromedriver is
 * missing. Leaves a screenshot in {@code target/status-page.png}.
 */
@Timeout(180)
class StatusPageBrowserTest {
  @Test
  void showsTheNodeAfterTheTokenIsGiven(@TempDir Path dir) throws Exception {
    Optional<Path> browser = onPath("chromium", "chromium-browser", "google-chrome");
    Optional<Path> driverBinary = onPath("chromedriver");
    Assumptions.assumeTrue(
        browser.isPresent() && driverBinary.isPresent(),
        "status page browser test skipped: chromium and chromedriver are not on the PATH"
            + " (Debian: apt-get install chromium chromium-driver)");
    try (ControlledNode alice = ControlledNode.start(dir.resolve("alice"), List.of(), 1000);
        ControlledNode bob =
            ControlledNode.start(dir.resolve("bob"), List.of(alice.node.pinnedAddress()), 1000)) {
      GroupId group = alice.node.createGroup().toCompletableFuture().get();
      ControlledNode.invite(alice.node, group, bob.node.identity());
      for (int i = 1; i <= 3; i++) {
        alice.node.send(group, ("message " + i).getBytes()).toCompletableFuture().get();
      }
      // Both commit at once: a race for one epoch, which the fork choice settles.
      CompletableFuture.allOf(
              alice.node.update(group).toCompletableFuture(),
              bob.node.update(group).toCompletableFuture())
          .get(60, TimeUnit.SECONDS);
      bob.node.send(group, "after the race".getBytes()).toCompletableFuture().get();
      GroupStatus status = alice.node.status(group).toCompletableFuture().get();

      WebDriver driver = browser(browser.get(), driverBinary.get());
      try {
        driver.get(alice.httpUrl("/status"));
        driver.findElement(By.id("token")).sendKeys("not the token");
        driver.findElement(By.id("login")).click();
        assertThat(driver.findElements(By.id("wrong-token"))).hasSize(1);

        driver.findElement(By.id("token")).sendKeys(alice.token());
        driver.findElement(By.id("login")).click();
        assertThat(driver.findElement(By.id("node-id")).getText())
            .isEqualTo(alice.node.identity().toHex());
        assertThat(Integer.parseInt(driver.findElement(By.id("peers")).getAttribute("data-linked")))
            .isGreaterThanOrEqualTo(1);
        WebElement card =
            driver.findElement(By.cssSelector(".group[data-group-id='" + group.toHex() + "']"));
        assertThat(Long.parseLong(card.getAttribute("data-epoch")))
            .isGreaterThanOrEqualTo(status.epoch());
        assertThat(card.findElement(By.className("authenticator")).getText())
            .startsWith(status.epochAuthenticator().toHex().substring(0, 16));
        assertThat(card.findElements(By.className("member"))).hasSize(2);
        assertThat(card.getText()).contains(bob.node.identity().toHex());
        assertThat(driver.findElements(By.cssSelector("svg"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(driver.findElements(By.cssSelector("#events tr.event")))
            .hasSizeGreaterThanOrEqualTo(5);
        assertThat(driver.findElement(By.id("forks")).getText())
            .contains("Commits that lost a race");
        assertThat(driver.getPageSource())
            .doesNotContain(alice.token())
            .doesNotContain("message 1");

        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 1900));
        Path shot = Path.of("target", "status-page.png");
        Files.createDirectories(shot.getParent());
        Files.copy(
            ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
            shot,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        driver.quit();
      }
    }
  }

  private static WebDriver browser(Path binary, Path driverBinary) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    return driver;
  }

  private static Optional<Path> onPath(String... names) {
    for (String name : names) {
      for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path candidate = folder.isEmpty() ? null : Path.of(folder, name);
        if (candidate != null && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
