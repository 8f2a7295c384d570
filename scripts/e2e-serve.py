#!/usr/bin/env python3
"""Drives a real headless Chromium through `enkat serve`'s form, as a user would.

Used by Tests/EnkatServerTests/EndToEndTests.swift, which starts the server on a free port,
runs this script and checks the YAML file on disk afterwards. Standard library only: it talks
to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
ending in NUL on file descriptors 3 and 4), so no websocket client or pip package is needed.

    scripts/e2e-serve.py --url http://127.0.0.1:PORT/ --plan plan.json [--counter-table table.json] [--screenshots DIR]

The plan (JSON) says what to type: the whole scenario of EndToEndTests (two tabs, a long
answer, a conflict, the print view, a tab without JavaScript), or a list of small "steps";
the script prints one JSON object with what it saw.
Exit codes: 0 done (the caller judges what was seen), 3 Chromium missing, 1 anything else.
"""
import argparse
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def find_chromium():
    for name in [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class Browser:
    """A headless Chromium and a DevTools connection over its pipe."""

    def __init__(self, binary, width=1280, height=2000):
        self.profile = tempfile.mkdtemp(prefix="enkat-e2e-chromium-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        args = [binary, "--headless", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                "--lang=sv-SE", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")

        def wire_pipes():
            # Chromium reads commands on fd 3 and writes replies on fd 4.
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=wire_pipes)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, timeout):
        deadline = time.time() + timeout
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message(timeout)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, session, timeout=30):
        deadline = time.time() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self.events[index]
                    return event
            if time.time() > deadline:
                raise TimeoutError(f"no {method}")
            self.events.append(self._read_message(deadline - time.time()))


class Tab:
    def __init__(self, browser, width=1280, height=2000):
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def send(self, method, params=None):
        return self.browser.send(method, params, session=self.session)

    def open(self, url):
        self.send("Page.navigate", {"url": url})
        self.browser.wait_event("Page.loadEventFired", self.session)

    def js(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector):
        """A real mouse click in the middle of the element."""
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}}; }})()""")
        if box is None:
            raise RuntimeError(f"nothing matches {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"], "button": "left", "clickCount": 1})

    def click_and_wait(self, selector):
        self.click(selector)
        self.browser.wait_event("Page.loadEventFired", self.session)

    def type(self, selector, text):
        """Focuses a field by clicking it, goes to the end of its text (as Ctrl+End would) and
        types: text through the input method, Enter as a key."""
        self.click(selector)
        self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (e.setSelectionRange) e.setSelectionRange(e.value.length, e.value.length); }})()""")
        for index, line in enumerate(text.split("\n")):
            if index > 0:
                for kind in ("keyDown", "keyUp"):
                    self.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                         "windowsVirtualKeyCode": 13, "text": "\r" if kind == "keyDown" else ""})
            if line:
                self.send("Input.insertText", {"text": line})

    # DOM access that works with the page's scripts turned off.
    def _root(self):
        return self.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]

    def dom_count(self, selector):
        return len(self.send("DOM.querySelectorAll", {"nodeId": self._root(), "selector": selector})["nodeIds"])

    def dom_rendered(self, selector):
        node = self.send("DOM.querySelector", {"nodeId": self._root(), "selector": selector})["nodeId"]
        if not node:
            return False
        try:
            self.send("DOM.getBoxModel", {"nodeId": node})
            return True
        except RuntimeError:
            return False

    def type_plain(self, selector, text):
        """Types into a field without the page's scripts: focus through DevTools, then keys."""
        node = self.send("DOM.querySelector", {"nodeId": self._root(), "selector": selector})["nodeId"]
        self.send("DOM.scrollIntoViewIfNeeded", {"nodeId": node})
        self.send("DOM.focus", {"nodeId": node})
        self.send("Input.insertText", {"text": text})

    def click_plain(self, selector):
        node = self.send("DOM.querySelector", {"nodeId": self._root(), "selector": selector})["nodeId"]
        self.send("DOM.scrollIntoViewIfNeeded", {"nodeId": node})
        quad = self.send("DOM.getContentQuads", {"nodeId": node})["quads"][0]
        x = sum(quad[0::2]) / 4
        y = sum(quad[1::2]) / 4
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def screenshot(self, path, full_page=True):
        params = {"format": "png"}
        if full_page:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000), "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))


