# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

"""The lesson part of the Illustrated page in the browser (core/page/IllustratedLesson.h), called by
illustrated_page.py:

- every question of a lesson page answered wrong, then right (a prediction: made, then revealed by
  Next), each with the feedback the page's data gives; a typed answer by the keyboard alone; the
  answers still there when the page is opened again (localStorage); each question's step button
  saying where it stands (? not answered, ✘ answered wrong, ✔ right, ✎ a prediction noted, – a
  prediction revealed with none made), and the line above them counting it so; a glossary link of a
  step's text opening its term's definition;
- a class (`ipsec-lab class new`, `class pages`): a student's pages answered right, wrong, or wrong
  then right, Hand in downloaded, and `ipsec-lab class grade` (core/classroom's reader and grader)
  reads the file and grades every question as the page judged it."""

import csv
import io
import json
import pathlib
import shutil
import subprocess
import time

DATA = "JSON.parse(document.getElementById('lesson-data').textContent)"

# Puts question `step` in the state of answer `how` ("right" or "wrong") and returns what the page
# must then say (its text), and for a field question the row to click (a selector expression).
ANSWER = r"""((step, how) => {
  const data = %s, q = data.questions.find(x => x.step === step);
  const form = document.querySelector('form.question[data-step="' + step + '"]');
  const text = html => { const d = document.createElement('div'); d.innerHTML = html; return d.textContent; };
  const own = i => (q.choiceFeedback[i] || '');
  let wrong = q.wrong, row = null, m = -1;
  const others = [...Array(q.choices).keys()].filter(i => q.kind === 'choice' ? i !== q.answerIndex
                                                                               : !q.answerSet.includes(i));
  if (q.kind === 'choice' || q.kind === 'multi-select') {
    const w = others.find(i => own(i)) ?? others[0];
    const picks = how === 'right' ? (q.kind === 'choice' ? [q.answerIndex] : q.answerSet)
                                  : (q.kind === 'choice' ? [w] : q.answerSet.concat([w]));
    form.querySelectorAll('input').forEach(i => { i.checked = picks.includes(Number(i.value)); });
    if (how === 'wrong' && own(w)) wrong = own(w);
  } else if (q.kind === 'ordering') {
    const list = form.querySelector('ol.order');
    const order = [...Array(q.choices).keys()];
    if (how === 'wrong') [order[0], order[1]] = [order[1], order[0]];
    order.forEach(c => list.appendChild(list.querySelector('li[data-c="' + c + '"]')));
  } else if (q.kind === 'field') {
    m = data.messages.findIndex(x => x[1] && (x[1] === q.pickEvent || q.sameEvents.includes(x[1])));
    const key = how === 'right' ? q.pickKey : 'ip.src';
    const rows = [...document.querySelectorAll('#m' + (m + 1) + ' .f')].filter(f =>
      f.querySelector('.fk').textContent === key);
    row = rows.length ? "[...document.querySelectorAll('#m" + (m + 1) + " .f')].filter(f => " +
      "f.querySelector('.fk').textContent === '" + key + "')[" + (rows.length - 1) + "]" : null;
  } else {
    form.querySelector('.typed').value = how === 'right' ? q.expected : q.expected + (q.kind === 'number' ? '1' : '0');
  }
  return {kind: q.kind, predict: q.predict, id: q.id, row: row, message: q.kind === 'field' ? m + 1 : 0,
          said: text('<p>' + (how === 'right' ? '✔ ' + q.right : '✘ ' + wrong) + '</p>')};
})(%d, '%s')"""

SHOWN = """(step => { const f = document.querySelector('form.question[data-step="' + step + '"]');
  return {feedback: f.querySelector('.feedback').textContent,
          shown: [...document.querySelectorAll('article.lstep')].filter(a => !a.hidden).map(a => a.id)}; })(%d)"""


def mark(browser, step):
    """What step `step`'s button says (its number and mark) and its accessible name."""
    return browser.evaluate("""(a => [a.textContent, a.getAttribute('aria-label')])(
        document.querySelector('nav.lsteps a[data-step="%d"]'))""" % step)


