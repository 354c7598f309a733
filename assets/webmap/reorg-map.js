/*
 * reorg interactive map — part of reorg, GPL-3.0-or-later (see the
 * repository's LICENSE). Plain SVG and script, no library, no network:
 * report.html works offline from file://.
 *
 * ReorgMap.mount(container, opts) draws every commune of opts.geojson (a
 * GeoJSON FeatureCollection whose features carry properties.code), coloured
 * by the merge group of the phase shown, with the group outlines on top.
 *   opts.units   {code: unit}: n name, k kind, d district, a area, p population
 *                (formatted), ph: one entry per phase {u unit name if merged
 *                before, ap area %, pp population %, s status, x exempt, g group
 *                index or -1}
 *   opts.groups  [{n name, ph phase index, y year, f fill, m members,
 *                  o outline: GeoJSON MultiPolygon coordinates}]
 *   opts.phases  [{label, years: [..]}]
 *   opts.strings UI texts in the report's language
 * It returns a controller: featureCount(), setPhase(i), setYear(y, on),
 * selectGroup(i), unitAt(x, y).
 * ReorgMap.decode(compact) turns the report's compact embedding (integer,
 * delta-coded rings) into that GeoJSON.
 */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var UNCHANGED = '#e2e2e2';

  function el(tag, attrs, parent) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs || {}) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    }
    if (parent) parent.appendChild(e);
    return e;
  }

  function html(tag, cls, parent, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  /* Compact embedding → GeoJSON: each ring is [x0, y0, dx1, dy1, ...] in
     units of 1/scale degree. */
  function decode(c) {
    var s = c.scale;
    function ring(r) {
      var out = [], x = 0, y = 0;
      for (var i = 0; i < r.length; i += 2) {
        x += r[i]; y += r[i + 1];
        out.push([x / s, y / s]);
      }
      if (out.length) out.push(out[0].slice());
      return out;
    }
    function multi(g) {
      return g.map(function (poly) { return poly.map(ring); });
    }
    return {
      type: 'FeatureCollection',
      features: c.features.map(function (f) {
        return {
          type: 'Feature',
          properties: { code: f.c },
          geometry: f.g.length ? { type: 'MultiPolygon', coordinates: multi(f.g) } : null
        };
      }),
      outlines: c.outlines.map(multi)
    };
  }

  function polygonsOf(geom) {
    if (!geom) return [];
    if (geom.type === 'Polygon') return [geom.coordinates];
    if (geom.type === 'MultiPolygon') return geom.coordinates;
    return [];
  }

  /* Equirectangular projection fitted to the bounding box, 1000 units wide. */
  function projection(fc) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    fc.features.forEach(function (f) {
      polygonsOf(f.geometry).forEach(function (p) {
        p.forEach(function (r) {
          r.forEach(function (q) {
            if (q[0] < x0) x0 = q[0];
            if (q[0] > x1) x1 = q[0];
            if (q[1] < y0) y0 = q[1];
            if (q[1] > y1) y1 = q[1];
          });
        });
      });
    });
    if (!isFinite(x0)) { x0 = 0; y0 = 0; x1 = 1; y1 = 1; }
    var c = Math.cos((y0 + y1) / 2 * Math.PI / 180);
    var k = 1000 / Math.max((x1 - x0) * c, 1e-9);
    return {
      w: 1000,
      h: Math.max((y1 - y0) * k, 1),
      at: function (q) { return [(q[0] - x0) * c * k, (y1 - q[1]) * k]; }
    };
  }

  function pathOf(polys, proj) {
    var d = [];
    polys.forEach(function (p) {
      p.forEach(function (r) {
        r.forEach(function (q, i) {
          var xy = proj.at(q);
          d.push((i ? 'L' : 'M') + xy[0].toFixed(1) + ' ' + xy[1].toFixed(1));
        });
        d.push('Z');
      });
    });
    return d.join('');
  }

  function mount(container, opts) {
    var S = opts.strings, fc = opts.geojson, units = opts.units;
    var groups = opts.groups, phases = opts.phases;
    var state = { phase: 0, years: {}, selected: -1, outlines: true };
    phases.forEach(function (p) { p.years.forEach(function (y) { state.years[y] = true; }); });
    container.classList.add('rm');
    container.textContent = '';

    // Controls.
    var bar = html('div', 'rm-bar', container);
    var phaseBox = html('fieldset', 'rm-phase', bar);
    html('legend', '', phaseBox, S.phase);
    phases.forEach(function (p, i) {
      var l = html('label', '', phaseBox);
      var r = html('input', '', l);
      r.type = 'radio'; r.name = 'rm-phase-' + (container.id || 'map'); r.value = i;
      r.checked = i === 0;
      r.addEventListener('change', function () { setPhase(i); });
      l.appendChild(document.createTextNode(' ' + p.label));
    });
    var yearBox = html('fieldset', 'rm-years', bar);
    var groupSel = html('select', 'rm-group', bar);
    groupSel.setAttribute('aria-label', S.group);
    groupSel.addEventListener('change', function () { selectGroup(+groupSel.value); });
    var outl = html('label', 'rm-outlines', bar);
    var outBox = html('input', '', outl);
    outBox.type = 'checkbox'; outBox.checked = true;
    outBox.addEventListener('change', function () { state.outlines = outBox.checked; paint(); });
    outl.appendChild(document.createTextNode(' ' + S.outlines));
    var zoomBox = html('span', 'rm-zoom', bar);
    [['+', S.zoom_in, 1.5], ['−', S.zoom_out, 1 / 1.5], ['⤢', S.reset, 0]].forEach(function (b) {
      var btn = html('button', '', zoomBox, b[0]);
      btn.type = 'button'; btn.title = b[1]; btn.setAttribute('aria-label', b[1]);
      btn.addEventListener('click', function () {
        if (b[2]) zoomAt(view.x + view.w / 2, view.y + view.h / 2, b[2]); else reset();
      });
    });

    // The map.
    var proj = projection(fc);
    var frame = html('div', 'rm-frame', container);
    var svg = el('svg', {
      viewBox: '0 0 ' + proj.w + ' ' + proj.h.toFixed(1),
      role: 'img', 'aria-label': S.title, class: 'rm-svg'
    }, frame);
    var defs = el('defs', {}, svg);
    var pat = el('pattern', {
      id: 'rm-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse',
      patternTransform: 'rotate(45)'
    }, defs);
    el('rect', { width: 6, height: 6, fill: UNCHANGED }, pat);
    el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#3c3c3c', 'stroke-width': 1.5 }, pat);
    var layer = el('g', { class: 'rm-units' }, svg);
    var outlineLayer = el('g', { class: 'rm-outlines', fill: 'none' }, svg);
    var tip = html('div', 'rm-tip', frame);
    tip.hidden = true;
    var legend = html('div', 'rm-legend', container);

    var paths = [];
    fc.features.forEach(function (f) {
      var code = f.properties.code;
      var p = el('path', { d: pathOf(polygonsOf(f.geometry), proj), class: 'rm-unit' }, layer);
      p.setAttribute('data-code', code);
      paths.push(p);
    });
    var outlinePaths = groups.map(function (g, i) {
      var geo = fc.outlines ? fc.outlines[i] : g.o;
      return el('path', { d: pathOf(geo || [], proj), class: 'rm-group-outline' }, outlineLayer);
    });

    var view = { x: 0, y: 0, w: proj.w, h: proj.h };
    function applyView() {
      svg.setAttribute('viewBox', [view.x, view.y, view.w, view.h].map(function (v) { return v.toFixed(2); }).join(' '));
      var k = proj.w / view.w;
      layer.setAttribute('stroke-width', (0.6 / k).toFixed(3));
      outlineLayer.setAttribute('stroke-width', (1.6 / k).toFixed(3));
    }
    function reset() { view = { x: 0, y: 0, w: proj.w, h: proj.h }; applyView(); }
    function zoomAt(cx, cy, f) {
      var w = Math.min(Math.max(view.w / f, proj.w / 200), proj.w * 2);
      var h = w * proj.h / proj.w;
      view = { x: cx - (cx - view.x) * w / view.w, y: cy - (cy - view.y) * h / view.h, w: w, h: h };
      applyView();
    }
    function toMap(ev) {
      var r = svg.getBoundingClientRect();
      return [view.x + (ev.clientX - r.left) / r.width * view.w,
              view.y + (ev.clientY - r.top) / r.height * view.h];
    }

    function groupOf(code) {
      var u = units[code];
      var g = u ? u.ph[state.phase].g : -1;
      if (g < 0 || !state.years[groups[g].y]) return -1;
      return g;
    }

    function paint() {
      paths.forEach(function (p) {
        var code = p.getAttribute('data-code'), u = units[code], g = groupOf(code);
        var fill = g >= 0 ? groups[g].f : (u && u.ph[state.phase].x ? 'url(#rm-hatch)' : UNCHANGED);
        p.setAttribute('fill', fill);
        p.classList.toggle('rm-dim', state.selected >= 0 && g !== state.selected);
      });
      outlinePaths.forEach(function (o, i) {
        var g = groups[i];
        var on = g.ph === state.phase && state.years[g.y] && (state.outlines || i === state.selected);
        o.style.display = on ? '' : 'none';
        o.classList.toggle('rm-selected', i === state.selected);
      });
      drawLegend();
    }

    function drawYears() {
      yearBox.textContent = '';
      html('legend', '', yearBox, S.years);
      phases[state.phase].years.forEach(function (y) {
        var l = html('label', '', yearBox);
        var c = html('input', '', l);
        c.type = 'checkbox'; c.checked = !!state.years[y]; c.value = y;
        c.addEventListener('change', function () { setYear(y, c.checked); });
        l.appendChild(document.createTextNode(' ' + y));
      });
    }

    function drawGroups() {
      groupSel.textContent = '';
      var all = html('option', '', groupSel, S.all_groups);
      all.value = -1;
      groups.forEach(function (g, i) {
        if (g.ph !== state.phase) return;
        var o = html('option', '', groupSel, g.n + ' (' + g.y + ')');
        o.value = i;
      });
      groupSel.value = String(state.selected);
    }

    function swatch(parent, fill, cls) {
      var s = html('span', 'rm-swatch' + (cls ? ' ' + cls : ''), parent);
      if (fill) s.style.background = fill;
      return s;
    }

    function drawLegend() {
      legend.textContent = '';
      var years = phases[state.phase].years.filter(function (y) { return state.years[y]; });
      years.forEach(function (y) {
        var fills = [];
        groups.forEach(function (g) {
          if (g.ph === state.phase && g.y === y && fills.indexOf(g.f) < 0) fills.push(g.f);
        });
        if (!fills.length) return;
        var item = html('span', 'rm-item', legend);
        fills.sort().forEach(function (f) { swatch(item, f); });
        item.appendChild(document.createTextNode(' ' + S.merged_in.replace('{n}', y)));
      });
      var unchanged = false, exempt = false;
      paths.forEach(function (p) {
        var f = p.getAttribute('fill');
        if (f === UNCHANGED) unchanged = true;
        if (f === 'url(#rm-hatch)') exempt = true;
      });
      if (unchanged) {
        var u = html('span', 'rm-item', legend);
        swatch(u, UNCHANGED);
        u.appendChild(document.createTextNode(' ' + S.unchanged));
      }
      if (exempt) {
        var x = html('span', 'rm-item', legend);
        swatch(x, '', 'rm-hatch');
        x.appendChild(document.createTextNode(' ' + S.exempt));
      }
      var o = html('span', 'rm-item', legend);
      swatch(o, '', 'rm-line');
      o.appendChild(document.createTextNode(' ' + S.outline));
    }

    function line(parent, label, value) {
      var row = html('div', '', parent);
      html('span', 'rm-k', row, label + ': ');
      html('span', '', row, value);
    }

    function showTip(code, ev) {
      var u = units[code];
      if (!u) { tip.hidden = true; return; }
      var s = u.ph[state.phase];
      tip.textContent = '';
      html('div', 'rm-name', tip, u.n);
      html('div', 'rm-sub', tip, u.k + ' · ' + u.d);
      line(tip, S.area, u.a + ' km²');
      line(tip, S.population, u.p + ' ' + S.people);
      if (s.u) line(tip, S.unit_in_phase.replace('{n}', phases[state.phase].label), s.u);
      line(tip, S.pct.replace('{n}', phases[state.phase].label), S.area + ' ' + s.ap + ' · ' + S.population + ' ' + s.pp);
      line(tip, S.status, s.s);
      var g = groupOf(code);
      line(tip, S.group_of, g >= 0 ? groups[g].n + ' (' + S.merged_year.replace('{n}', groups[g].y) + ')' : S.no_group);
      tip.hidden = false;
      var r = frame.getBoundingClientRect();
      var x = ev.clientX - r.left + 14, y = ev.clientY - r.top + 14;
      if (x + tip.offsetWidth > r.width) x = Math.max(0, ev.clientX - r.left - tip.offsetWidth - 14);
      if (y + tip.offsetHeight > r.height) y = Math.max(0, ev.clientY - r.top - tip.offsetHeight - 14);
      tip.style.left = x + 'px';
      tip.style.top = y + 'px';
    }

    // Hover and tap show a commune; drag pans; the wheel zooms.
    var drag = null;
    svg.addEventListener('pointerdown', function (ev) {
      drag = { x: ev.clientX, y: ev.clientY, view: { x: view.x, y: view.y, w: view.w, h: view.h }, moved: false };
    });
    svg.addEventListener('pointermove', function (ev) {
      if (drag && (ev.buttons & 1)) {
        var r = svg.getBoundingClientRect();
        var dx = (ev.clientX - drag.x) / r.width * drag.view.w;
        var dy = (ev.clientY - drag.y) / r.height * drag.view.h;
        if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
        if (drag.moved) {
          view = { x: drag.view.x - dx, y: drag.view.y - dy, w: drag.view.w, h: drag.view.h };
          applyView();
          tip.hidden = true;
          return;
        }
      }
      var t = ev.target;
      if (t && t.classList && t.classList.contains('rm-unit')) showTip(t.getAttribute('data-code'), ev);
      else tip.hidden = true;
    });
    svg.addEventListener('pointerup', function (ev) {
      var t = ev.target;
      if (drag && !drag.moved && t && t.classList && t.classList.contains('rm-unit')) {
        showTip(t.getAttribute('data-code'), ev);
      }
      drag = null;
    });
    svg.addEventListener('pointerleave', function () { tip.hidden = true; drag = null; });
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var m = toMap(ev);
      zoomAt(m[0], m[1], ev.deltaY < 0 ? 1.25 : 0.8);
    }, { passive: false });

    function setPhase(i) {
      state.phase = i; state.selected = -1;
      drawYears(); drawGroups(); paint();
    }
    function setYear(y, on) { state.years[y] = on; paint(); }
    function selectGroup(i) {
      state.selected = i;
      if (i >= 0) {
        var b = outlinePaths[i].getBBox();
        var pad = Math.max(b.width, b.height) * 0.6 + 2;
        var w = Math.max(b.width + 2 * pad, (b.height + 2 * pad) * proj.w / proj.h);
        var h = w * proj.h / proj.w;
        view = { x: b.x + b.width / 2 - w / 2, y: b.y + b.height / 2 - h / 2, w: w, h: h };
        applyView();
      }
      groupSel.value = String(i);
      paint();
    }

    applyView();
    setPhase(0);
    container.setAttribute('data-features', String(paths.length));
    return {
      featureCount: function () { return paths.length; },
      setPhase: setPhase,
      setYear: setYear,
      selectGroup: selectGroup,
      tooltip: function () { return tip.hidden ? '' : tip.textContent; }
    };
  }

  window.ReorgMap = { mount: mount, decode: decode };
})();
