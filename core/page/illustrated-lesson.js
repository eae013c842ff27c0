// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// The lesson part of the Illustrated page (core/page/IllustratedLesson.h): its steps one at a time,
// its questions judged as the window and the grader judge them (lesson/Answer.h,
// classroom::judge), the answers kept in the browser, and Hand in: the results file the window
// writes (classroom/Results.h), sealed the same way.
(function () {
  'use strict';
  var section = document.getElementById('lesson');
  var dataEl = document.getElementById('lesson-data');
  if (!section || !dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var steps = Array.prototype.slice.call(section.querySelectorAll('article.lstep'));
  var stepLinks = Array.prototype.slice.call(section.querySelectorAll('nav.lsteps a'));
  var questions = {};
  data.questions.forEach(function (q) { questions[q.step] = q; });

  // ---- judging: lesson/Answer.h and classroom::judge, rule for rule ----
  function isSpace(c) { return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r'; }
  // Lower case (ASCII, as C's tolower), without whitespace, without a "0x" before hex digits.
  function normalize(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (isSpace(c)) continue;
      out += c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
    }
    if (out.length > 2 && out.slice(0, 2) === '0x' && /^[0-9a-f]+$/.test(out.slice(2))) out = out.slice(2);
    return out;
  }
  // The number at the start of the text ("36", " 36 bytes", "1,024"), as an unsigned 64-bit value.
  var kLimit = (BigInt('18446744073709551615') - BigInt(9)) / BigInt(10);
  function leadingNumber(text) {
    var i = 0, n = BigInt(0), any = false;
    while (i < text.length && isSpace(text[i])) i++;
    for (; i < text.length; i++) {
      var c = text[i];
      if (c === ',' && any) continue;
      if (c < '0' || c > '9') break;
      if (n > kLimit) return null;
      n = n * BigInt(10) + BigInt(c.charCodeAt(0) - 48);
      any = true;
    }
    return any ? n : null;
  }
  function verdict(q, right, wrong) { return {right: right, feedback: right ? q.right : wrong || q.wrong}; }
  function choiceFeedback(q, picks) {
    return picks.filter(function (i) { return i < q.choiceFeedback.length && q.choiceFeedback[i]; })
      .map(function (i) { return q.choiceFeedback[i]; }).join('</p><p>');
  }
  function judge(q, given) {
    var picks = given.picks || [], typed = given.typed || '', event = given.event || '';
    if (q.sameEvents.indexOf(event) >= 0) event = q.pickEvent;
    for (var p = 0; p < picks.length; p++)
      if (picks[p] >= q.choices) return {right: false, feedback: 'there is no such choice'};
    switch (q.kind) {
    case 'choice':
      if (picks.length !== 1) return verdict(q, false, '');
      return verdict(q, picks[0] === q.answerIndex, picks[0] === q.answerIndex ? '' : choiceFeedback(q, picks));
    case 'multi-select':
      var set = picks.slice().sort(function (a, b) { return a - b; })
        .filter(function (x, i, all) { return i === 0 || all[i - 1] !== x; });
      var wrong = set.filter(function (x) { return q.answerSet.indexOf(x) < 0; });
      var same = set.length === q.answerSet.length && set.every(function (x, i) { return x === q.answerSet[i]; });
      return verdict(q, same, choiceFeedback(q, wrong));
    case 'ordering':
      return verdict(q, picks.length === q.choices && picks.every(function (x, i) { return x === i; }), '');
    case 'number':
      var want = leadingNumber(q.expected), got = leadingNumber(typed);
      return verdict(q, want !== null && got !== null && want === got, '');
    case 'value':
      var expected = normalize(q.expected);
      return verdict(q, expected !== '' && normalize(typed) === expected, '');
    case 'field':
      return verdict(q, event === q.pickEvent && (given.field || '') === q.pickKey, '');
    }
    return verdict(q, false, '');
  }

  // ---- what is kept in the browser ----
  // The answers as a results file holds them (one list per lab code, every lesson's, as the
  // window keeps them), and where this lesson's page was.
  var answersKey = data.handIn ? 'ipsec-lab/results/' + data.handIn.code : data.storageKey + '/answers';
  function loadJson(key, fallback) {
    try { var text = window.localStorage.getItem(key); return text ? JSON.parse(text) : fallback; } catch (e) { return fallback; }
  }
  function saveJson(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: kept for this visit */ }
  }
  var results = loadJson(answersKey, {questions: []});
  var view = loadJson(data.storageKey, {current: 0, revealed: []});
  function recordOf(step, make) {
    for (var i = 0; i < results.questions.length; i++) {
      var r = results.questions[i];
      if (r.lesson === data.lesson && r.step === step) return r;
    }
    if (!make) return null;
    var made = {attempts: [], lesson: data.lesson, step: step};
    results.questions.push(made);
    return made;
  }
  function now() { return new Date().toISOString().replace(/\.\d+Z$/, 'Z'); }
  // An answer as the results file writes it: its keys sorted, the empty ones left out.
  function stored(given) {
    var out = {};
    if (given.event) out.event = given.event;
    if (given.field) out.field = given.field;
    if (given.picks && given.picks.length) out.picks = given.picks;
    if (given.typed) out.typed = given.typed;
    return out;
  }

  // ---- a field picked in a message of the run ----
  var picked = null;
  function pickField(row) {
    var msg = row.closest('section.msg'), layer = row.closest('.layer');
    if (!msg || !layer) return;
    var ids = data.messages[Number(msg.id.slice(1)) - 1];
    if (!ids) return;
    var inIke = ids[1] && (Number(layer.getAttribute('data-layer')) > 0 || Number(row.getAttribute('data-o')) >= ids[2]);
    picked = {event: inIke ? ids[1] : ids[0], field: row.querySelector('.fk').textContent,
              where: msg.querySelector('h3').textContent};
    section.querySelectorAll('.picked').forEach(function (p) {
      p.textContent = 'Selected: ' + picked.field + ' in ' + picked.where + '. Press Check to answer with it.';
    });
  }
  document.addEventListener('click', function (ev) {
    var row = ev.target.closest && ev.target.closest('section.msg .f');
    if (row) pickField(row);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && ev.target.matches && ev.target.matches('section.msg .f')) pickField(ev.target);
  });

  // ---- questions ----
  function feedback(form, right, html) {
    var box = form.querySelector('.feedback');
    box.className = 'feedback ' + (right ? 'ok' : 'bad');
    box.innerHTML = '<p>' + (right ? '✔ ' : '✘ ') + html + '</p>';
  }
  function note(form, text) {
    var box = form.querySelector('.feedback');
    box.className = 'feedback';
    box.textContent = text;
  }
  function given(form, q) {
    if (q.kind === 'choice' || q.kind === 'multi-select')
      return {picks: Array.prototype.slice.call(form.querySelectorAll('input:checked'))
        .map(function (i) { return Number(i.value); }).sort(function (a, b) { return a - b; })};
    if (q.kind === 'ordering')
      return {picks: Array.prototype.slice.call(form.querySelectorAll('ol.order li'))
        .map(function (li) { return Number(li.getAttribute('data-c')); })};
    if (q.kind === 'field') return picked ? {event: picked.event, field: picked.field} : null;
    return {typed: form.querySelector('.typed').value};
  }
  function attemptsLeft(q) {
    var r = recordOf(q.step, false), used = r ? r.attempts.length : 0;
    return data.attemptsAllowed === null || q.predict ? null : Math.max(0, data.attemptsAllowed - used);
  }
  function showAttempts(form, q) {
    var left = attemptsLeft(q), line = form.querySelector('.attempts');
    form.querySelector('.check').disabled = left === 0 || (q.predict && view.revealed.indexOf(q.step) >= 0);
    line.textContent = left === null ? '' : left === 0 ? 'No attempts left for this question.'
      : left + (left === 1 ? ' attempt' : ' attempts') + ' left for this question.';
  }
  function check(form, q) {
    var answer = given(form, q);
    if (!answer) return note(form, 'Select a field in a message of the run first.');
    if ((q.kind === 'choice' || q.kind === 'multi-select') && !answer.picks.length)
      return note(form, q.kind === 'choice' ? 'Choose an answer first.' : 'Tick every answer that holds first.');
    if (q.predict && view.revealed.indexOf(q.step) >= 0)
      return note(form, 'The lab has shown it already: a prediction is made before stepping on.');
    if (attemptsLeft(q) === 0) return showAttempts(form, q);
    var judged = judge(q, answer);
    var right = judged.right && !q.predict; // a prediction is noted, and judged when the lab shows it
    recordOf(q.step, true).attempts.push({answer: stored(answer), right: right, time: now()});
    saveJson(answersKey, results);
    if (q.predict) note(form, 'Prediction noted. Press Next: the lab\'s next step shows whether it holds.');
    else feedback(form, judged.right, judged.feedback);
    showAttempts(form, q);
    progress();
  }
  // The answer last given, back in the form (a page opened again goes on where it was).
  function restore(form, q) {
    var r = recordOf(q.step, false);
    if (!r || !r.attempts.length) return;
    var last = r.attempts[r.attempts.length - 1].answer;
    if (q.kind === 'choice' || q.kind === 'multi-select')
      form.querySelectorAll('input').forEach(function (i) { i.checked = (last.picks || []).indexOf(Number(i.value)) >= 0; });
    else if (q.kind === 'ordering') {
      var list = form.querySelector('ol.order');
      (last.picks || []).forEach(function (c) {
        var li = list.querySelector('li[data-c="' + c + '"]');
        if (li) list.appendChild(li);
      });
    } else if (q.kind !== 'field') form.querySelector('.typed').value = last.typed || '';
    if (q.predict) note(form, 'Prediction noted. Press Next: the lab\'s next step shows whether it holds.');
    else { var judged = judge(q, last); feedback(form, judged.right, judged.feedback); }
  }
  section.querySelectorAll('form.question').forEach(function (form) {
    var q = questions[Number(form.getAttribute('data-step'))];
    form.addEventListener('submit', function (ev) { ev.preventDefault(); check(form, q); });
    form.querySelectorAll('ol.order button').forEach(function (b) {
      b.addEventListener('click', function () {
        var li = b.closest('li'), list = li.parentNode;
        var to = b.classList.contains('up') ? li.previousElementSibling : li.nextElementSibling;
        if (!to) return;
        list.insertBefore(li, b.classList.contains('up') ? to : to.nextElementSibling);
        b.focus();
      });
    });
    restore(form, q);
    showAttempts(form, q);
  });

  // A prediction is judged once the class is past its step, against what the lab showed.
  function reveal(step) {
    var q = questions[step], box = section.querySelector('.reveal[data-of="' + step + '"]');
    if (!q || !box) return;
    if (view.revealed.indexOf(step) < 0) view.revealed.push(step);
    var r = recordOf(step, false), last = r && r.attempts.length ? r.attempts[r.attempts.length - 1].answer : null;
    var judged = last ? judge(q, last) : {right: false, feedback: q.wrong};
    var said = !last ? 'You made no prediction.' : judged.right ? '✔ Your prediction held.' : '✘ Your prediction did not hold.';
    box.innerHTML = '<p><strong>The lab has shown it (step ' + (step + 1) + '\'s prediction).</strong> ' + said +
      ' The answer: <strong>' + q.answer + '</strong>.</p><p>' + judged.feedback + '</p>';
    box.className = 'reveal ' + (judged.right ? 'ok' : 'bad');
    var form = section.querySelector('form.question[data-step="' + step + '"]');
    if (form) showAttempts(form, q);
  }

  // ---- steps ----
  // Where a question stands, as its step's button says it: not answered yet, a prediction noted
  // (judged when the lab shows it), answered right at some attempt (as the window and the grader
  // count it; a prediction: revealed, and it held), answered and not right (a prediction: revealed,
  // and it did not hold), or revealed with no prediction made: neither right nor wrong.
  var kMarks = {open: ['?', 'a question, not answered yet'], noted: ['✎', 'a prediction, noted'],
                right: ['✔', 'answered right'], wrong: ['✘', 'answered, not right'],
                revealed: ['–', 'revealed, no prediction made']};
  function standing(q) {
    var r = recordOf(q.step, false), tried = r && r.attempts.length;
    if (q.predict) {
      if (view.revealed.indexOf(q.step) < 0) return tried ? 'noted' : 'open';
      if (!tried) return 'revealed';
      return judge(q, r.attempts[r.attempts.length - 1].answer).right ? 'right' : 'wrong';
    }
    if (!tried) return 'open';
    return r.attempts.some(function (a) { return a.right; }) ? 'right' : 'wrong';
  }
  function markSteps() {
    stepLinks.forEach(function (a, i) {
      var q = questions[i];
      if (!q) return;
      var state = standing(q);
      a.textContent = (i + 1) + kMarks[state][0];
      a.setAttribute('aria-label', 'Step ' + (i + 1) + ', ' + kMarks[state][1]);
      a.className = state;
    });
  }
  // The steps' buttons, and the line that sums them up: "4 of 6 questions answered right, 1 revealed".
  function progress() {
    markSteps();
    var count = function (state) {
      return data.questions.filter(function (q) { return standing(q) === state; }).length;
    };
    var revealed = count('revealed');
    section.querySelector('.lprogress').textContent = 'Step ' + (view.current + 1) + ' of ' + steps.length + ' · ' +
      count('right') + ' of ' + data.questions.length + ' questions answered right' +
      (revealed ? ', ' + revealed + ' revealed with no prediction made' : '');
  }
  function show(n, focus) {
    n = Math.max(0, Math.min(steps.length - 1, n));
    view.current = n;
    steps.forEach(function (s, i) { s.hidden = i !== n; });
    stepLinks.forEach(function (a, i) {
      if (i === n) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
    });
    for (var k = 0; k < n; k++) if (questions[k] && questions[k].predict) reveal(k);
    section.querySelector('.lnav .back').disabled = n === 0;
    section.querySelector('.lnav .next').disabled = n === steps.length - 1;
    saveJson(data.storageKey, view);
    progress();
    if (focus) steps[n].focus();
  }
  steps.forEach(function (s) { s.tabIndex = -1; });
  stepLinks.forEach(function (a, i) {
    a.addEventListener('click', function (ev) { ev.preventDefault(); show(i, true); });
  });
  section.querySelector('.lnav .back').addEventListener('click', function () { show(view.current - 1, true); });
  section.querySelector('.lnav .next').addEventListener('click', function () { show(view.current + 1, true); });
  // A "Look at" link whose target the page does not have is text.
  section.querySelectorAll('.look a[href^="#d"]').forEach(function (a) {
    if (!document.getElementById(a.getAttribute('href').slice(1))) a.removeAttribute('href');
  });
  show(view.current || 0, false);

  // ---- Hand in ----
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }
  // The file as classroom::toJson writes it: keys in order, two spaces, the seal an HMAC-SHA-256
  // keyed by the code over the compact body without it.
  function resultsFile() {
    var h = data.handIn;
    var body = {app: h.app, classId: h.classId, code: h.code, format: 'ipsec-lab-results', name: h.name,
                questions: results.questions, studentId: h.studentId, version: 1};
    var encoder = new TextEncoder();
    return window.crypto.subtle.importKey('raw', encoder.encode(h.code), {name: 'HMAC', hash: 'SHA-256'}, false, ['sign'])
      .then(function (key) { return window.crypto.subtle.sign('HMAC', key, encoder.encode(JSON.stringify(body))); })
      .then(function (mac) {
        var sealed = {};
        Object.keys(body).forEach(function (k) { if (k === 'studentId') sealed.seal = hex(mac); sealed[k] = body[k]; });
        return JSON.stringify(sealed, null, 2) + '\n';
      });
  }
  var handIn = section.querySelector('.handin-button');
  if (handIn) handIn.addEventListener('click', function () {
    var status = section.querySelector('.handin-note');
    if (!window.crypto || !window.crypto.subtle) {
      status.textContent = 'Hand in needs the page opened from a file or an https:// address (the browser seals ' +
        'results only there).';
      return;
    }
    resultsFile().then(function (text) {
      var a = document.createElement('a');
      a.href = 'data:application/json;charset=utf-8,' + encodeURIComponent(text);
      a.download = (data.handIn.studentId ? data.handIn.studentId + '-' : '') + data.handIn.code + '-results.json';
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = 'Downloaded ' + a.download + ' (' + results.questions.length +
        ' questions answered): upload it to your course.';
    });
  });
})();