def check_mark(browser, name, check, step, want, words):
    shown = mark(browser, step)
    check(shown == ["%d%s" % (step + 1, want), "Step %d, %s" % (step + 1, words)],
          "%s: step %d's button says %r, not %d%s (%s)" % (name, step + 1, shown, step + 1, want, words))


def glossary_check(browser, name, check, click):
    """The shown step's first glossary link: the address names the term, whose definition is on screen."""
    href = browser.evaluate("""(() => { const a = document.querySelector('article.lstep:not([hidden]) .ltext a.gl');
        return a && a.getAttribute('href'); })()""")
    if href is None:
        return
    click(browser, "document.querySelector('article.lstep:not([hidden]) .ltext a.gl')")
    shown = browser.evaluate("""(id => { const t = document.getElementById(id), r = t && t.getBoundingClientRect();
        return {hash: location.hash, on: !!r && r.top >= 0 && r.bottom <= innerHeight, term: t ? t.textContent : ''};
        })('%s')""" % href[1:])
    check(shown["hash"] == href and shown["on"], "%s: the glossary link %s shows %s" % (name, href, shown))


def has_lesson(browser):
    return browser.evaluate("document.getElementById('lesson-data') !== null")


def question_steps(browser):
    return browser.evaluate("%s.questions.map(q => q.step)" % DATA)


def show_step(browser, click, step):
    click(browser, "document.querySelector('nav.lsteps a[data-step=\"%d\"]')" % step)


def answer(browser, click, step, how):
    """Answers question `step` as `how` through the page's own controls; returns what it said and
    what it should have said."""
    show_step(browser, click, step)
    expected = browser.evaluate(ANSWER % (DATA, step, how))
    if expected["kind"] == "field" and expected["row"]:
        browser.evaluate("location.hash = '#m%d'" % expected["message"])
        deadline = time.monotonic() + 5
        while not browser.evaluate("document.querySelector('#m%d').classList.contains('open')" % expected["message"]):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        click(browser, expected["row"])
        show_step(browser, click, step)
    click(browser, "document.querySelector('form.question[data-step=\"%d\"] .check')" % step)
    return browser.evaluate(SHOWN % step), expected


def reveal_text(browser, click, step):
    """Next from a prediction's step: the reveal the following step shows."""
    show_step(browser, click, step)
    click(browser, "document.querySelector('.lnav .next')")
    return browser.evaluate("(document.querySelector('.reveal[data-of=\"%d\"]') || {}).textContent || ''" % step)


