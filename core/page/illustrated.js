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

  // Scrolls `list` (a box of its own) to show `item`, and nothing else: scrolling the page would move
  // what the pointer is on.
  function scrollWithin(list, item) {
    if (item.offsetTop < list.scrollTop || item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = item.offsetTop - list.clientHeight / 2;
  }

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
    if (at >= 0) scrollWithin(f.parentNode, f);
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

  // Wire and decrypted views side by side: the encrypted bytes of the one are the other, so
  // pointing at either outlines its counterpart.
  document.querySelectorAll('.views.two').forEach(function (views) {
    var wire = views.querySelector('.layer'), clear = views.querySelectorAll('.layer')[1];
    var enc = wire.querySelector('.f.enc');
    if (!enc) return;
    var o = Number(enc.getAttribute('data-o')), l = Number(enc.getAttribute('data-l'));
    var bytes = Array.prototype.slice.call(wire.querySelectorAll('.hex i'), o, o + l);
    function link(on) {
      clear.classList.toggle('from', on);
      bytes.forEach(function (b) { b.classList.toggle('from', on); });
    }
    wire.addEventListener('mouseover', function (ev) {
      var i = ev.target.getAttribute('data-i'), row = ev.target.closest('.f');
      if (i !== null) link(Number(i) >= o && Number(i) < o + l);
      else if (row) link(row === enc);
    });
    wire.addEventListener('mouseleave', function () { link(false); });
    clear.addEventListener('mouseover', function () { link(true); });
    clear.addEventListener('mouseleave', function () { link(false); });
    enc.addEventListener('focus', function () { link(true); });
    enc.addEventListener('blur', function () { link(false); });
  });

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

  // The anti-replay window: each packet's step carries the window after it (its edges and bits, as
  // the receiver's SA had them); this draws a step and moves between them.
  var reduced = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : {matches: false};
  function Replay(el) {
    this.size = Number(el.getAttribute('data-size'));
    this.items = Array.prototype.slice.call(el.querySelectorAll('ol.arrivals li'));
    this.list = el.querySelector('ol.arrivals');
    this.win = el.querySelector('.win');
    this.edges = el.querySelectorAll('.edges span');
    this.now = el.querySelector('.now');
    this.pos = el.querySelector('.pos');
    this.play = el.querySelector('.play');
    this.timer = 0;
    this.at = -1;
    this.cells = [];
    if (this.win) {
      if (this.size < 64) this.win.style.gridTemplateColumns = 'repeat(' + this.size + ',minmax(0,1fr))';
      for (var i = 0; i < this.size; i++) this.cells.push(this.win.appendChild(document.createElement('i')));
    }
    var self = this;
    var moves = {first: function () { return 0; }, back: function () { return self.at - 1; },
                 fwd: function () { return self.at + 1; }, last: function () { return self.items.length - 1; }};
    Object.keys(moves).forEach(function (name) {
      el.querySelector('.controls .' + name).addEventListener('click', function () { self.stop(); self.show(moves[name]()); });
    });
    this.play.addEventListener('click', function () { if (self.timer) self.stop(); else self.start(); });
    el.querySelector('.controls').addEventListener('keydown', function (ev) {
      var name = {ArrowLeft: 'back', ArrowRight: 'fwd', Home: 'first', End: 'last'}[ev.key];
      if (!name) return;
      ev.preventDefault();
      self.stop();
      self.show(moves[name]());
    });
    this.items.forEach(function (li, k) {
      li.querySelector('button').addEventListener('click', function () { self.stop(); self.show(k); });
    });
    this.show(0);
  }
  Replay.prototype.start = function () {
    var self = this;
    if (this.at >= this.items.length - 1) this.show(0);
    this.play.setAttribute('aria-pressed', 'true');
    this.play.textContent = '‖ Pause';
    this.timer = setInterval(function () {
      if (self.at >= self.items.length - 1) self.stop(); else self.show(self.at + 1);
    }, 900);
  };
  Replay.prototype.stop = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = 0;
    this.play.setAttribute('aria-pressed', 'false');
    this.play.textContent = '▶ Play';
  };
  Replay.prototype.show = function (k) {
    if (!this.items.length) return;
    k = Math.max(0, Math.min(this.items.length - 1, k));
    var before = this.at >= 0 ? this.items[this.at] : null, li = this.items[k];
    this.at = k;
    this.items.forEach(function (x) { x.classList.toggle('cur', x === li); });
    scrollWithin(this.list, li);
    this.pos.textContent = 'packet ' + (k + 1) + ' of ' + this.items.length;
    var text = li.querySelector('button').textContent;
    if (this.win) text += this.draw(li, before);
    this.now.textContent = text;
  };
  // Draws the window after packet `li`, sliding from where it was after `before`; returns it in words.
  Replay.prototype.draw = function (li, before) {
    var left = Number(li.getAttribute('data-left')), right = Number(li.getAttribute('data-right'));
    var seq = Number(li.getAttribute('data-seq')), bits = li.getAttribute('data-bits');
    var verdict = /v-(\w+)/.exec(li.className)[1];
    for (var i = 0; i < this.size; i++) {
      var got = (parseInt(bits.charAt(i >> 2), 16) >> (3 - (i & 3))) & 1;
      this.cells[i].className = got ? 'got' : left + i > right ? 'ahead' : '';
      if (left + i === seq) this.cells[i].classList.add('here', 'v-' + verdict);
    }
    var last = left + this.size - 1;
    this.edges[0].textContent = left;
    this.edges[1].textContent = last;
    var shift = before ? left - Number(before.getAttribute('data-left')) : 0;
    var oneRow = this.cells.length && this.cells[0].offsetTop === this.cells[this.size - 1].offsetTop;
    if (shift > 0 && shift < this.size && oneRow && !reduced.matches) {
      this.win.classList.remove('slide');
      this.win.style.transform = 'translateX(' + (100 * shift / this.size) + '%)';
      void this.win.offsetWidth;
      this.win.classList.add('slide');
      this.win.style.transform = '';
    }
    var where = seq < left ? ', left of it: too old' : seq > last ? ', right of it' : '';
    return ' — window ' + left + '–' + last + ' (right edge ' + right + ')' + where;
  };
  document.querySelectorAll('.replay .sa').forEach(function (el) { new Replay(el); });
})();
