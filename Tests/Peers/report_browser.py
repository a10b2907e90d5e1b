#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Opens a self-contained HTML report in headless Chromium (Selenium) and prints what it measured
# as one JSON object: load time, console errors, network requests, images, cards, pixel colours,
# filter counts, label coverage and in-page link targets. It measures; the Swift tests judge.
# Exit 0 when it measured, 2 when the browser cannot start, 1 on any other error (--help for usage).
import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
LOAD_TIMEOUT_S = 60
FILTER_IDS = ("filter-split", "filter-class", "filter-findings", "sort")

# Installed before any page script runs, so uncaught exceptions are kept even if the log misses them.
ERROR_HOOK = """window.__rbErrors = [];
window.addEventListener('error', e => window.__rbErrors.push(String(e.message || e)));
window.addEventListener('unhandledrejection', e => window.__rbErrors.push('Unhandled rejection: ' + String(e.reason)));"""
LOADED_JS = ("return document.readyState === 'complete' && "
             "Array.from(document.images).every(i => i.complete);")
NAV_JS = """const n = performance.getEntriesByType('navigation')[0];
return n && n.loadEventEnd > 0 ? n.loadEventEnd - n.startTime : null;"""
PAGE_JS = """const imgs = Array.from(document.images), cards = Array.from(document.querySelectorAll('article.card'));
return {title: document.title, images: imgs.length,
  images_decoded: imgs.filter(i => i.naturalWidth > 0).length,
  broken_images: imgs.filter(i => i.naturalWidth === 0).map(i => [i.getAttribute('alt') || '', (i.getAttribute('src') || '').slice(0, 40)]),
  missing_alt: imgs.filter(i => !(i.getAttribute('alt') || '').trim()).length,
  cards: cards.length, visible_cards: cards.filter(c => c.offsetParent !== null && !c.hidden).length,
  viewport: [window.innerWidth, window.innerHeight], device_pixel_ratio: window.devicePixelRatio};"""
VISIBLE_CARDS_JS = ("return Array.from(document.querySelectorAll('article.card'))"
                    ".filter(c => c.offsetParent !== null && !c.hidden).length;")
RECT_JS = """const r = arguments[0].getBoundingClientRect();
return {left: r.left, top: r.top, width: r.width, height: r.height, dpr: window.devicePixelRatio,
  sw: Number(arguments[0].getAttribute('data-source-width')), sh: Number(arguments[0].getAttribute('data-source-height'))};"""
SCROLL_JS = "arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});"
SETTLE_JS = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));"
CHANGE_JS = ("arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
             "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));")
LABELLED_JS = """const el = arguments[0];
return (el.labels && el.labels.length > 0) || !!(el.getAttribute('aria-label') || '').trim()
  || !!(el.getAttribute('aria-labelledby') || '').trim();"""
LINK_JS = """const t = document.getElementById(arguments[0]);
const r = t ? t.getBoundingClientRect() : null;
return {in_view: !!r && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight,
  hash_matches: location.hash === arguments[1]};"""


def fail(code, message):
    print(f"report_browser: {message}", file=sys.stderr)
    sys.exit(code)


def first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


class Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 1, not argparse's 2: 2 means the browser could not start
        self.print_usage(sys.stderr)
        fail(1, message)


def parse_args():
    p = Parser(description="Measure a self-contained HTML report in headless Chromium.")
    p.add_argument("report")
    p.add_argument("--pixel", action="append", default=[], metavar="ID:X:Y")
    p.add_argument("--screenshot", metavar="OUT.png")
    p.add_argument("--screenshot-at", metavar="ID", help="scroll the element with this id to the top first")
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=900)
    p.add_argument("--filter-checks", action="store_true")
    p.add_argument("--link-checks", type=int, default=0, metavar="N")
    p.add_argument("--toggle-checks", action="store_true", help="switch every drawn set off and on again")
    args = p.parse_args()
    pixels = []
    for spec in args.pixel:
        try:
            ident, x, y = spec.rsplit(":", 2)
            pixels.append((ident, int(x), int(y)))
        except ValueError:
            p.error(f"--pixel wants ID:X:Y, got {spec!r}")
    args.pixel = pixels
    return args


