#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Illustrated page in a real browser (issue 19): exports the page of every ready-made scenario
and every lesson (seeds 1 and 7) and of an attack with `ipsec-lab --html`, loads
each in Debian's headless Chromium from a file URL with the network off, clicks every datagram's
arrow, hovers a byte and a field and checks what lights up, moves through the bytes with the
keyboard, hovers a byte of a decrypted view shown beside its wire view, steps and plays the
anti-replay window (by key too, and without motion when the system asks for none) checking that each
step draws the bits it carries, follows a derivation's input to the bytes it came from, and fails on
any console error (a Content-Security-Policy violation included) or any request that left the page. Saves screenshots at
375 and 1600 px wide and checks that they are not blank.

Exit status: 0 passed, 1 failed, 77 skipped (no chromium; CTest's SKIP_RETURN_CODE)."""

import argparse
import base64
import os
import pathlib
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cdp import Browser  # noqa: E402
from png_check import ink  # noqa: E402
import lesson_checks  # noqa: E402

# Every ready-made scenario and every lesson, seeds 1 and 7, and an attack: each page goes through
# every check; the pages named in SHOTS are also photographed.
SEEDS = ("1", "7")
SHOTS = ("main-quick-seed1", "main-quick-replay", "main-quick-flood")
LESSON_SHOTS = ("lesson-main-mode-seed1", "lesson-ikev1-ikev2-seed1")


def pages(program):
    listed = {}
    for option in ("--list-scenarios", "--list-lessons"):
        run = subprocess.run([program, option], capture_output=True, text=True, check=True)
        listed[option] = [line.split("\t")[0] for line in run.stdout.splitlines() if line.strip()]
    out = [("%s-seed%s" % (name, seed), ["--scenario", name, "--seed", seed])
           for name in listed["--list-scenarios"] for seed in SEEDS]
    out += [("lesson-%s-seed%s" % (name, seed), ["--lesson", name, "--seed", seed])
            for name in listed["--list-lessons"] for seed in SEEDS]
    out.append(("main-quick-replay", ["--scenario", "main-quick", "--seed", "1", "--attack", "replay:seq=2"]))
    out.append(("main-quick-flood", ["--scenario", "main-quick", "--seed", "1", "--attack", "flood:replay=300"]))
    return out


failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL: " + what, flush=True)
    return condition


def center(browser, selector_js):
    """Scrolls the element into view and returns its centre in the viewport."""
    return browser.evaluate("""(() => { const e = %s; e.scrollIntoView({block: 'center'});
        const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()""" % selector_js)


def mouse(browser, kind, x, y):
    params = {"type": kind, "x": x, "y": y, "button": "left" if kind != "mouseMoved" else "none"}
    if kind != "mouseMoved":
        params["clickCount"] = 1
    browser.call("Input.dispatchMouseEvent", params)


def click(browser, selector_js):
    x, y = center(browser, selector_js)
    mouse(browser, "mouseMoved", x, y)
    mouse(browser, "mousePressed", x, y)
    mouse(browser, "mouseReleased", x, y)


def viewport(browser, width, height, mobile):
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})


def load(browser, url):
    browser.events.clear()
    browser.call("Page.navigate", {"url": url})
    browser.wait_for("Page.loadEventFired")


def click_every_datagram(browser, name):
    count = browser.evaluate("document.querySelectorAll('svg .arrow').length")
    sections = browser.evaluate("document.querySelectorAll('section.msg').length")
    check(count > 0 and count == sections, "%s: %s arrows for %s messages" % (name, count, sections))
    for n in range(1, count + 1):
        click(browser, "document.querySelector('svg .arrow[data-m=\"%d\"] .hit')" % n)
        state = browser.evaluate("""(() => ({hash: location.hash,
            shown: [...document.querySelectorAll('section.msg')].filter(s => getComputedStyle(s).display !== 'none')
                   .map(s => s.id),
            selected: [...document.querySelectorAll('svg .arrow.sel')].map(a => a.getAttribute('data-m'))}))()""")
        check(state == {"hash": "#m%d" % n, "shown": ["m%d" % n], "selected": [str(n)]},
              "%s: clicking arrow %d shows %s" % (name, n, state))
    return count


