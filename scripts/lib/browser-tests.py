"""The applicants' pages in headless Chromium, over WebDriver (chromedriver).

Started by scripts/lib/browser.sh against a vtrack-server on a seeded database
(open position `editor`, skill `editing`, privacy notice 2026-01). It applies
through the form in every language with scripts on and off, sends a form with
errors and one twice, and uses the status page (view, the thread and a
reply, availability, withdraw, erase). On every page: axe-core (WCAG 2.0/2.1/2.2 A and AA; violations of
impact serious or critical fail, all are printed), no cookie, no Web Storage;
once per kind of page: Tab reaches every control in document order, each with
a visible focus. Screenshots of each page go to $VTRACK_BROWSER_SCREENSHOTS.

Environment: VTRACK_BROWSER_BASE (the server), VTRACK_BROWSER_AXE (axe.min.js),
VTRACK_BROWSER_SCREENSHOTS (a folder), VTRACK_BROWSER_PSQL and
VTRACK_BROWSER_DATABASE with PGPASSWORD (to count applications).
"""

import base64
import os
import subprocess
import sys
import time
import traceback
import uuid

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["VTRACK_BROWSER_BASE"]
AXE_SOURCE = open(os.environ["VTRACK_BROWSER_AXE"], encoding="utf-8").read()
SHOTS = os.environ["VTRACK_BROWSER_SCREENSHOTS"]
LANGUAGES = ["en", "ru", "uk", "cs"]
ZONE = "Europe/Prague"  # the browser's time zone, which the optional script pre-selects
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}

failures = []
axe_counts = {"passes": 0, "violations": 0, "incomplete": 0}
checked_keyboard = set()
pages_checked = 0


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}", flush=True)


def check(condition, message):
    if not condition:
        fail(message)
    return condition


def sql(statement):
    result = subprocess.run(
        [os.environ["VTRACK_BROWSER_PSQL"], "-X", "-q", "-A", "-t", "-d", os.environ["VTRACK_BROWSER_DATABASE"],
         "-c", statement],
        check=True, capture_output=True, text=True)
    return result.stdout.strip()


def count_applications():
    return int(sql("SELECT count(*) FROM applications"))


def count_replies():
    return int(sql("SELECT count(*) FROM messages WHERE direction = 'from_applicant'"))


def browser(scripts, accept_language=None):
    options = webdriver.ChromeOptions()
    if accept_language:
        options.add_experimental_option("prefs", {"intl.accept_languages": accept_language})
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1024,800", "--lang=en-GB", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ZONE})
    if not scripts:
        # The DevTools protocol's switch rather than Blink's setting, so that
        # axe-core, which needs timers, can be let run for its check alone.
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.scripts = scripts
    return driver