def visible(tab, selector):
    return tab.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
        return !!e && !e.closest('[hidden]') && e.getClientRects().length > 0; }})()""")


def run_steps(browser, url, steps):
    """A plan of small steps: {"click": selector}, {"type": [selector, text]}, {"visible": selector}
    (records whether it is shown), {"text": selector} (records its text)."""
    tab = Tab(browser)
    tab.open(url)
    results = []
    for step in steps:
        if "click" in step:
            tab.click(step["click"])
        elif "type" in step:
            tab.type(step["type"][0], step["type"][1])
        elif "visible" in step:
            results.append(visible(tab, step["visible"]))
        elif "text" in step:
            results.append(tab.js(f"(document.querySelector({json.dumps(step['text'])}) || {{}}).textContent || ''"))
    return {"results": results}


def run(url, plan, shots, counter_table=None):
    binary = find_chromium()
    if binary is None:
        print(json.dumps({"skipped": "Chromium is not installed (apt-get install -y chromium)"}))
        return 3
    seen = {}
    browser = Browser(binary)
    if "steps" in plan:
        try:
            seen = run_steps(browser, url, plan["steps"])
        finally:
            browser.close()
        print(json.dumps(seen, ensure_ascii=False))
        return 0
    try:
        def shot(tab, name, full_page=True):
            if shots:
                tab.screenshot(os.path.join(shots, name + ".png"), full_page)

        def shots_around(tab, name, selector, centred_name):
            """The visible part of the page, then again with `selector` scrolled to its middle."""
            shot(tab, name, full_page=False)
            tab.js(f"document.querySelector('{selector}').scrollIntoView({{block: 'center'}})")
            shot(tab, centred_name, full_page=False)

        a = Tab(browser)
        b = Tab(browser)
        a.open(url)
        b.open(url)
        seen["title"] = a.js("document.title")
        seen["lang"] = a.js("document.documentElement.lang")
        seen["questions"] = a.js("document.querySelectorAll('.question').length")
        seen["scriptLoaded"] = a.js("typeof window.EnkatCount === 'object'")
        if counter_table:
            table = json.dumps(counter_table)
            seen["counterTable"] = a.js(f"JSON.stringify({table}.map(r => EnkatCount.counter(r.text, r.limit)))")
            seen["counterTable"] = json.loads(seen["counterTable"])
        shot(a, "form-empty", full_page=False)

        # A follow-up text appears when its option is chosen.
        details = plan["details"]
        seen["detailsVisibleBefore"] = visible(a, f"#{details['domID']}-details")
        a.click(f"#{details['domID']}-{details['option']}")
        seen["detailsVisibleAfter"] = visible(a, f"#{details['domID']}-details")
        a.type(f"#{details['domID']}-details", details["text"])

        # A conditional question appears when the one it depends on is answered.
        condition = plan["condition"]
        seen["conditionalVisibleBefore"] = visible(a, f"#{condition['dependent']}")
        a.type(f"#{condition['numberDomID']}", condition["number"])
        seen["conditionalVisibleAfter"] = visible(a, f"#{condition['dependent']}")

        # A long answer, with the counter watched as it grows.
        long = plan["long"]
        counter = f"#{long['domID']}-count"
        a.type(f"#{long['domID']}", long["text"])
        seen["counterText"] = a.js(f"document.querySelector({json.dumps(counter)}).textContent")
        seen["counterClass"] = a.js(f"document.querySelector({json.dumps(counter)}).className")
        seen["counterLive"] = a.js(f"document.querySelector({json.dumps(counter)}).getAttribute('aria-live')")
        a.type(f"#{long['domID']}", long["more"])
        seen["counterTextOver"] = a.js(f"document.querySelector({json.dumps(counter)}).textContent")
        seen["counterClassOver"] = a.js(f"document.querySelector({json.dumps(counter)}).className")
        # Back under the limit: select the extra text and delete it.
        a.js(f"""(() => {{ const t = document.querySelector('#{long['domID']}'); t.focus();
            t.setSelectionRange(t.value.length - {len(long['more'])}, t.value.length); }})()""")
        for kind in ("keyDown", "keyUp"):
            a.send("Input.dispatchKeyEvent", {"type": kind, "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8})
        seen["counterTextBack"] = a.js(f"document.querySelector({json.dumps(counter)}).textContent")
        seen["typedValue"] = a.js(f"document.querySelector('#{long['domID']}').value")
        shots_around(a, "form-typing", f"#{long['domID']}", "form-counter")

        # A value the validator rejects: still saved, and shown next to its question.
        invalid = plan["invalid"]
        a.type(f"#{invalid['domID']}", invalid["value"])

        a.click_and_wait(".savebar button")
        seen["afterSaveURL"] = a.js("location.href")
        seen["savedBanner"] = a.js("(document.querySelector('.banner.saved') || {}).textContent || ''")
        seen["invalidDiagnostics"] = a.js(f"""Array.from(document.querySelectorAll('#{invalid['anchor']} .diagnostics li')).map(li => li.textContent.trim())""")
        seen["invalidValueShown"] = a.js(f"document.querySelector('#{invalid['domID']}').value")
        seen["summaryLinks"] = a.js("Array.from(document.querySelectorAll('.summary a')).map(a => a.getAttribute('href'))")
        shots_around(a, "saved-with-diagnostics", f"#{invalid['anchor']}", "saved-diagnostic-at-question")

        # The second tab still has the old version: its save must not overwrite the first.
        other = plan["otherTab"]
        b.type(f"#{other['domID']}", other["text"])
        b.click_and_wait(".savebar button")
        seen["conflictHeading"] = b.js("(document.querySelector('.banner.conflict h2') || {}).textContent || ''")
        seen["conflictKeptText"] = b.js(f"document.querySelector('#{other['domID']}').value")
        seen["conflictDiffers"] = b.js("Array.from(document.querySelectorAll('.question.differs')).map(q => q.id)")
        shot(b, "conflict", full_page=False)

        # The print view and the status page.
        a.open(url.rstrip("/") + "/utskrift")
        seen["printHasInstruction"] = a.js("document.body.textContent.includes('Beskriv med max 3000 tecken.')")
        shot(a, "print", full_page=False)
        if shots:
            pdf = a.send("Page.printToPDF", {"printBackground": True})["data"]
            with open(os.path.join(shots, "print.pdf"), "wb") as out:
                out.write(base64.b64decode(pdf))
        a.open(url.rstrip("/") + "/status")
        seen["statusHeading"] = a.js("document.querySelector('h1').textContent")
        shot(a, "status", full_page=False)

        # Without JavaScript: everything is shown, and Spara still posts the form.
        plain = Tab(browser)
        plain.send("Emulation.setScriptExecutionDisabled", {"value": True})
        plain.open(url)
        seen["noScriptHidden"] = plain.dom_count("[hidden]")
        seen["noScriptDetailsShown"] = plain.dom_rendered(f"#{details['domID']}-details")
        seen["noScriptConditionalShown"] = plain.dom_rendered(f"#{condition['dependent']}")
        shot(plain, "form-no-script", full_page=False)
        no_script = plan["noScript"]
        plain.type_plain(f"#{no_script['domID']}", no_script["text"])
        plain.click_plain(".savebar button")
        browser.wait_event("Page.loadEventFired", plain.session)
        seen["noScriptSaved"] = plain.dom_count(".banner.saved") == 1
    finally:
        browser.close()
    print(json.dumps(seen, ensure_ascii=False))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--plan", required=True, help="JSON file: what to type")
    parser.add_argument("--screenshots", help="folder for PNG screenshots of each step")
    parser.add_argument("--counter-table", help="JSON file: [{text, limit}] to count in the page's script")
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as plan_file:
        plan = json.load(plan_file)
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
    counter_table = None
    if args.counter_table:
        with open(args.counter_table, encoding="utf-8") as table_file:
            counter_table = json.load(table_file)
    try:
        return run(args.url, plan, args.screenshots, counter_table)
    except Exception as error:  # reported to the Swift test, which fails with it
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        return 1


if __name__ == "__main__":
    sys.exit(main())