def start_driver(width, height):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        fail(2, f"selenium is not importable ({e}); pip install selenium")
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not os.access(path, os.X_OK):
            fail(2, f"{what} not found at {path}; apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={width},{height}",
                "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as e:  # SessionNotCreatedException, WebDriverException, OSError...
        fail(2, f"cannot start headless Chromium: {first_line(e)}")
    driver.set_page_load_timeout(LOAD_TIMEOUT_S)
    driver.set_script_timeout(10)
    return driver


def settle(driver):
    """Wait for two animation frames, so the page has reacted and painted."""
    try:
        driver.execute_async_script(SETTLE_JS)
    except Exception:
        time.sleep(0.05)


def read_pixel(driver, ident, x, y):
    from PIL import Image
    out = {"id": ident, "x": x, "y": y, "rgb": None}
    el = driver.execute_script(
        "const e = document.getElementById(arguments[0]);"
        "return !e ? null : (e.tagName === 'IMG' ? e : e.querySelector('img'));", ident)
    if el is None:
        return {**out, "error": "no img with that id"}
    driver.execute_script(SCROLL_JS, el)
    settle(driver)
    r = driver.execute_script(RECT_JS, el)
    if not (r["sw"] > 0 and r["sh"] > 0):
        return {**out, "error": "img lacks data-source-width/height"}
    px = int((r["left"] + (x + 0.5) * r["width"] / r["sw"]) * r["dpr"])
    py = int((r["top"] + (y + 0.5) * r["height"] / r["sh"]) * r["dpr"])
    shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    if not (0 <= px < shot.width and 0 <= py < shot.height):
        return {**out, "error": f"point ({px}, {py}) outside the {shot.width}x{shot.height} screenshot"}
    return {**out, "rgb": list(shot.getpixel((px, py)))}


def find(driver, ident):
    return driver.execute_script("return document.getElementById(arguments[0]);", ident)


def set_control(driver, el, value):
    """Select `value` in a <select>, or set a checkbox to bool(value), the way a user would."""
    from selenium.webdriver.support.ui import Select
    if el.tag_name.lower() == "select":
        # by index, matching option.value, which falls back to the text when there is no value=""
        index = 0 if value is None else driver.execute_script(
            "return Array.from(arguments[0].options).findIndex(o => o.value === arguments[1]);", el, value)
        if index < 0:
            raise ValueError(f"#{el.get_dom_attribute('id')} has no option {value!r}")
        Select(el).select_by_index(index)
    elif el.is_selected() != bool(value):
        try:
            driver.execute_script(SCROLL_JS, el)
            el.click()
        except Exception:  # visually hidden custom checkbox: flip it from script
            driver.execute_script("arguments[0].checked = arguments[1];", el, bool(value))
    driver.execute_script(CHANGE_JS, el)
    settle(driver)


def reset_filters(driver):
    for ident, value in (("filter-split", ""), ("filter-class", ""), ("filter-findings", False), ("sort", None)):
        el = find(driver, ident)
        if el is not None:
            set_control(driver, el, value)


def filter_checks(driver):
    reset_filters(driver)
    controls = {i: find(driver, i) for i in FILTER_IDS}
    filters = {"split": None, "class": None, "findings": None, "reset": None}
    for key, ident in (("split", "filter-split"), ("class", "filter-class")):
        if controls[ident] is None:
            continue
        values = driver.execute_script("return Array.from(arguments[0].options).map(o => o.value);", controls[ident])
        filters[key] = {}
        for value in values:
            reset_filters(driver)
            set_control(driver, controls[ident], value)
            filters[key][value] = driver.execute_script(VISIBLE_CARDS_JS)
    if controls["filter-findings"] is not None:
        reset_filters(driver)
        set_control(driver, controls["filter-findings"], True)
        filters["findings"] = driver.execute_script(VISIBLE_CARDS_JS)
    reset_filters(driver)
    filters["reset"] = driver.execute_script(VISIBLE_CARDS_JS)
    return {"filters": filters,
            "missing_controls": [i for i, el in controls.items() if el is None],
            "unlabelled_controls": [i for i, el in controls.items()
                                    if el is not None and not driver.execute_script(LABELLED_JS, el)]}


TOGGLE_JS = """return Array.from(document.querySelectorAll('.layer-toggle')).map(t => t.dataset.set);"""
VISIBLE_LAYERS_JS = """return Array.from(document.querySelectorAll('#cards [data-set]'))
  .filter(e => e.dataset.set === arguments[0] && !e.hasAttribute('hidden') && getComputedStyle(e).display !== 'none').length;"""


def toggle_checks(driver):
    """Per set switch: the drawn layers of that set visible before, after switching, and after switching back."""
    out = {}
    for name in driver.execute_script(TOGGLE_JS):
        box = driver.find_element("css selector", f'.layer-toggle[data-set="{name}"]')
        counts = [driver.execute_script(VISIBLE_LAYERS_JS, name)]
        for _ in range(2):
            driver.execute_script(SCROLL_JS, box)
            box.click()
            counts.append(driver.execute_script(VISIBLE_LAYERS_JS, name))
        out[name] = counts
    return {"toggles": out}


def link_checks(driver, count):
    from selenium.webdriver.common.by import By
    links = []
    for link in driver.find_elements(By.CSS_SELECTOR, "a.finding-link")[:count]:
        href = link.get_dom_attribute("href")
        entry = {"href": href, "in_view": False, "hash_matches": False}
        try:
            driver.execute_script(SCROLL_JS, link)
            settle(driver)
            link.click()
            settle(driver)
            time.sleep(0.15)
            target = href[1:] if href and href.startswith("#") else ""
            entry.update(driver.execute_script(LINK_JS, target, href))
        except Exception as e:
            entry["error"] = first_line(e)
        links.append(entry)
    return links


def network_requests(driver, own_url):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"]).get("message", {})
        if message.get("method") != "Network.requestWillBeSent":
            continue
        url = message.get("params", {}).get("request", {}).get("url", "")
        if url.split("#")[0] != own_url and not url.startswith("data:") and url not in urls:
            urls.append(url)
    return urls


def console_errors(driver):
    errors = [e.get("message", "") for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    for message in driver.execute_script("return window.__rbErrors || [];"):
        if not any(message in e for e in errors):
            errors.append(message)
    return errors


def measure(driver, args):
    own_url = Path(args.report).resolve().as_uri()
    try:  # Chromium-only: register the error hook before the page's own scripts run
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ERROR_HOOK})
    except Exception:
        pass
    start = time.monotonic()
    driver.get(own_url)
    while not driver.execute_script(LOADED_JS):
        if time.monotonic() - start > LOAD_TIMEOUT_S:
            raise TimeoutError(f"page not loaded with all images complete after {LOAD_TIMEOUT_S} s")
        time.sleep(0.01)
    result = {"load_ms": round((time.monotonic() - start) * 1000, 1), "javascript_enabled": True}
    nav = driver.execute_script(NAV_JS)
    result["navigation_ms"] = None if nav is None else round(nav, 1)
    result.update(driver.execute_script(PAGE_JS))
    result["pixels"] = [read_pixel(driver, *p) for p in args.pixel]
    if args.filter_checks:
        result.update(filter_checks(driver))
    if args.toggle_checks:
        result.update(toggle_checks(driver))
    if args.link_checks > 0:
        reset_filters(driver)
        result["links"] = link_checks(driver, args.link_checks)
    if args.screenshot:
        reset_filters(driver)
        driver.execute_script("window.scrollTo({top: 0, left: 0, behavior: 'instant'});")
        if args.screenshot_at:
            driver.execute_script("const e = document.getElementById(arguments[0]);"
                                  "if (e) e.scrollIntoView({block: 'start', behavior: 'instant'});", args.screenshot_at)
        settle(driver)
        if not driver.save_screenshot(str(Path(args.screenshot).resolve())):
            raise OSError(f"could not write {args.screenshot}")
    result["console_errors"] = console_errors(driver)
    result["network_requests"] = network_requests(driver, own_url)
    return result


def main():
    args = parse_args()
    if not Path(args.report).is_file():
        fail(1, f"no such report: {args.report}")
    driver = start_driver(args.width, args.height)
    try:
        result = measure(driver, args)
    except Exception as e:
        fail(1, f"{type(e).__name__}: {first_line(e)}")
    finally:
        driver.quit()
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