def screenshot(driver, name):
    """The whole page, not just the window, through the DevTools protocol
    (which works with the page's scripts off)."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    with open(os.path.join(SHOTS, f"{name}.png"), "wb") as file:
        file.write(base64.b64decode(shot["data"]))


def run_axe(driver, name, expected=False):
    """axe-core, injected through WebDriver: the page's policy allows only
    its own scripts, but WebDriver's scripts are not the page's."""
    if not driver.scripts:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    try:
        return axe_check(driver, name, expected)
    finally:
        if not driver.scripts:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})


def axe_check(driver, name, expected):
    driver.execute_script(AXE_SOURCE)
    if not check(driver.execute_script("return typeof axe === 'object'"), f"{name}: axe-core could not be injected"):
        return {"error": "not injected"}
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done({passes: r.passes.length, incomplete: r.incomplete.map(v => v.id), violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').join(' '))}))}),"
        " e => done({error: String(e)}))", AXE_TAGS)
    if "error" in result:
        fail(f"{name}: axe-core failed: {result['error']}")
        return result
    if expected:
        return result
    axe_counts["passes"] += result["passes"]
    axe_counts["violations"] += len(result["violations"])
    axe_counts["incomplete"] += len(result["incomplete"])
    if result["incomplete"]:
        print(f"axe {name}: to review by hand: {', '.join(result['incomplete'])}", flush=True)
    for violation in result["violations"]:
        print(f"axe {name}: {violation['impact']} {violation['id']}: {violation['help']}", flush=True)
        for node in violation["nodes"][:5]:
            print(f"    {node}", flush=True)
        if violation["impact"] in FAILING_IMPACTS and not expected:
            fail(f"{name}: axe {violation['impact']} violation {violation['id']}")
    return result


def check_privacy(driver, name):
    """No cookie (WebDriver's list and the page's own), no Web Storage."""
    check(driver.get_cookies() == [], f"{name}: the browser holds cookies: {driver.get_cookies()}")
    stored = driver.execute_script("return [document.cookie, localStorage.length, sessionStorage.length]")
    check(stored == ["", 0, 0], f"{name}: document.cookie, localStorage or sessionStorage used: {stored}")


def check_keyboard(driver, name):
    """Tab from the top reaches every control in document order, each with a
    visible focus indicator (an outline or a shadow)."""
    expected = driver.execute_script("""
        const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]';
        return [...document.querySelectorAll(selector)].filter(e =>
            !e.disabled && e.tabIndex >= 0 && e.getAttribute('tabindex') !== '-1' &&
            (e.getClientRects().length > 0 || e.classList.contains('skip')));""")
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    body = driver.find_element(By.TAG_NAME, "body")
    reached = []
    for _ in range(len(expected) * 4 + 10):
        body.send_keys(Keys.TAB) if not reached else driver.switch_to.active_element.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        if active.tag_name == "body":
            break
        if reached and reached[-1] == active:
            continue  # the parts of a time input are stops of the same control
        if active in reached:
            break
        reached.append(active)
        style = driver.execute_script("""
            const s = getComputedStyle(arguments[0]); const r = arguments[0].getBoundingClientRect();
            return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                    shadow: s.boxShadow !== 'none', inView: r.right > 0 && r.bottom > 0 && r.left < innerWidth,
                    what: arguments[0].outerHTML.slice(0, 80)};""", active)
        check(style["outline"] or style["shadow"], f"{name}: no visible focus on {style['what']}")
        check(style["inView"], f"{name}: the focused control is off screen: {style['what']}")
    describe = lambda e: e.get_attribute("outerHTML")[:80]
    print(f"keyboard {name}: Tab reached {len(reached)} of {len(expected)} controls", flush=True)
    if not check(reached == expected,
                 f"{name}: Tab order differs from the controls' order: reached {len(reached)} of {len(expected)}"):
        for index, element in enumerate(expected):
            got = describe(reached[index]) if index < len(reached) else "-"
            print(f"    expected {describe(element)} | got {got}", flush=True)


def page(driver, name, kind):
    """Every check a page gets; the keyboard check once per kind of page."""
    global pages_checked
    pages_checked += 1
    screenshot(driver, name)
    check_privacy(driver, name)
    # WebDriver's scripts run even when the page's may not.
    run_axe(driver, name)
    if kind not in checked_keyboard:
        checked_keyboard.add(kind)
        check_keyboard(driver, name)


def open_page(driver, path):
    driver.get(BASE + path)


def navigating(driver, action):
    """Does what navigates, then waits for the next page to have loaded."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()

    def replaced(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:  # Chromium's other way of saying it, mid-navigation
            if "does not belong to the document" in (error.msg or ""):
                return True
            raise

    WebDriverWait(driver, 20).until(replaced)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def submit(driver, form_xpath="//main//form[@method='post']"):
    button = driver.find_element(By.XPATH, form_xpath + "//button[@type='submit']")
    navigating(driver, button.click)


def set_time(driver, element_id, value):
    """A time input's value: what typing gives depends on the locale's
    clock (12 or 24 hours), so it is set rather than typed."""
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, element_id), value)