# The bytes lit up, the field rows lit up (their keys) and the pointed byte, in a message's layer.
LIT = """((m, layer) => { const l = document.querySelectorAll('#m' + m + ' .layer')[layer];
    const bytes = [...l.querySelectorAll('.hex i')];
    return {bytes: bytes.flatMap((b, i) => b.classList.contains('on') ? [i] : []),
            cur: bytes.findIndex(b => b.classList.contains('cur')),
            fields: [...l.querySelectorAll('.f.on .fk')].map(k => k.textContent),
            here: l.querySelector('.here').textContent}; })(%d, %d)"""


def flood_group_checks(browser, name):
    """A flood's row "… and N more" opens the section of its first packet, which sums up the rest."""
    rows = browser.evaluate("[...document.querySelectorAll('svg .grouprow')].map(a => a.getAttribute('href'))")
    for href in rows:
        click(browser, "document.querySelector('svg .grouprow[href=\"%s\"] .hit')" % href)
        state = browser.evaluate("""(() => ({hash: location.hash,
            shown: [...document.querySelectorAll('section.msg')].filter(s => getComputedStyle(s).display !== 'none')
                   .map(s => s.id),
            note: (document.querySelector(location.hash + ' .group') || {}).textContent || ''}))()""")
        check(state["hash"] == href and state["shown"] == [href[1:]] and "summed up" in state["note"],
              "%s: the flood's row %s shows %s" % (name, href, state))
    return len(rows)


def field_of(browser, m, key):
    """The offset and length of the first field `key` in message m's wire layer, or None."""
    return browser.evaluate("""(() => { const f = [...document.querySelectorAll('#m%d .layer')[0]
        .querySelectorAll('.f')].find(f => f.querySelector('.fk').textContent === '%s');
        return f ? [Number(f.dataset.o), Number(f.dataset.l)] : null; })()""" % (m, key))


def hover_checks(browser, name):
    labels = browser.evaluate("[...document.querySelectorAll('section.msg h3')].map(h => h.textContent)")
    # The first IKE message (every run has one), and the first ESP or AH packet if the run has any.
    wanted = [("isakmp.ispi", 1)]
    for key, prefix in (("esp.spi", "ESP seq"), ("ah.spi", "AH seq")):
        m = next((i + 1 for i, label in enumerate(labels) if label.startswith(prefix)), None)
        if m is not None:
            wanted.append((key, m))
    for key, m in wanted:
        click(browser, "document.querySelector('svg .arrow[data-m=\"%d\"] .hit')" % m)
        found = field_of(browser, m, key)
        if not check(found is not None, "%s: message %d has no field %s" % (name, m, key)):
            continue
        offset, length = found
        # A byte inside the field: it and only its field light up, with every byte of the field.
        x, y = center(browser, "document.querySelectorAll('#m%d .layer')[0].querySelectorAll('.hex i')[%d]"
                      % (m, offset + 1))
        mouse(browser, "mouseMoved", x, y)
        lit = browser.evaluate(LIT % (m, 0))
        check(lit["fields"] == [key] and lit["bytes"] == list(range(offset, offset + length)) and
              lit["cur"] == offset + 1 and key in lit["here"],
              "%s: hovering byte %d of message %d lights %s, not only %s" % (name, offset + 1, m, lit, key))
        # A field: its bytes light up (ip.src: bytes 12-15 of the IPv4 header).
        x, y = center(browser, """[...document.querySelectorAll('#m%d .layer')[0].querySelectorAll('.f')]
            .find(f => f.querySelector('.fk').textContent === 'ip.src')""" % m)
        mouse(browser, "mouseMoved", x, y)
        lit = browser.evaluate(LIT % (m, 0))
        check(lit["fields"] == ["ip.src"] and lit["bytes"] == [12, 13, 14, 15],
              "%s: hovering the ip.src row of message %d lights %s" % (name, m, lit))
        # The keyboard: focus the bytes, then the right arrow moves to the next byte and its field.
        browser.evaluate("document.querySelectorAll('#m%d .layer')[0].querySelector('.hex').focus()" % m)
        for key_name, code in (("Home", 36), ("ArrowRight", 39)):
            for kind in ("rawKeyDown", "keyUp"):
                browser.call("Input.dispatchKeyEvent", {"type": kind, "key": key_name, "code": key_name,
                                                        "windowsVirtualKeyCode": code})
        lit = browser.evaluate(LIT % (m, 0))
        check(lit["cur"] == 1 and lit["fields"] == ["ip.dsfield"],
              "%s: the right arrow key on message %d's bytes gives %s" % (name, m, lit))


