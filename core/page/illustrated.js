// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// The Illustrated page's script (core/page): an arrow opens its message; a byte lights its field, a
// field its bytes, by pointer or keyboard.
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

  // A derivation's input: its datagram opens with exactly the input's bytes lit.
  document.querySelectorAll('a.src').forEach(function (a) {
    a.addEventListener('click', function () {
      var n = Number(a.getAttribute('href').slice(2));
      var el = sections[n - 1] && sections[n - 1].querySelectorAll('.layer')[Number(a.getAttribute('data-layer'))];
      if (!el) return;
      open(n);
      layers.get(el).range(Number(a.getAttribute('data-o')), Number(a.getAttribute('data-l')));
    });
  });
})();