def fill_application(driver, email, name="Browser Applicant", consent=True, languages="uk, en"):
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "languages").send_keys(languages)
    driver.find_element(By.ID, "skill-editing").click()
    zone = Select(driver.find_element(By.ID, "time_zone"))
    chosen = zone.first_selected_option.get_attribute("value")
    expected = ZONE if driver.scripts else ""
    check(chosen == expected, f"time zone pre-selected {chosen!r}, expected {expected!r} (scripts {driver.scripts})")
    zone.select_by_visible_text("Europe/Kyiv")
    driver.find_element(By.ID, "hours").send_keys("6")
    Select(driver.find_element(By.ID, "window-1-day")).select_by_value("tue")
    set_time(driver, "window-1-start", "18:00")
    set_time(driver, "window-1-end", "20:30")
    driver.find_element(By.ID, "motivation").send_keys("I edit.")
    if consent:
        driver.find_element(By.ID, "consent").click()


def shown_token(driver):
    elements = driver.find_elements(By.CSS_SELECTOR, ".token input#token")
    return elements[0].get_attribute("value") if elements else None


def apply_in(driver, language):
    mode = "scripts" if driver.scripts else "noscript"
    open_page(driver, f"/positions?lang={language}")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, f"/positions not in {language}")
    page(driver, f"{language}-{mode}-positions", "positions")
    navigating(driver, driver.find_element(By.CSS_SELECTOR, "ul.positions a[href*='/positions/editor']").click)
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, f"the form not in {language}")
    page(driver, f"{language}-{mode}-position", "position")
    before = count_applications()
    fill_application(driver, f"{language}-{mode}-{uuid.uuid4().hex[:8]}@example.org")
    submit(driver, "//form[@action='/positions/editor']")
    token = shown_token(driver)
    check(token, f"{language} ({mode}): no status token after applying: {driver.title}")
    check(count_applications() == before + 1, f"{language} ({mode}): not exactly one new application")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, f"the answer not in {language}")
    page(driver, f"{language}-{mode}-submitted", "submitted")
    return token


def errors_form(driver, language="en"):
    open_page(driver, f"/positions/editor?lang={language}")
    driver.find_element(By.ID, "email").send_keys("not-an-email")
    driver.find_element(By.ID, "languages").send_keys("ukrainian")
    set_time(driver, "window-2-start", "21:00")
    before = count_applications()
    submit(driver, "//form[@action='/positions/editor']")
    check(count_applications() == before, "a form with errors made an application")
    summary = driver.find_elements(By.CSS_SELECTOR, "#error-summary a[href^='#']")
    if not check(summary, "the form with errors shows no error summary"):
        return
    page(driver, f"{language}-errors", "errors")
    targets = [link.get_attribute("href").split("#", 1)[1] for link in summary]
    print(f"error summary links: {targets}", flush=True)
    for index, target in enumerate(targets):
        driver.find_elements(By.CSS_SELECTOR, "#error-summary a[href^='#']")[index].click()
        active = driver.switch_to.active_element
        focused = active.get_attribute("id")
        element = driver.find_element(By.ID, target)
        control = element.tag_name in ("input", "select", "textarea")
        check(focused == target or (not control and element.find_elements(By.ID, focused)),
              f"the summary's link to #{target} focused #{focused or active.tag_name}")
        invalid = active if active.tag_name in ("input", "select", "textarea") else element
        check(invalid.get_attribute("aria-invalid") == "true" or not control,
              f"#{target} is not aria-invalid")
        described = (active.get_attribute("aria-describedby") or "").split()
        check(any(d.endswith("-error") for d in described) or not control,
              f"#{target}'s error is not in its aria-describedby")
    # What was typed is kept.
    check(driver.find_element(By.ID, "email").get_attribute("value") == "not-an-email", "the form lost its values")


