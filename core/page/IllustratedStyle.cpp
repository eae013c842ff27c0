// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Illustrated page's own style sheet and script, written for it (no library): light and dark
// follow the system, one column on a phone, the diagram beside the message from 1000 px on, and
// every message printed one after the other.

#include "page/IllustratedHtml.h"

namespace ipseclab::page {

std::string_view pageStyle() {
    return R"css(
:root{--bg:#fbfaf7;--card:#fff;--fg:#1c2230;--muted:#5a6475;--line:#d5d9e0;--accent:#1a5fd0;--on:#ffe27a;
--on-strong:#ffc83d;--ok:#23803a;--bad:#c0262d;--attack:#c2410c;--phase:#eef1f6;--mono:ui-monospace,"DejaVu Sans Mono",
"Liberation Mono",Menlo,Consolas,monospace}
@media (prefers-color-scheme:dark){:root{--bg:#101318;--card:#171b22;--fg:#e4e8ef;--muted:#9aa3b2;--line:#2d343f;
--accent:#79adff;--on:#5c4a0e;--on-strong:#8a6c12;--ok:#5cc271;--bad:#ff7a7f;--attack:#ff9d5c;--phase:#1d232c}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"DejaVu Sans",sans-serif}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
header.top{padding:16px 20px 8px;border-bottom:1px solid var(--line)}
h1{margin:0;font-size:1.6rem;letter-spacing:.01em}
.sub,.meta,.muted,.fb{color:var(--muted)}
.sub{margin:.3em 0 0}
main{display:grid;grid-template-columns:minmax(0,1fr);gap:16px;padding:12px}
@media (min-width:1000px){main{grid-template-columns:minmax(360px,32%) minmax(0,1fr);padding:16px 20px}
.diagram{position:sticky;top:0;max-height:100vh;overflow:auto}}
.diagram{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:4px}
svg.sequence{display:block;width:100%;height:auto;font-family:inherit}
svg .lane{stroke:var(--muted);stroke-width:2;stroke-dasharray:2 4}
svg .lane-name{fill:var(--fg);font-weight:700;font-size:16px;text-anchor:middle}
svg rect.phase{fill:var(--phase)}
svg text.phase{fill:var(--muted);font-size:12px;text-anchor:middle;text-transform:uppercase;letter-spacing:.08em}
svg .hit{fill:transparent}
svg .arrow line{stroke:var(--fg);stroke-width:2}
svg .arrow .head{fill:var(--fg)}
svg .arrow .label{fill:var(--fg);font-size:14px;text-anchor:middle}
svg .arrow .time{fill:var(--muted);font-size:11px;font-family:var(--mono)}
svg .arrow.refused line,svg .arrow.lost line{stroke:var(--bad);stroke-dasharray:7 4}
svg .arrow.refused .head{fill:var(--bad)}
svg .cross{stroke:var(--bad);stroke-width:3;fill:none}
svg .arrow.attack .label{fill:var(--attack);font-weight:700}
svg .arrow:hover .hit,svg .arrow:focus .hit{fill:var(--phase)}
svg .arrow.sel .hit{fill:var(--on)}
svg .arrow:focus{outline:none}
svg .arrow:focus-visible .hit{stroke:var(--accent);stroke-width:3}
.msg{display:none;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:0}
.msg.open{display:block}
.msg h3{margin:0;font-size:1.3rem}
.msg .no{color:var(--muted);font-weight:400;font-size:.9rem}
.msg .meta,.msg .verdict,.msg .comment{margin:.25em 0}
.comment{font-size:.92rem;color:var(--muted);overflow-wrap:anywhere}
.verdict.ok{color:var(--ok)}
.verdict.bad{color:var(--bad);font-weight:700}
nav.step{display:flex;gap:12px;margin:.4em 0}
nav.step a{padding:4px 10px;border:1px solid var(--line);border-radius:6px;text-decoration:none}
.layer h4{margin:16px 0 6px;font-size:1.05rem}
.pane{display:grid;grid-template-columns:minmax(0,1fr);gap:12px}
@media (min-width:1300px){.pane{grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);align-items:start}
.bytes{position:sticky;top:8px}}
ol.fields{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:6px;max-height:32em;overflow:auto}
.f{padding:3px 8px 3px calc(8px + var(--depth) * 14px);border-bottom:1px solid var(--line);cursor:pointer;
overflow-wrap:anywhere}
.f:last-child{border-bottom:0}
.f .fn{font-weight:600}
.f .fv{font-family:var(--mono);font-size:.9em}
.f .fk{font-family:var(--mono);font-size:.82em;color:var(--accent);white-space:nowrap}
.f .fk.own{color:var(--muted);font-style:italic}
.f .fb{font-size:.8em;margin-left:.4em}
.f .fm{display:none;font-size:.88em;color:var(--muted)}
.f.on{background:var(--on)}
.f.on .fm{display:block}
.hex{display:grid;grid-template-columns:repeat(16,minmax(0,1fr));gap:1px 0;font:15px/1.6 var(--mono);
border:1px solid var(--line);border-radius:6px;padding:6px;cursor:default}
@media (max-width:520px){.hex{grid-template-columns:repeat(8,minmax(0,1fr));font-size:14px}}
.hex i{font-style:normal;text-align:center;border-radius:3px}
.hex i:nth-child(16n+9){margin-left:0}
.hex i.on{background:var(--on)}
.hex i.cur{background:var(--on-strong);outline:2px solid var(--accent)}
.here{min-height:1.5em;margin:.3em 0;font-size:.92rem}
.here code{color:var(--accent)}
section.keys{padding:4px 20px 16px}
ol.chain{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,460px),1fr));
gap:10px}
li.derived{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:0}
li.derived p{margin:.2em 0;overflow-wrap:anywhere}
li.derived:target{outline:3px solid var(--accent)}
.value{font-family:var(--mono);font-size:.9em;overflow-wrap:anywhere}
ul.inputs{margin:.3em 0 0;padding-left:1.2em;font-size:.9em}
footer{padding:8px 20px 24px;color:var(--muted);font-size:.9rem}
@media print{.diagram{position:static;max-height:none}.msg{display:block;break-inside:avoid-page}nav.step{display:none}
.f .fm{display:block}ol.fields{max-height:none}main{display:block}}
)css";
}