def decrypted_view_checks(browser, name):
    """The first message with a decrypted part: it sits beside the wire view on a wide screen, and a
    byte of it lights its own field there, as in the wire view."""
    m = browser.evaluate("""(() => { const s = [...document.querySelectorAll('section.msg')]
        .find(s => s.querySelectorAll('.layer').length > 1); return s ? Number(s.id.slice(1)) : 0; })()""")
    if not m:
        return
    click(browser, "document.querySelector('svg .arrow[data-m=\"%d\"] .hit')" % m)
    tops = browser.evaluate("[...document.querySelectorAll('#m%d .layer')].map(l => l.getBoundingClientRect().top)" % m)
    check(len(tops) == 2 and abs(tops[0] - tops[1]) < 2, "%s: message %d's views are not side by side: %s" % (name, m, tops))
    # A field of several bytes with no smaller field inside: its bytes are its own.
    field = browser.evaluate("""(() => { const fs = [...document.querySelectorAll('#m%d .layer')[1]
            .querySelectorAll('.f')].map(f => [Number(f.dataset.o), Number(f.dataset.l), f.querySelector('.fk').textContent]);
        return fs.find(([o, l]) => l > 1 && !fs.some(([p, k]) => k < l && p >= o && p + k <= o + l)); })()""" % m)
    offset, length, key = field
    x, y = center(browser, "document.querySelectorAll('#m%d .layer')[1].querySelectorAll('.hex i')[%d]" % (m, offset))
    mouse(browser, "mouseMoved", x, y)
    lit = browser.evaluate(LIT % (m, 1))
    check(key in lit["fields"] and lit["cur"] == offset and offset in lit["bytes"],
          "%s: hovering byte %d of message %d's decrypted view lights %s, not %s" % (name, offset, m, lit, key))
    # The encrypted bytes of the wire view and the decrypted view outline each other.
    enc = browser.evaluate("(() => { const f = document.querySelector('#m%d .layer .f.enc'); "
                           "return f ? Number(f.dataset.o) : -1; })()" % m)
    if check(enc >= 0, "%s: message %d's wire view has no encrypted field" % (name, m)):
        x, y = center(browser, "document.querySelectorAll('#m%d .layer')[0].querySelectorAll('.hex i')[%d]" % (m, enc))
        mouse(browser, "mouseMoved", x, y)
        outlined = browser.evaluate("document.querySelectorAll('#m%d .layer')[1].classList.contains('from')" % m)
        check(outlined, "%s: pointing at message %d's encrypted bytes does not outline its decrypted view" % (name, m))


# The anti-replay window of the first SA as drawn: the step shown, the cells received, the packet's
# cell, and what the step's data says.
WINDOW = """(() => { const sa = document.querySelector('.replay .sa'); const li = sa.querySelector('li.cur');
    const cells = [...sa.querySelectorAll('.win i')];
    return {at: [...sa.querySelectorAll('ol.arrivals li')].indexOf(li), pos: sa.querySelector('.pos').textContent,
            got: cells.flatMap((c, i) => c.classList.contains('got') ? [i] : []),
            here: cells.findIndex(c => c.classList.contains('here')),
            seq: Number(li.dataset.seq), left: Number(li.dataset.left), bits: li.dataset.bits,
            now: sa.querySelector('.now').textContent, transform: sa.querySelector('.win').style.transform,
            duration: getComputedStyle(sa.querySelector('.win')).transitionDuration,
            arrival: cells.filter(c => c.classList.contains('here')).map(c => getComputedStyle(c).animationName)}; })()"""