def double_submit(driver):
    """Two submissions of one form: a double click, then the same form's key
    once more, as a browser's resubmission sends it. One application each."""
    open_page(driver, "/positions/editor?lang=en")
    before = count_applications()
    email = f"double-{uuid.uuid4().hex[:8]}@example.org"
    fill_application(driver, email)
    key = driver.find_element(By.NAME, "idempotency_key").get_attribute("value")
    button = driver.find_element(By.XPATH, "//form[@action='/positions/editor']//button[@type='submit']")
    navigating(driver, webdriver.ActionChains(driver).double_click(button).perform)
    time.sleep(1)  # the second click's page, should it come after the first's
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    first = shown_token(driver)
    check(first, "double click: no status token shown")
    check(count_applications() == before + 1, f"double click: {count_applications() - before} applications, expected 1")
    # The same form, with the same key, again.
    open_page(driver, "/positions/editor?lang=en")
    fill_application(driver, email)
    driver.execute_script("document.getElementsByName('idempotency_key')[0].value = arguments[0]", key)
    submit(driver, "//form[@action='/positions/editor']")
    check(shown_token(driver) == first, "a resubmission with the same key showed another token")
    check(count_applications() == before + 1, "a resubmission with the same key made another application")


def open_status(driver, token, language, name=None):
    open_page(driver, f"/status?lang={language}")
    if name:
        page(driver, name, "status-entry")
    driver.find_element(By.ID, "token").send_keys(token)
    submit(driver)


REPLY_FORM = "//form[input[@name='action'][@value='reply']]"


def thread_flow(driver, token, language, mode):
    """The thread: empty at first; a reply sent with a double click is one
    message, and so is its form sent again with the same reply_id; an empty
    reply is refused beside the field. A coordinator's message stands in as
    the applicant's first reply turned round (the browser run holds no
    coordinator key to write one): it opens with the same inbox key."""
    check(not driver.find_elements(By.CSS_SELECTOR, "ol.thread"), f"{language}: a new application's thread is not empty")
    before = count_replies()
    reply_id = driver.find_element(By.NAME, "reply_id").get_attribute("value")
    driver.find_element(By.ID, "reply-text").send_keys("Hello,\nwhen do we start? <b>not bold</b>")
    button = driver.find_element(By.XPATH, REPLY_FORM + "//button[@type='submit']")
    navigating(driver, webdriver.ActionChains(driver).double_click(button).perform)
    time.sleep(1)  # the second click's page, should it come after the first's
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    check(count_replies() == before + 1, f"{language} ({mode}): a double click sent {count_replies() - before} replies")
    check(driver.find_elements(By.CSS_SELECTOR, "p.notice[role=status]"), f"{language}: no notice after sending")
    shown = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "ol.thread li.mine .message-text")]
    check(shown == ["Hello,\nwhen do we start? <b>not bold</b>"], f"{language}: the reply is shown as {shown!r}")
    # The same form again, with the same reply_id.
    driver.execute_script("document.getElementsByName('reply_id')[0].value = arguments[0]", reply_id)
    driver.find_element(By.ID, "reply-text").send_keys("Hello,\nwhen do we start? <b>not bold</b>")
    submit(driver, REPLY_FORM)
    check(count_replies() == before + 1, f"{language} ({mode}): the same reply_id made another message")
    # The reply, turned round: the organisation's message, new to the applicant.
    sql(f"UPDATE messages SET direction = 'to_applicant', author = 'browser-test', read_at = NULL, read_by = NULL, "
        f"sent_at = sent_at - interval '1 day' WHERE id = '{reply_id}'")
    driver.find_element(By.ID, "reply-text").send_keys("Next week suits me.\nThank you!")
    submit(driver, REPLY_FORM)
    check(driver.find_elements(By.CSS_SELECTOR, "ol.thread li.new .badge"), f"{language}: the organisation's message is not new")
    check(len(driver.find_elements(By.CSS_SELECTOR, "ol.thread li")) == 2, f"{language}: the thread is not two messages")
    page(driver, f"{language}-{mode}-thread", "status-thread")
    # An empty reply: beside the field and in the summary, whose link focuses it.
    submit(driver, REPLY_FORM)
    summary = driver.find_elements(By.CSS_SELECTOR, "#error-summary a[href='#reply-text']")
    if check(summary, f"{language}: an empty reply shows no error summary"):
        # Checked before the link is followed: its fragment would be where Tab starts.
        page(driver, f"{language}-{mode}-reply-error", "status-reply-error")
        summary[0].click()
        check(driver.switch_to.active_element.get_attribute("id") == "reply-text",
              f"{language}: the summary's link did not focus the reply")
        check(driver.find_element(By.ID, "reply-text").get_attribute("aria-invalid") == "true", "the empty reply is not aria-invalid")
    check(count_replies() == before + 1, f"{language}: an empty reply was stored")