def type_by_keyboard(browser, step, text):
    """A typed answer by the keyboard alone: focus the field, type, Enter."""
    browser.evaluate("document.querySelector('form.question[data-step=\"%d\"] .typed').value = ''" % step)
    browser.evaluate("document.querySelector('form.question[data-step=\"%d\"] .typed').focus()" % step)
    browser.call("Input.insertText", {"text": text})
    for kind in ("rawKeyDown", "char", "keyUp"):
        params = {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
        if kind == "char":
            params["text"] = "\r"
        browser.call("Input.dispatchKeyEvent", params)
    return browser.evaluate(SHOWN % step)["feedback"]


def progress_line(browser):
    return browser.evaluate("document.querySelector('.lprogress').textContent")


def revealed_unanswered(browser, name, check, click):
    """A prediction's step left by Next with no prediction made: its button and the progress line say
    it was revealed, neither right nor wrong. The page's answers are then forgotten."""
    predictions = browser.evaluate("%s.questions.filter(q => q.predict).map(q => q.step)" % DATA)
    if not predictions:
        return
    step, count = predictions[0], len(question_steps(browser))
    reveal_text(browser, click, step)
    check_mark(browser, name, check, step, "–", "revealed, no prediction made")
    line = progress_line(browser)
    want = "0 of %d questions answered right, 1 revealed with no prediction made" % count
    check(line.endswith(want), "%s: with step %d revealed unanswered the line says %r, not …%r" %
          (name, step + 1, line, want))
    browser.evaluate("localStorage.clear(); location.reload()")
    time.sleep(0.5)
    browser.wait_for("Page.loadEventFired")


def answer_every_question(browser, name, check, click):
    """Each question wrong, then right; a prediction made, then revealed. Returns how many."""
    steps = question_steps(browser)
    typed_by_keyboard = False
    for step in steps:
        check_mark(browser, name, check, step, "?", "a question, not answered yet")
        said, expected = answer(browser, click, step, "wrong")
        if expected["predict"]:
            check(said["feedback"].startswith("Prediction noted"),
                  "%s: prediction %s noted as %r" % (name, expected["id"], said["feedback"]))
            check_mark(browser, name, check, step, "✎", "a prediction, noted")
            shown = reveal_text(browser, click, step)
            check("did not hold" in shown and "The answer:" in shown,
                  "%s: the wrong prediction %s revealed as %r" % (name, expected["id"], shown))
            check_mark(browser, name, check, step, "✘", "answered, not right")
            continue
        check(said["feedback"] == expected["said"] and said["shown"] == ["s%d" % (step + 1)],
              "%s: %s answered wrong says %r, not %r" % (name, expected["id"], said, expected["said"]))
        check_mark(browser, name, check, step, "✘", "answered, not right")
        if expected["kind"] in ("value", "number") and not typed_by_keyboard:
            typed_by_keyboard = True
            value = browser.evaluate("%s.questions.find(q => q.step === %d).expected" % (DATA, step))
            got = type_by_keyboard(browser, step, value)
            check(got.startswith("✔"), "%s: %s typed %r by keyboard says %r" % (name, expected["id"], value, got))
            check_mark(browser, name, check, step, "✔", "answered right")
            continue
        said, expected = answer(browser, click, step, "right")
        check(said["feedback"] == expected["said"],
              "%s: %s answered right says %r, not %r" % (name, expected["id"], said["feedback"], expected["said"]))
        check_mark(browser, name, check, step, "✔", "answered right")
    if steps:
        # Every question but the predictions right (each prediction was wrong).
        right = len([s for s in steps if not browser.evaluate("%s.questions.find(q => q.step === %d).predict"
                                                             % (DATA, s))])
        line = progress_line(browser)
        check(line.endswith("· %d of %d questions answered right" % (right, len(steps))),
              "%s: answered, the line says %r" % (name, line))
        # Opened again: the answers are still there.
        last = [s for s in steps if not browser.evaluate("%s.questions.find(q => q.step === %d).predict" % (DATA, s))]
        browser.evaluate("location.reload()")
        time.sleep(0.5)
        browser.wait_for("Page.loadEventFired")
        if last:
            kept = browser.evaluate(SHOWN % last[-1])["feedback"]
            check(kept.startswith("✔"), "%s: after a reload, question at step %d says %r" % (name, last[-1] + 1, kept))
            check_mark(browser, name, check, last[-1], "✔", "answered right")
    print("  %s: %d questions answered wrong, then right" % (name, len(steps)), flush=True)
    return len(steps)


def lesson_shots(browser, out, name, screenshot):
    """The lesson part at 1600 and 375 px: a question answered, its feedback shown."""
    browser.evaluate("document.getElementById('lesson').scrollIntoView({block: 'start'})")
    screenshot(browser, out / (name + "-lesson-1600.png"), 1600, 1000, False)
    screenshot(browser, out / (name + "-lesson-375.png"), 375, 812, True)
    browser.evaluate("(document.querySelector('article.lstep:not([hidden]) form') || document.body)"
                     ".scrollIntoView({block: 'start'})")
    screenshot(browser, out / (name + "-lesson-375-question.png"), 375, 812, True)
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1600, "height": 1000, "deviceScaleFactor": 1, "mobile": False})


# ---- a class: pages per student, Hand in, graded by the program ----

CLASS_LESSONS = "five-phases,main-mode,esp-replay"