def bits_of(hexdigits):
    return [i for i in range(len(hexdigits) * 4) if (int(hexdigits[i // 4], 16) >> (3 - i % 4)) & 1]


def replay_checks(browser, name):
    """The anti-replay window steps by button and by key, draws each step's bits, and plays."""
    count = browser.evaluate("document.querySelectorAll('.replay .sa:first-of-type ol.arrivals li').length")
    if not browser.evaluate("document.querySelector('.replay .sa .win') !== null") or count < 2:
        return
    for n in range(count):
        if n:
            click(browser, "document.querySelector('.replay .sa .controls .fwd')")
        w = browser.evaluate(WINDOW)
        here = w["seq"] - w["left"] if w["left"] <= w["seq"] < w["left"] + len(w["bits"]) * 4 else -1
        check(w["at"] == n and w["pos"] == "packet %d of %d" % (n + 1, count) and w["got"] == bits_of(w["bits"]) and
              w["here"] == here and ("seq %d" % w["seq"]) in w["now"] and all(a == "arrive" for a in w["arrival"]),
              "%s: anti-replay step %d draws %s" % (name, n + 1, w))
    # The keyboard: Home and the right arrow on the controls.
    browser.evaluate("document.querySelector('.replay .sa .controls .fwd').focus()")
    for key_name, code in (("Home", 36), ("ArrowRight", 39)):
        for kind in ("rawKeyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", {"type": kind, "key": key_name, "code": key_name,
                                                    "windowsVirtualKeyCode": code})
    check(browser.evaluate(WINDOW)["at"] == 1, "%s: Home then the right arrow key do not reach step 2" % name)
    # Play steps on by itself (from the first packet), Pause holds it where it is.
    click(browser, "document.querySelector('.replay .sa .controls .first')")
    play = "document.querySelector('.replay .sa .controls .play')"
    click(browser, play)
    pressed = browser.evaluate(play + ".getAttribute('aria-pressed')")
    time.sleep(1.3)
    click(browser, play)
    stopped = browser.evaluate(WINDOW)["at"]
    time.sleep(1.3)
    check(pressed == "true" and stopped >= 1 and browser.evaluate(WINDOW)["at"] == stopped and
          browser.evaluate(play + ".getAttribute('aria-pressed')") == "false",
          "%s: Play (pressed %s) reached step %d, then Pause did not hold it" % (name, pressed, stopped + 1))
    # With reduced motion the window jumps, never slides.
    browser.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    click(browser, "document.querySelector('.replay .sa .controls .first')")
    for _ in range(count - 1):
        click(browser, "document.querySelector('.replay .sa .controls .fwd')")
        w = browser.evaluate(WINDOW)
        check(w["transform"] == "" and w["duration"] == "0s" and all(a == "none" for a in w["arrival"]),
              "%s: with reduced motion the window moves: %s" % (name, w))
    browser.call("Emulation.setEmulatedMedia", {"features": []})


def input_link_checks(browser, name):
    """A derivation's input (SKEYID's Ni_b) opens its datagram with exactly its bytes lit."""
    link = browser.evaluate("""(() => { const a = document.querySelector('#d-SKEYID a.src');
        return a && {m: a.getAttribute('href').slice(2), layer: Number(a.dataset.layer), o: Number(a.dataset.o),
                     l: Number(a.dataset.l), field: a.querySelector('code').textContent}; })()""")
    if not check(link is not None, "%s: SKEYID has no input linked to a datagram" % name):
        return
    click(browser, "document.querySelector('#d-SKEYID a.src')")
    lit = browser.evaluate(LIT % (int(link["m"]), link["layer"]))
    shown = browser.evaluate("location.hash")
    check(shown == "#m" + link["m"] and lit["bytes"] == list(range(link["o"], link["o"] + link["l"])) and
          lit["fields"] == [link["field"]],
          "%s: SKEYID's input %s opens %s and lights %s" % (name, link, shown, lit))


def screenshot(browser, path, width, height, mobile):
    viewport(browser, width, height, mobile)
    data = browser.call("Page.captureScreenshot", {"format": "png"})["data"]
    png = base64.b64decode(data)
    path.write_bytes(png)
    share, colours, size = ink(png)
    check(share > 0.04 and colours > 12,
          "%s looks blank: %.1f%% of pixels differ from the background, %d colours" % (path, share * 100, colours))
    print("  %s: %dx%d, %.0f%% ink, %d colours" % (path.name, size[0], size[1], share * 100, colours), flush=True)


def run_page(browser, program, out, name, arguments):
    page = out / (name + ".html")
    started = time.monotonic()
    export = subprocess.run([program, "--headless", *arguments, "--html", str(page)], capture_output=True, text=True)
    if not check(export.returncode == 0 and page.is_file(),
                 "%s: ipsec-lab exited %d: %s" % (name, export.returncode, export.stderr)):
        return
    url = page.resolve().as_uri()
    viewport(browser, 1600, 1000, False)
    load(browser, url)
    arrows = 0
    if browser.evaluate("document.querySelector('main') !== null"):
        arrows = click_every_datagram(browser, name)
        if name.endswith("-flood"):
            check(flood_group_checks(browser, name) == 1, "%s: no flood row" % name)
        hover_checks(browser, name)
        decrypted_view_checks(browser, name)
        replay_checks(browser, name)
        if browser.evaluate("document.querySelector('#d-SKEYID') !== null"):
            input_link_checks(browser, name)
    else:  # a reading lesson: its text and questions, no run
        reading = browser.evaluate("""({lesson: document.getElementById('lesson-data') !== null,
            run: document.querySelectorAll('section.msg, svg, #keys, #replay').length,
            said: document.querySelector('header.top .sub').textContent})""")
        check(reading["lesson"] and reading["run"] == 0 and "reading lesson" in reading["said"],
              "%s: a page without a run is not a reading lesson's: %s" % (name, reading))
    if name in SHOTS:
        photograph(browser, out, name)
    if lesson_checks.has_lesson(browser):
        lesson_checks.glossary_check(browser, name, check, click)
        lesson_checks.revealed_unanswered(browser, name, check, click)
        lesson_checks.answer_every_question(browser, name, check, click)
        if name in LESSON_SHOTS:
            lesson_checks.lesson_shots(browser, out, name, screenshot)
    console_and_network_checks(browser, name, url)
    print("%s: %d datagrams clicked, %d bytes of HTML, %.1f s" %
          (name, arrows, page.stat().st_size, time.monotonic() - started), flush=True)


def photograph(browser, out, name):
    # What a teacher projects: an encrypted message open, a field of its decrypted part pointed at.
    browser.evaluate("location.hash = '#m5'")
    x, y = center(browser, "document.querySelectorAll('#m5 .layer')[1].querySelectorAll('.hex i')[40]")
    mouse(browser, "mouseMoved", x, y)
    browser.evaluate("window.scrollTo(0, 0)")
    screenshot(browser, out / (name + "-1600.png"), 1600, 1000, False)
    screenshot(browser, out / (name + "-375.png"), 375, 812, True)
    browser.evaluate("document.querySelector('#m5').scrollIntoView({block: 'start'})")
    screenshot(browser, out / (name + "-375-message.png"), 375, 812, True)
    # The anti-replay window, stepped to the attack's packet when there is one.
    if browser.evaluate("document.querySelector('#replay') !== null"):
        browser.evaluate("""(() => { const li = document.querySelector('.replay .sa li.attack') ||
            document.querySelector('.replay .sa li:last-child'); li.querySelector('button').click();
            document.querySelector('#replay').scrollIntoView({block: 'start'}); })()""")
        screenshot(browser, out / (name + "-1600-replay.png"), 1600, 1000, False)
        browser.evaluate("document.querySelector('#replay').scrollIntoView({block: 'start'})")
        screenshot(browser, out / (name + "-375-replay.png"), 375, 812, True)
    # The key derivation chain.
    browser.evaluate("document.querySelector('#keys').scrollIntoView({block: 'start'})")
    screenshot(browser, out / (name + "-1600-keys.png"), 1600, 1000, False)
    # The system's dark theme.
    browser.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    browser.evaluate("window.scrollTo(0, 0)")
    screenshot(browser, out / (name + "-1600-dark.png"), 1600, 1000, False)
    browser.call("Emulation.setEmulatedMedia", {"features": []})


def console_and_network_checks(browser, name, url):
    problems = [e for e in browser.events if e["method"] in ("Runtime.exceptionThrown",) or
                (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning", "assert")) or
                (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning"))]
    check(not problems, "%s: console: %s" % (name, problems))
    requests = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    check(requests and all(r.split("#")[0] == url for r in requests),
          "%s: requests other than the page itself: %s" % (name, [r for r in requests if r.split("#")[0] != url]))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--program", required=True, help="the ipsec-lab executable")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "")
    parser.add_argument("--out", required=True, help="folder for the pages and the screenshots")
    parser.add_argument("--only", help="only the pages whose name contains this (main-quick, lesson-)")
    args = parser.parse_args()
    if not args.chromium or not os.access(args.chromium, os.X_OK):
        print("SKIP: chromium is not installed (installer/deps.sh --test installs Debian's chromium)")
        return 77
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    todo = [p for p in pages(args.program) if not args.only or args.only in p[0]]
    browser = Browser(args.chromium)
    try:
        browser.attach_page()
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(domain + ".enable")
        # The network is off: a page that needs it fails to load what it asks for, and says so.
        browser.call("Network.emulateNetworkConditions",
                     {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        for name, arguments in todo:
            run_page(browser, args.program, out, name, arguments)
        lesson_checks.class_flow(browser, args.program, out, check, click, load)
    finally:
        browser.close()
    print("%d pages in %.1f s; screenshots in %s" % (len(todo), time.monotonic() - started, out))
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