def status_flow(driver, token, language):
    mode = "scripts" if driver.scripts else "noscript"
    open_status(driver, token, language, f"{language}-{mode}-status-entry")
    if not check(driver.find_elements(By.CSS_SELECTOR, "dl.facts"), f"{language}: the token did not open the status page"):
        return
    page(driver, f"{language}-{mode}-status", "status")
    thread_flow(driver, token, language, mode)
    # Availability: new hours and a window.
    hours = driver.find_element(By.ID, "hours")
    hours.clear()
    hours.send_keys("12")
    Select(driver.find_element(By.ID, "window-1-day")).select_by_value("sat")
    set_time(driver, "window-1-start", "10:00")
    set_time(driver, "window-1-end", "12:00")
    submit(driver, "//form[input[@name='action'][@value='availability']]")
    check(driver.find_elements(By.CSS_SELECTOR, "p.notice[role=status]"), f"{language}: no notice after saving availability")
    page(driver, f"{language}-{mode}-availability-saved", "status")
    # Availability with an error.
    driver.find_element(By.ID, "hours").send_keys("lots")
    submit(driver, "//form[input[@name='action'][@value='availability']]")
    check(driver.find_element(By.ID, "hours").get_attribute("aria-invalid") == "true", f"{language}: bad hours not aria-invalid")
    page(driver, f"{language}-{mode}-availability-error", "status-errors")
    # Withdraw: asks first; "back" changes nothing.
    submit(driver, "//form[input[@name='action'][@value='withdraw']]")
    page(driver, f"{language}-{mode}-confirm-withdraw", "confirm")
    submit(driver, "//form[input[@name='action'][@value='view']]")
    check(driver.find_elements(By.XPATH, "//form[input[@name='action'][@value='withdraw']]"), "going back withdrew")
    submit(driver, "//form[input[@name='action'][@value='withdraw']]")
    submit(driver, "//form[input[@name='confirm'][@value='yes']]")
    check(driver.find_elements(By.CSS_SELECTOR, "p.notice[role=status]"), f"{language}: no notice after withdrawing")
    check(not driver.find_elements(By.XPATH, "//form[input[@name='action'][@value='withdraw']]"),
          f"{language}: a withdrawn application still offers withdrawing")
    page(driver, f"{language}-{mode}-withdrawn", "status")
    # Erase: asks first, then the token opens nothing.
    submit(driver, "//form[input[@name='action'][@value='erase']]")
    page(driver, f"{language}-{mode}-confirm-erase", "confirm")
    submit(driver, "//form[input[@name='confirm'][@value='yes']]")
    check(not driver.find_elements(By.CSS_SELECTOR, "dl.facts"), f"{language}: the erased page shows the application")
    page(driver, f"{language}-{mode}-erased", "erased")
    open_status(driver, token, language)
    check(driver.find_elements(By.ID, "error-summary"), f"{language}: an erased token still opens something")
    check(driver.find_element(By.ID, "token").get_attribute("aria-invalid") == "true", "the unknown token is not aria-invalid")
    page(driver, f"{language}-{mode}-status-unknown", "status-unknown")


