package io.github.erpgateway.operations;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * HawtioConsoleCheck as in production (and so on the other tests' gateway): logins required, logged in on Hawtio's own page as a viewer. Proves that the
 * management port's login filter, origin check, SameSite session cookie and the viewer's read-only Jolokia policy
 * leave Hawtio's Camel view working.
 */
class HawtioLoginBrowserIT extends HawtioConsoleCheck {

    @Override
    protected void logIn(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250));
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id")));
        user.sendKeys("test-viewer");
        browser.findElement(By.id("pf-login-password-id")).sendKeys("viewer-password");
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("pf-login-username-id")));
    }
}
