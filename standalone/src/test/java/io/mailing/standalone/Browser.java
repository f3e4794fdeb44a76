package io.mailing.standalone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A real headless Chromium (the system's {@code chromium} and {@code chromedriver}, Debian packages) that finds
 * things as a person does: a field by its label, a button or a link by its accessible name, a progress bar by its
 * name. A test class registers one ({@code @RegisterExtension static final Browser browser = Browser.ofConsole(..)})
 * next to its running platform: it starts before the first test, on the platform's port, and each test begins
 * signed out on the sign-in page at the class's window size; it quits after the last. Without Chromium every test of
 * the class is skipped, and says why.
 */
final class Browser implements BeforeEachCallback, AfterAllCallback {

    /** How long a test waits for a page to change by itself. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Duration APPEARS = Duration.ofSeconds(10);
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    private final Dimension window;
    private ChromeDriver driver;
    private String base;

    private Browser(Dimension window) {
        this.window = window;
    }

    /** A browser for the console of the class's running platform, with a window this large. */
    static Browser ofConsole(int width, int height) {
        return new Browser(new Dimension(width, height));
    }

    /**
     * Waiting for the page to change by itself: what was found a moment ago may be replaced, or briefly absent,
     * meanwhile.
     */
    static ConditionFactory live() {
        return await().atMost(PATIENCE).ignoreExceptionsInstanceOf(WebDriverException.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (driver == null) {
            Environment platform =
                    SpringExtension.getApplicationContext(context).getEnvironment();
            start("http://127.0.0.1:" + platform.getRequiredProperty("local.server.port"));
        }
        driver.manage().window().setSize(window);
        open("/sign-in");
        forgetEverything();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    /** Starts Chromium on the server at {@code base}, or skips the calling test when it is not installed. */
    private void start(String base) {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: no Chromium at " + CHROMIUM + " or no chromedriver at " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=" + window.getWidth() + "," + window.getHeight(),
                        "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        this.base = base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    String pageSource() {
        return driver.getPageSource();
    }

    /**
     * Signs in on the sign-in page and waits until the browser has left it (the next page, or the sign-in page again
     * with its error): a page opened before the answer arrived would be opened without the session.
     */
    void signIn(String username, String password) {
        open("/");
        field("Username").sendKeys(username);
        field("Password").sendKeys(password);
        submit("Sign in");
    }

    /**
     * Presses the button named {@code name} that submits a whole page's form, and waits until the next page has
     * replaced this one: what is looked for afterwards is looked for on the answer, not on the page it left.
     */
    void submit(String name) {
        navigating(() -> press(name));
    }

    /** Follows the link named {@code name} and waits until the page it leads to has replaced this one. */
    void follow(String name) {
        navigating(() -> link(name).click());
    }

    private void navigating(Runnable action) {
        WebElement page = driver.findElement(By.tagName("html"));
        action.run();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(gone -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException e) {
                if (replacedWhileRead(e)) {
                    return true;
                }
                throw e;
            }
        });
    }

    void forgetEverything() {
        driver.manage().deleteAllCookies();
    }

    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /**
     * The form field whose label reads {@code label}, waited for up to {@link #APPEARS}: right after a click that
     * opens another page, the labels looked at may belong to the page being left.
     */
    WebElement field(String label) {
        try {
            return new WebDriverWait(driver, APPEARS)
                    .ignoring(StaleElementReferenceException.class)
                    .until(page -> {
                        for (WebElement candidate : driver.findElements(By.tagName("label"))) {
                            if (candidate.getText().strip().equals(label)) {
                                return driver.findElement(By.id(candidate.getDomAttribute("for")));
                            }
                        }
                        return null;
                    });
        } catch (TimeoutException absent) {
            throw new NoSuchElementException("No field labelled " + label);
        }
    }

    /**
     * Presses the button named {@code name} once it is there; parts of a page are replaced while it is open, so a
     * button found a moment before may have been replaced by the time it is pressed.
     */
    void press(String name) {
        await("the " + name + " button")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptionsInstanceOf(WebDriverException.class)
                .until(() -> {
                    button(name).click();
                    return true;
                });
    }

    WebElement button(String name) {
        return appearing(By.tagName("button"), name, "button");
    }

    /** The button named {@code name} if the page shows one now. */
    Optional<WebElement> findButton(String name) {
        return named(By.tagName("button"), name);
    }

    WebElement link(String name) {
        return appearing(By.tagName("a"), name, "link");
    }

    /** The link named {@code name} if the page shows one now. */
    Optional<WebElement> findLink(String name) {
        return named(By.tagName("a"), name);
    }

    WebElement heading(String name) {
        return appearing(By.cssSelector("h1, h2, h3"), name, "heading");
    }

    /** The element with the progressbar role and this accessible name. */
    WebElement progressbar(String name) {
        return named(By.cssSelector("progress, [role=progressbar]"), name)
                .filter(element -> element.getAriaRole().equals("progressbar"))
                .orElseThrow(() -> new NoSuchElementException("No progress bar named " + name));
    }

    /** The names of the buttons a user could press now. */
    List<String> enabledButtons() {
        return driver.findElements(By.cssSelector("button, input[type=submit], input[type=button]")).stream()
                .filter(WebElement::isEnabled)
                .filter(WebElement::isDisplayed)
                .map(WebElement::getAccessibleName)
                .toList();
    }

    /**
     * The names of the enabled, visible controls that would change something: a button of a form that posts (but
     * signing out) or one that htmx sends with a writing method. Buttons that only read (a filter, a picker) are not.
     */
    List<String> writeControls() {
        Object names = driver.executeScript("""
                return [...document.querySelectorAll('button, input[type=submit], input[type=button]')]
                    .filter(control => !control.disabled && control.offsetParent !== null)
                    .filter(control => ['hx-post', 'hx-put', 'hx-patch', 'hx-delete']
                            .some(method => control.hasAttribute(method) || control.closest('[' + method + ']'))
                        || (control.form && control.form.method === 'post'
                            && !control.form.action.endsWith('/sign-out')))
                    .map(control => (control.textContent || control.value).trim());
                """);
        return ((List<?>) names).stream().map(String::valueOf).toList();
    }

    /** Whether the page has replaced this element since it was found (a live part swapped in anew). */
    boolean replaced(WebElement element) {
        try {
            element.isDisplayed();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        }
    }

    /** Whether the page has its stylesheets, each loaded with rules in it (a page whose CSS is missing still works). */
    boolean styled() {
        return (Boolean) driver.executeScript("""
                const sheets = [...document.styleSheets];
                return sheets.length > 0 && sheets.every(sheet => {
                    try { return sheet.cssRules.length > 0; } catch (e) { return false; }
                });
                """);
    }

    /** The text of what describes the element ({@code aria-describedby}): its error message, on a form. */
    String describedBy(WebElement element) {
        String ids = element.getDomAttribute("aria-describedby");
        if (ids == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (String id : ids.split(" ")) {
            text.append(driver.findElement(By.id(id)).getText());
        }
        return text.toString();
    }

    /** The CSRF token the page's forms carry (a hidden field, so no person sees it; a forger would want it). */
    String csrfToken() {
        return driver.findElement(By.name("_csrf")).getDomProperty("value");
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Scrolls the page so that the element stands in the middle of the window, as a reader would to look at it. */
    void show(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    /** The page as it looks now, as a PNG in {@code target/console-screenshots/<name>.png}. */
    void screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "console-screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The first candidate with this accessible name now, if any. */
    private Optional<WebElement> named(By candidates, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElements(candidates).stream()
                        .filter(element ->
                                name.equals(element.getAccessibleName().strip()))
                        .findFirst();
            } catch (WebDriverException replaced) {
                if (!replacedWhileRead(replaced) || attempt == 3) {
                    throw replaced;
                }
            }
        }
    }

    /**
     * Whether the element was swapped out while it was read (or its page left): Chrome says so as a stale element, or, when the swap
     * falls between finding the node and reading its accessible name, as an inspector error about a node that no
     * longer belongs to the document, or about a frame detached because its page was left.
     */
    private static boolean replacedWhileRead(WebDriverException e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof StaleElementReferenceException
                || message.contains("does not belong to the document")
                || message.contains("Frame is detached");
    }

    /**
     * The first candidate with this accessible name, waited for up to {@link #APPEARS}: a live page swaps its parts
     * in place, and a part just swapped in may not be in the accessibility tree yet.
     */
    private WebElement appearing(By candidates, String name, String what) {
        try {
            return new WebDriverWait(driver, APPEARS).until(page -> {
                try {
                    return named(candidates, name).orElse(null);
                } catch (WebDriverException e) {
                    if (replacedWhileRead(e)) {
                        return null;
                    }
                    throw e;
                }
            });
        } catch (TimeoutException absent) {
            throw new NoSuchElementException("No " + what + " named " + name);
        }
    }

    /** The picture ({@code role="img"}, an SVG chart for one) with this accessible name, waited for. */
    WebElement image(String name) {
        return appearing(By.cssSelector("[role=img]"), name, "image");
    }

    /** The summary of a {@code <details>} that reads {@code name}: clicking it shows or hides what it hides. */
    WebElement summary(String name) {
        return appearing(By.tagName("summary"), name, "summary");
    }

    /**
     * Sets the field labelled {@code label} to {@code value} as its form would send it, as its native picker would (a
     * {@code datetime-local} field's {@code 2030-01-31T09:00}, which typing would have to spell in the order of the
     * browser's locale), and tells the page it changed.
     */
    void fill(String label, String value) {
        driver.executeScript(
                "arguments[0].value = arguments[1];"
                        + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                        + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                field(label),
                value);
    }

    /** Answers OK to the confirmation the page asks for ({@code hx-confirm}), once it asks. */
    void confirm() {
        new WebDriverWait(driver, APPEARS)
                .until(ExpectedConditions.alertIsPresent())
                .accept();
    }
}
