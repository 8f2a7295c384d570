#!/usr/bin/env python3
"""Drives a real headless Chromium through a survey round (`enkat serve --round`), as the
respondents and RSS would, and checks every page with axe-core and the Nu HTML checker.

Used by Tests/EnkatServerTests/Round/RoundBrowserTests.swift, which creates the round, starts
the server on 127.0.0.1 and runs this script:

    scripts/e2e-round.py --base http://127.0.0.1:PORT --links links.json --password PASSWORD

links.json maps respondent ids to their paths (`/svar/TOKEN`); the first respondent's file is
expected to be complete (all required answers), the second blank. Prints one JSON object:
{"observations": {...}, "pages": [{"name", "url", "axe": [...], "nu": [...]}]}.
Exit codes: 0 done (the caller judges what was seen), 3 a tool is missing, 1 anything else.
Talks only to the --base server (127.0.0.1).
"""

import argparse
import importlib.util
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("check_a11y", os.path.join(HERE, "check-a11y.py"))
a11y = importlib.util.module_from_spec(spec)
spec.loader.exec_module(a11y)


class Fetched:
    """A page's bytes as the server sent them, for the Nu checker (check-a11y.py's interface)."""

    def __init__(self, data):
        self.data = data

    def body(self):
        return self.data


def fetch(base, path, cookies=None, fields=None):
    """GET (or POST `fields`) with the browser's cookies; returns (status, bytes)."""
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    request = urllib.request.Request(base + path, data=data, method="POST" if data is not None else "GET")
    if cookies:
        request.add_header("Cookie", "; ".join(f"{c['name']}={c['value']}" for c in cookies))
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Origin", base)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--links", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    found = a11y.tools()
    absent = a11y.missing(found, axe=True, nu=True)
    if absent:
        print(json.dumps({"missing": absent}))
        return 3
    with open(args.links) as f:
        links = json.load(f)
    complete, blank, other = list(links.keys())[:3]
    base = args.base.rstrip("/")
    with open(found["axe"], encoding="utf-8") as f:
        axe_source = f.read()

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    driver = a11y.start_browser(found)
    pages = []  # (name, url, Fetched)
    seen = {}
    observations = {}

    def check(name, nu_bytes=None):
        outcome = a11y.run_axe(driver, axe_source)
        if nu_bytes is None:
            status, nu_bytes = fetch(base, urllib.parse.urlsplit(driver.current_url).path
                                     + ("?" + urllib.parse.urlsplit(driver.current_url).query if urllib.parse.urlsplit(driver.current_url).query else ""),
                                     driver.get_cookies())
        pages.append({"name": name, "url": driver.current_url, "axe": outcome["violations"], "nu_bytes": nu_bytes})
        seen[name] = driver.find_element(By.TAG_NAME, "body").text

    def click(selector):
        before = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, selector).click()
        WebDriverWait(driver, 30).until(expected_conditions.staleness_of(before))
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def type_into(name, text):
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(text)

    try:
        # 1. The respondent with a complete answer: opens the link, edits, saves, submits.
        driver.get(base + links[complete])
        check("form")
        type_into("q.team-erfarenheter", "Skrivet i webbläsaren: teamen fungerar väl.")
        click(".savebar button[value=spara]")
        observations["saved_banner"] = "Sparat kl." in driver.page_source
        check("form-saved")
        click(".savebar button[value=skicka]")
        observations["submitted_page"] = "Svaret är inskickat" in driver.page_source
        observations["submitted_has_no_form"] = not driver.find_elements(By.CSS_SELECTOR, "form, textarea, input")
        check("submitted")

        # 2. The blank respondent: saves a draft, cannot submit it.
        driver.get(base + links[blank])
        observations["blank_sees_own_name"] = blank in driver.page_source
        observations["blank_sees_other"] = f"({complete})" in driver.page_source or "Skrivet i webbläsaren" in driver.page_source
        type_into("q.team-erfarenheter", "Ett utkast.")
        click(".savebar button[value=skicka]")
        observations["refused_banner"] = "skickades inte in" in driver.page_source
        check("form-refused")

        # 3. A guessed token sees nothing.
        driver.get(base + "/svar/" + "A" * 43)
        observations["guess_title"] = driver.title
        observations["guess_shows_answers"] = "Skrivet i webbläsaren" in driver.page_source or "Ett utkast" in driver.page_source
        check("not-found")

        # 4. RSS logs in, sees the progress, reopens, compiles, downloads.
        driver.get(base + "/admin/")
        observations["admin_redirects_to_login"] = urllib.parse.urlsplit(driver.current_url).path == "/admin/logga-in"
        check("login")
        login_csrf = driver.find_element(By.NAME, "csrf").get_attribute("value")
        status, failed = fetch(base, "/admin/logga-in", driver.get_cookies(), [("csrf", login_csrf), ("password", "fel")])
        observations["wrong_password_status"] = status
        pages.append({"name": "login-failed", "url": base + "/admin/logga-in", "axe": None, "nu_bytes": failed})
        type_into("password", args.password)
        click("form.login button")
        observations["progress_page"] = urllib.parse.urlsplit(driver.current_url).path
        body = driver.find_element(By.TAG_NAME, "body").text
        observations["progress_shows_submitted"] = "Inskickad" in body
        observations["progress_shows_draft"] = "Utkast" in body or "Har fel" in body
        observations["progress_shows_unopened"] = "Ej öppnad" in body
        observations["progress_shows_answer_text"] = "Skrivet i webbläsaren" in body or "Ett utkast." in body
        check("progress")

        click(f"form[action='/admin/oppna-igen'] button")
        observations["reopened_notice"] = "öppnat igen" in driver.page_source
        check("progress-reopened")
        # The respondent may edit again, and submits again.
        admin_window = driver.current_window_handle
        driver.switch_to.new_window("tab")
        driver.get(base + links[complete])
        observations["reopened_form_editable"] = bool(driver.find_elements(By.NAME, "q.team-erfarenheter"))
        click(".savebar button[value=skicka]")
        observations["resubmitted"] = "Svaret är inskickat" in driver.page_source
        driver.close()
        driver.switch_to.window(admin_window)

        driver.get(base + "/admin/")
        rows = driver.find_elements(By.CSS_SELECTOR, f"form[action='/admin/ny-lank'] input[value='{other}']")
        rows[0].find_element(By.XPATH, "..").find_element(By.TAG_NAME, "button").click()
        WebDriverWait(driver, 30).until(lambda d: "Ny länk" in d.title)
        new_path = re.search(r"/svar/[A-Za-z0-9_-]{43}", driver.page_source).group(0)
        observations["new_link_differs"] = new_path != links[other]
        admin_csrf = None
        status, again = fetch(base, "/admin/", driver.get_cookies())
        admin_csrf = re.search(rb'name="csrf" value="([^"]+)"', again).group(1).decode()
        status, link_page = fetch(base, "/admin/ny-lank", driver.get_cookies(), [("csrf", admin_csrf), ("respondent", other)])
        check("new-link", nu_bytes=link_page)
        observations["old_link_status"] = fetch(base, links[other])[0]

        driver.get(base + "/admin/")
        click("form[action='/admin/sammanstall'] button")
        observations["report_page"] = "Delrapport ur länsperspektiv" in driver.page_source
        observations["report_marks_audit"] = "FÅR INTE PUBLICERAS" in driver.page_source
        names = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href^='/admin/rapport/'], a[href*='/admin/rapport/']")]
        observations["report_files"] = [urllib.parse.urlsplit(n).path.rsplit("/", 1)[-1] for n in names]
        status, report_bytes = fetch(base, "/admin/rapport", driver.get_cookies())
        check("report", nu_bytes=report_bytes)
        downloads = {}
        for name in observations["report_files"]:
            status, data = fetch(base, "/admin/rapport/" + name, driver.get_cookies())
            downloads[name] = {"status": status, "bytes": len(data),
                               "has_draft_text": b"Ett utkast" in data}
        observations["downloads"] = downloads
        status, xlsx = fetch(base, "/admin/svar.xlsx", driver.get_cookies())
        observations["xlsx_status"] = status
        observations["xlsx_is_zip"] = xlsx[:2] == b"PK"

        driver.get(base + "/admin/handelser")
        observations["events_have_answer_text"] = "Skrivet i webbläsaren" in driver.page_source
        check("events")

        click("form.logout button") if driver.find_elements(By.CSS_SELECTOR, "form.logout button") else None
        driver.get(base + "/admin/")
        click("form.logout button")
        observations["logged_out"] = "Du är utloggad" in driver.page_source
        check("logged-out")
        driver.get(base + "/admin/")
        observations["after_logout_path"] = urllib.parse.urlsplit(driver.current_url).path
    finally:
        driver.quit()

    nu_results = a11y.run_nu(found, [Fetched(page["nu_bytes"]) for page in pages])
    report = {"observations": observations, "pages": []}
    for page, nu in zip(pages, nu_results):
        axe = []
        for violation in page["axe"] or []:
            for node in violation["nodes"]:
                axe.append(f"{violation['id']} ({violation['impact']}): {violation['help']}: {node['target']}")
        report["pages"].append({"name": page["name"], "url": page["url"], "axe": axe,
                                "axe_ran": page["axe"] is not None,
                                "nu": [f"{e['line']}:{e['column']}: {e['message']}" for e in nu]})
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # noqa: BLE001
        import traceback
        traceback.print_exc()
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        sys.exit(1)