std::string_view pageScript() {
    return R"js(
(function () {
  'use strict';
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.msg'));
  var arrows = Array.prototype.slice.call(document.querySelectorAll('svg .arrow'));

  // Shows message n (1-based) and marks its arrow; the address keeps it, so Back works.
  function open(n) {
    sections.forEach(function (s, i) { s.classList.toggle('open', i + 1 === n); });
    arrows.forEach(function (a) {
      var on = Number(a.getAttribute('data-m')) === n;
      a.classList.toggle('sel', on);
      a.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
  }
  function fromAddress() {
    var m = /^#m(\d+)$/.exec(location.hash);
    if (m) { open(Number(m[1])); return true; }
    return false;
  }
  window.addEventListener('hashchange', fromAddress);
  arrows.forEach(function (a) {
    // Opened at once; the address follows (the link's own navigation), so Back returns to it.
    a.addEventListener('click', function () { open(Number(a.getAttribute('data-m'))); });
    a.addEventListener('keydown', function (ev) {
      if (ev.key === ' ' ) { ev.preventDefault(); a.dispatchEvent(new MouseEvent('click', {bubbles: true})); }
    });
  });
  if (!fromAddress() && sections.length) open(1);

  // Hover follows the pointer only when it really moved: the browser also reports the element that
  // a scroll or a row's growing brought under a still pointer, which would steal the highlight.
  var pointer = '';
  function moved(ev) {
    var at = ev.screenX + ',' + ev.screenY;
    if (at === pointer) return false;
    pointer = at;
    return true;
  }

  // A layer of bytes: each byte belongs to the deepest field that covers it.
  function Layer(el) {
    this.el = el;
    this.fields = Array.prototype.slice.call(el.querySelectorAll('.f'));
    this.bytes = Array.prototype.slice.call(el.querySelectorAll('.hex i'));
    this.here = el.querySelector('.here');
    this.cursor = -1;
    var owner = this.owner = [];
    var fields = this.fields;
    this.bytes.forEach(function (b, i) { b.setAttribute('data-i', i); owner[i] = -1; });
    fields.forEach(function (f, k) {
      var o = Number(f.getAttribute('data-o')), l = Number(f.getAttribute('data-l'));
      for (var i = o; i < o + l && i < owner.length; i++) {
        if (owner[i] < 0 || l <= Number(fields[owner[i]].getAttribute('data-l'))) owner[i] = k;
      }
    });
    var self = this;
    fields.forEach(function (f, k) {
      f.addEventListener('mousemove', function (ev) { if (moved(ev)) self.mark(k, -1); });
      f.addEventListener('focus', function () { self.mark(k, -1); });
      f.addEventListener('click', function () { self.mark(k, -1); });
    });
    var hex = el.querySelector('.hex');
    hex.addEventListener('mousemove', function (ev) {
      var i = ev.target.getAttribute && ev.target.getAttribute('data-i');
      if (i === null || i === undefined || !moved(ev)) return;
      self.byte(Number(i));
    });
    hex.addEventListener('focus', function () { if (self.cursor < 0 && self.bytes.length) self.byte(0); });
    hex.addEventListener('keydown', function (ev) {
      var step = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -self.columns(), ArrowDown: self.columns(),
                  Home: -self.cursor, End: self.bytes.length}[ev.key];
      if (step === undefined) return;
      ev.preventDefault();
      self.byte(Math.max(0, Math.min(self.bytes.length - 1, self.cursor + step)));
    });
  }
  Layer.prototype.columns = function () {
    var top = this.bytes.length ? this.bytes[0].offsetTop : 0, n = 0;
    while (n < this.bytes.length && this.bytes[n].offsetTop === top) n++;
    return Math.max(1, n);
  };
  // Highlights field k and its bytes (and byte `at`, the one pointed at); -1 clears.
  Layer.prototype.mark = function (k, at) {
    this.el.querySelectorAll('.on,.cur').forEach(function (x) { x.classList.remove('on', 'cur'); });
    if (at >= 0) this.bytes[at].classList.add('cur');
    if (k < 0) { this.here.textContent = at >= 0 ? 'byte ' + at + ': no field' : ''; return; }
    var f = this.fields[k];
    f.classList.add('on');
    var o = Number(f.getAttribute('data-o')), l = Number(f.getAttribute('data-l'));
    for (var i = o; i < o + l && i < this.bytes.length; i++) this.bytes[i].classList.add('on');
    this.here.textContent = '';
    var where = at >= 0 ? 'byte ' + at + ' → ' : 'bytes ' + o + '–' + (o + l - 1) + ' · ';
    this.here.appendChild(document.createTextNode(where + f.querySelector('.fn').textContent + ' '));
    var code = document.createElement('code');
    code.textContent = f.querySelector('.fk').textContent;
    this.here.appendChild(code);
    if (at >= 0) f.scrollIntoView({block: 'nearest'});
  };
  Layer.prototype.byte = function (i) { this.cursor = i; this.mark(this.owner[i], i); };
  // Marks the exact range [o, o + l), as a derivation's input names it.
  Layer.prototype.range = function (o, l) {
    this.el.querySelectorAll('.on,.cur').forEach(function (x) { x.classList.remove('on', 'cur'); });
    for (var i = o; i < o + l && i < this.bytes.length; i++) this.bytes[i].classList.add('on');
    if (this.owner[o] >= 0) this.fields[this.owner[o]].classList.add('on');
    this.here.textContent = 'bytes ' + o + '–' + (o + l - 1) + ' (the input of a derivation)';
  };

  var layers = new Map();
  document.querySelectorAll('.layer').forEach(function (el) { layers.set(el, new Layer(el)); });

  document.querySelectorAll('a.src').forEach(function (a) {
    a.addEventListener('click', function () {
      var section = document.querySelector(a.getAttribute('href'));
      var el = section && section.querySelectorAll('.layer')[Number(a.getAttribute('data-layer'))];
      if (!el) return;
      setTimeout(function () {
        layers.get(el).range(Number(a.getAttribute('data-o')), Number(a.getAttribute('data-l')));
        el.scrollIntoView({block: 'start'});
      }, 0);
    });
  });
})();
)js";
}

} // namespace ipseclab::page