def make_class(program, out):
    folder = out / "class"
    shutil.rmtree(folder, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    roster = out / "roster.csv"
    roster.write_text("id,name\ns01,Ada Lovelace\ns02,Alan Turing\n", encoding="utf-8")
    subprocess.run([program, "class", "new", "--roster", str(roster), "--lessons", CLASS_LESSONS, "--out",
                    str(folder), "--name", "Networks 2"], check=True, capture_output=True)
    subprocess.run([program, "class", "pages", str(folder)], check=True, capture_output=True)
    return folder


def answer_for_grading(browser, click, name, check):
    """Answers every question of the loaded page: right at once, wrong only, or wrong then right
    (by its place); returns per question id what the grader must count: (right, first try)."""
    expected = {}
    for i, step in enumerate(question_steps(browser)):
        mode = ("right", "wrong", "wrong then right")[i % 3]
        for how in mode.split(" then "):
            said, q = answer(browser, click, step, how)
            if not q["predict"]:
                check(said["feedback"] == q["said"], "%s: %s %s says %r" % (name, q["id"], how, said["feedback"]))
        right = mode != "wrong"
        if q["predict"]:
            shown = reveal_text(browser, click, step)
            check(("held" if right else "did not hold") in shown and not (right and "did not" in shown),
                  "%s: prediction %s (%s) revealed as %r" % (name, q["id"], mode, shown))
            expected[q["id"]] = (right, right)  # the grader judges a prediction's last change only
        else:
            expected[q["id"]] = (right, mode == "right")
    return expected


def hand_in(browser, click, downloads):
    shutil.rmtree(downloads, ignore_errors=True)
    downloads.mkdir(parents=True)
    browser.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}, session=False)
    click(browser, "document.querySelector('.handin-button')")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done = [p for p in downloads.iterdir() if p.suffix == ".json"]
        if done:
            time.sleep(0.2)
            return done[0]
        time.sleep(0.1)
    return None


def class_flow(browser, program, out, check, click, load):
    """A student's pages answered, handed in, and graded by the program as the pages judged them."""
    folder = make_class(program, out)
    student = folder / "pages" / "s01"
    expected = {}
    for lesson in CLASS_LESSONS.split(","):
        page = student / (lesson + ".html")
        if not check(page.is_file(), "class pages wrote no %s" % page):
            return
        load(browser, page.resolve().as_uri())
        expected.update(answer_for_grading(browser, click, "class s01 " + lesson, check))
    note = browser.evaluate("document.querySelector('.handin-note').textContent")
    handed = hand_in(browser, click, out / "downloads")
    if not check(handed is not None, "Hand in downloaded nothing (%r)" % note):
        return
    note = browser.evaluate("document.querySelector('.handin-note').textContent")
    check(handed.name == "s01-" + json.loads(handed.read_text())["code"] + "-results.json" and "Downloaded" in note,
          "Hand in downloaded %s, saying %r" % (handed.name, note))
    graded = subprocess.run([program, "class", "grade", str(folder), str(handed)], capture_output=True, text=True)
    if not check(graded.returncode == 0, "class grade refused the handed-in file: %s" % graded.stderr):
        return
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(graded.stdout))}
    row = rows["s01"]
    wrong = {q: (row.get(q), right) for q, (right, _) in expected.items() if row.get(q) != ("1" if right else "0")}
    check(row["status"] == "graded" and not wrong,
          "the grader and the page disagree on %s (grader, page)" % wrong)
    first = sum(1 for _, (_, first_try) in expected.items() if first_try)
    check(row["first-try"] == str(first), "first-try: the grader %s, the page %d" % (row["first-try"], first))
    check(rows["s02"]["status"] == "not handed in", "s02: %s" % rows["s02"]["status"])
    print("class: %d questions of %s answered in s01's pages, handed in as %s, graded %s/%d (%s first try)" %
          (len(expected), CLASS_LESSONS, handed.name, row["total"], len(expected), row["first-try"]), flush=True)