def axe_self_test(driver):
    """axe-core finds what it should: a page with an image without text and
    an unlabelled field (outside the pages' policy, which allows no data:)."""
    driver.get("data:text/html,<!doctype html><html lang=en><title>t</title><main><img src=x><input></main></html>")
    result = run_axe(driver, "axe self-test (violations expected)", expected=True)
    found = {v["id"] for v in result.get("violations", [])}
    check({"image-alt", "label"} <= found, f"axe-core's self-test found {sorted(found)}, not image-alt and label")


def check_translated(driver):
    """Each language's pages are in that language: a page whose heading is
    the English one is marked lang=ru (say) over English text (WCAG 3.1.1)."""
    headings = {}
    for language in LANGUAGES:
        open_page(driver, f"/positions?lang={language}")
        headings[language] = driver.find_element(By.TAG_NAME, "h1").text
    for language in LANGUAGES[1:]:
        check(headings[language] != headings["en"],
              f"/positions?lang={language} is in English ({headings[language]!r}): catalog {language}.json untranslated?")


def check_policy_in_the_browser(driver):
    """The page's Content-Security-Policy holds in Chromium: an inline
    script put into the page does not run (WebDriver's own scripts do)."""
    probe = ("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
             "document.head.appendChild(s); return window.inlineRan === true")
    driver.get("data:text/html,<!doctype html><title>no policy</title>")
    check(driver.execute_script(probe), "the inline-script probe does not run even without a policy")
    open_page(driver, "/positions?lang=en")
    check(not driver.execute_script(probe), "an inline script ran despite the page's policy")


def check_accept_language():
    """Without ?lang=, the browser's preferred language."""
    driver = browser(scripts=True, accept_language="uk,en;q=0.5")
    try:
        open_page(driver, "/positions")
        got = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
        check(got == "uk", f"Accept-Language uk gave a page in {got!r}")
    finally:
        driver.quit()


def narrow(driver):
    """The form and the status page on a phone-sized window."""
    driver.set_window_size(390, 800)
    open_page(driver, "/positions/editor?lang=uk")
    page(driver, "uk-narrow-position", "position")
    open_page(driver, "/positions?lang=cs")
    page(driver, "cs-narrow-positions", "positions")
    driver.set_window_size(1024, 800)


def main():
    with_scripts = browser(scripts=True)
    without = browser(scripts=False)
    try:
        # The page's scripts are off (the time zone's script does nothing),
        # WebDriver's still run (axe-core and the checks need them).
        open_page(without, "/positions?lang=en")
        check(without.execute_script("return 1") == 1, "scripts off: WebDriver's executeScript does not run")
        axe_self_test(with_scripts)
        check_translated(with_scripts)
        check_policy_in_the_browser(with_scripts)
        check_accept_language()
        tokens = {}
        for language in LANGUAGES:
            for driver in (with_scripts, without):
                tokens[(language, driver.scripts)] = apply_in(driver, language)
        errors_form(with_scripts)
        errors_form(without, "ru")
        double_submit(with_scripts)
        for language in LANGUAGES:
            for driver in (with_scripts, without):
                token = tokens[(language, driver.scripts)]
                if token:
                    status_flow(driver, token, language)
        narrow(with_scripts)
    except WebDriverException as error:
        traceback.print_exc()
        fail(f"WebDriver: {error.msg}")
    finally:
        with_scripts.quit()
        without.quit()
    print(f"browser tests: {pages_checked} pages checked; axe-core: {axe_counts['passes']} rules passed, "
          f"{axe_counts['violations']} violated, {axe_counts['incomplete']} to review (all pages); "
          f"{len(checked_keyboard)} kinds of page with the keyboard; {len(failures)} failures; screenshots in {SHOTS}",
          flush=True)
    if failures:
        for message in failures:
            print(f"  - {message}", flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
