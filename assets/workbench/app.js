/*
 * reorg workbench — part of reorg, GPL-3.0-or-later. Plain script and SVG,
 * no framework, no network beyond the server that serves it.
 *
 * The page holds the edited plan (groups of unit codes); every change is
 * sent to POST /api/evaluate, which judges it with the code of
 * `reorg evaluate`, and the verdict (findings, new units' figures) is shown
 * at once. Click a commune: outside any group it starts a group (or joins
 * the active group); in the active group it leaves it; in another group it
 * makes that group active. Escape ends the active group.
 */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var T = {
    vi: {
      startPlanner: 'Phương án của reorg', startEmpty: 'Phương án trống', upload: 'Tải phương án lên…',
      undo: 'Hoàn tác', redo: 'Làm lại', exportCsv: 'Xuất CSV', exportXlsx: 'Xuất Excel', report: 'Tạo báo cáo',
      mapTitle: 'Bản đồ', search: 'Tìm xã, phường:', showPlanner: 'Hiện phương án của reorg',
      help: 'Bấm (hoặc Tab rồi Enter) vào một xã để lập nhóm mới hoặc thêm vào nhóm đang chọn; bấm lại để bỏ ra; Esc: kết thúc nhóm; Ctrl+Z / Ctrl+Y: hoàn tác / làm lại.',
      unitTitle: 'Đơn vị đang chọn', groupsTitle: 'Các nhóm sắp xếp', findingsTitle: 'Kết quả đánh giá', compareTitle: 'So với phương án của reorg',
      none: 'Chưa chọn đơn vị nào.', area: 'Diện tích', pop: 'Dân số', district: 'Huyện', standard: 'Tiêu chuẩn',
      phase: 'Giai đoạn', status: 'Tình trạng', rule: 'Tiêu chí / miễn trừ', tag: 'Mức xác minh',
      ofStd: 'so với tiêu chuẩn', dissolve: 'Giải thể nhóm', select: 'Chọn', members: 'thành viên',
      tooFew: 'cần ít nhất 2 đơn vị', meets: 'đạt tiêu chuẩn', below: 'chưa đạt tiêu chuẩn',
      okVerdict: 'Hợp lệ: không có lỗi', badVerdict: 'Có lỗi', errors: 'lỗi', warnings: 'cảnh báo',
      busy: 'Đang đánh giá…', noFinding: 'Không có lỗi hay cảnh báo.', error: 'Lỗi', warning: 'Cảnh báo',
      same: 'Giống phương án của reorg', onlyMine: 'Chỉ có trong phương án đang sửa', onlyPlanner: 'Chỉ có trong phương án của reorg',
      saved: 'Đã lưu trong thư mục kết quả: ', reportDone: 'Đã tạo báo cáo trong thư mục kết quả: ', files: 'tệp',
      uploadErr: 'Tệp tải lên có lỗi:', group: 'Nhóm', newUnit: 'Đơn vị mới', reorgAdded: 'do reorg đề xuất',
      st_mandatory: 'Thuộc diện phải sắp xếp', st_below_standard: 'Chưa đạt tiêu chuẩn', st_meets_standard: 'Đạt tiêu chuẩn', st_exempt: 'Không bắt buộc (yếu tố đặc thù)',
      groups: 'nhóm', communeUnits: 'đơn vị cấp xã', emptyPlan: 'Phương án chưa có nhóm nào.', km2: 'km²', people: 'người', name: 'Tên đơn vị mới'
    },
    en: {
      startPlanner: "reorg's proposal", startEmpty: 'Empty plan', upload: 'Upload a proposal…',
      undo: 'Undo', redo: 'Redo', exportCsv: 'Export CSV', exportXlsx: 'Export Excel', report: 'Build the report',
      mapTitle: 'Map', search: 'Find a commune:', showPlanner: "Show reorg's proposal",
      help: 'Click (or Tab then Enter) a commune to start a group or add it to the active group; click again to take it out; Esc ends the group; Ctrl+Z / Ctrl+Y undo / redo.',
      unitTitle: 'Selected unit', groupsTitle: 'Groups', findingsTitle: 'Findings', compareTitle: "Compared with reorg's proposal",
      none: 'No unit selected.', area: 'Area', pop: 'Population', district: 'District', standard: 'Standard',
      phase: 'Phase', status: 'Status', rule: 'Criterion / exemption', tag: 'Verification',
      ofStd: 'of the standard', dissolve: 'Dissolve', select: 'Select', members: 'members',
      tooFew: 'needs at least 2 units', meets: 'meets the standard', below: 'below the standard',
      okVerdict: 'Legal: no error', badVerdict: 'Errors found', errors: 'errors', warnings: 'warnings',
      busy: 'Evaluating…', noFinding: 'No error or warning.', error: 'Error', warning: 'Warning',
      same: "Same as reorg's proposal", onlyMine: 'Only in the edited plan', onlyPlanner: "Only in reorg's proposal",
      saved: 'Saved in the output folder: ', reportDone: 'Report written in the output folder: ', files: 'files',
      uploadErr: 'The upload has errors:', group: 'Group', newUnit: 'New unit', reorgAdded: 'proposed by reorg',
      st_mandatory: 'Must be arranged', st_below_standard: 'Below standard', st_meets_standard: 'Meets the standard', st_exempt: 'Exempt',
      groups: 'groups', communeUnits: 'commune-level units', emptyPlan: 'The plan has no group yet.', km2: 'km²', people: 'people', name: 'New unit name'
    }
  };
  var STATUS_FILL = { mandatory: '#e4572e', below_standard: '#f3a712', meets_standard: '#a8c686', exempt: '#7fb7d9', unknown: '#cccccc' };
  /* Group fills: none of them is a status colour (red, orange, light green, light blue). */
  var PALETTE = ['#1f5fa8', '#7b3fa0', '#0e8a8a', '#7a4a2a', '#d45fb0', '#2c7a2c', '#5a5a5a', '#3949ab', '#8e6b00', '#00695c', '#ad1457', '#455a64'];

  var lang = 'vi';
  var info = null, units = {}, planner = { groups: [] }, paths = {};
  var groups = [], active = null, selected = null, seq = 0;
  var undoStack = [], redoStack = [];
  var verdict = null, evalSeq = 0, pending = 0;

  function $(id) { return document.getElementById(id); }
  function t(k) { return T[lang][k] || k; }
  function h(tag, cls, parent, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function num(x, d) {
    if (x === null || x === undefined) return '—';
    return Number(x).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: d === undefined ? 2 : d });
  }
  function pct(x) { return x === null || x === undefined ? '—' : num(x * 100, 0) + '%'; }
  function unitName(code) { var u = units[code]; return u ? u.name : code; }

  function api(method, path, body, raw) {
    var opts = { method: method, headers: {} };
    if (body !== undefined) {
      if (raw) { opts.body = body; } else { opts.body = JSON.stringify(body); opts.headers['Content-Type'] = 'application/json'; }
    }
    return fetch(path, opts);
  }

  /* ---------- the map ---------- */
  function polygonsOf(g) {
    if (!g) return [];
    if (g.type === 'Polygon') return [g.coordinates];
    if (g.type === 'MultiPolygon') return g.coordinates;
    return [];
  }
  function drawMap(geo, districts) {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    geo.features.forEach(function (f) {
      polygonsOf(f.geometry).forEach(function (p) { p.forEach(function (r) { r.forEach(function (c) {
        if (c[0] < minX) minX = c[0]; if (c[0] > maxX) maxX = c[0];
        if (c[1] < minY) minY = c[1]; if (c[1] > maxY) maxY = c[1];
      }); }); });
    });
    var k = Math.cos((minY + maxY) / 2 * Math.PI / 180);
    var s = 1000 / Math.max((maxX - minX) * k, maxY - minY);
    var w = (maxX - minX) * k * s, hgt = (maxY - minY) * s;
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '-5 -5 ' + (w + 10) + ' ' + (hgt + 10));
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    geo.features.forEach(function (f) {
      var code = f.properties && f.properties.code;
      if (!code) return;
      var d = '';
      polygonsOf(f.geometry).forEach(function (p) { p.forEach(function (r) {
        r.forEach(function (c, i) {
          d += (i ? 'L' : 'M') + ((c[0] - minX) * k * s).toFixed(1) + ' ' + ((maxY - c[1]) * s).toFixed(1);
        });
        d += 'Z';
      }); });
      var p = document.createElementNS(SVG, 'path');
      p.setAttribute('d', d);
      p.setAttribute('class', 'u');
      p.setAttribute('data-code', code);
      p.setAttribute('tabindex', '0');
      p.setAttribute('role', 'button');
      var title = document.createElementNS(SVG, 'title');
      p.appendChild(title);
      p.addEventListener('click', function () { clickUnit(code); });
      p.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); clickUnit(code); }
      });
      svg.appendChild(p);
      paths[code] = p;
    });
    // District outlines above the communes (not clickable): the parent
    // boundaries a group may not cross.
    var outlines = 0;
    (districts && districts.features || []).forEach(function (f) {
      var d = '';
      polygonsOf(f.geometry).forEach(function (p) { p.forEach(function (r) {
        r.forEach(function (c, i) {
          d += (i ? 'L' : 'M') + ((c[0] - minX) * k * s).toFixed(1) + ' ' + ((maxY - c[1]) * s).toFixed(1);
        });
        d += 'Z';
      }); });
      if (!d) return;
      var p = document.createElementNS(SVG, 'path');
      p.setAttribute('d', d);
      p.setAttribute('class', 'd');
      p.setAttribute('aria-hidden', 'true');
      svg.appendChild(p);
      outlines += 1;
    });
    $('map').appendChild(svg);
    $('map').setAttribute('data-features', String(Object.keys(paths).length));
    $('map').setAttribute('data-districts', String(outlines));
  }

  function firstStatus(code) {
    var u = units[code];
    return u && u.phases.length ? u.phases[0].status : 'unknown';
  }
  function groupOf(code) {
    for (var i = 0; i < groups.length; i++) if (groups[i].members.indexOf(code) >= 0) return i;
    return -1;
  }
  function plannerHas(code) {
    return planner.groups.some(function (g) { return g.members.indexOf(code) >= 0; });
  }
  function paint() {
    var showPl = $('show-planner').checked;
    Object.keys(paths).forEach(function (code) {
      var p = paths[code], gi = groupOf(code), cls = 'u';
      var fill = gi >= 0 ? PALETTE[gi % PALETTE.length] : STATUS_FILL[firstStatus(code)] || STATUS_FILL.unknown;
      if (gi >= 0) cls += ' g';
      if (gi >= 0 && gi === active) cls += ' active';
      if (code === selected) cls += ' sel';
      if (showPl && plannerHas(code)) cls += ' pl';
      p.setAttribute('fill', fill);
      p.setAttribute('class', cls);
      var u = units[code];
      var label = (u ? u.name + ' — ' + (lang === 'vi' ? u.phases[0] && u.phases[0].status_vi : u.phases[0] && u.phases[0].status_en) : code) +
        (gi >= 0 ? ' — ' + t('group') + ' ' + groups[gi].id : '');
      p.setAttribute('aria-label', label);
      p.firstChild.textContent = label;
    });
  }
  function legend() {
    var ul = $('legend');
    ul.textContent = '';
    ['mandatory', 'below_standard', 'meets_standard', 'exempt'].forEach(function (s) {
      var li = h('li', null, ul);
      var i = h('i', null, li); i.style.background = STATUS_FILL[s];
      li.appendChild(document.createTextNode(t('st_' + s)));
    });
  }

  /* ---------- editing ---------- */
  function snapshot() { return JSON.stringify({ groups: groups, active: active, seq: seq }); }
  function restore(s) { var o = JSON.parse(s); groups = o.groups; active = o.active; seq = o.seq; }
  function change(fn) {
    undoStack.push(snapshot());
    redoStack = [];
    fn();
    groups = groups.filter(function (g) { return g.members.length > 0; });
    if (active !== null && active >= groups.length) active = null;
    refresh();
  }
  function newId() {
    var id;
    do { seq += 1; id = 'N' + seq; } while (groups.some(function (g) { return g.id === id; }));
    return id;
  }
  function clickUnit(code) {
    selected = code;
    var gi = groupOf(code);
    if (gi >= 0 && gi !== active) { active = gi; refresh(false); return; }
    change(function () {
      if (gi >= 0) {
        var g = groups[gi];
        g.members.splice(g.members.indexOf(code), 1);
        if (!g.members.length) active = null;
      } else if (active !== null && groups[active]) {
        groups[active].members.push(code);
      } else {
        groups.push({ id: newId(), members: [code], phase: info.phases[0] || null, new_name: null });
        active = groups.length - 1;
      }
    });
  }
  function dissolve(i) {
    change(function () { groups.splice(i, 1); if (active === i) active = null; else if (active !== null && active > i) active -= 1; });
  }
  function load(plan) {
    change(function () {
      groups = plan.groups.map(function (g) { return { id: g.id, members: g.members.slice(), phase: g.phase || null, new_name: g.new_name || null, kind_after: g.kind_after || null, seat: g.seat || null }; });
      active = null;
    });
  }
  function doUndo() { if (!undoStack.length) return; redoStack.push(snapshot()); restore(undoStack.pop()); refresh(); }
  function doRedo() { if (!redoStack.length) return; undoStack.push(snapshot()); restore(redoStack.pop()); refresh(); }

  function sent() {
    return {
      groups: groups.filter(function (g) { return g.members.length >= 2; }).map(function (g) {
        var o = { id: g.id, members: g.members.slice() };
        if (g.phase) o.phase = g.phase;
        if (g.new_name) o.new_name = g.new_name;
        if (g.kind_after) o.kind_after = g.kind_after;
        // An uploaded seat holds while it is still a member.
        if (g.seat && g.members.indexOf(g.seat) >= 0) o.seat = g.seat;
        return o;
      }),
      lang: lang
    };
  }

  /* ---------- evaluation ---------- */
  function refresh(evaluate) {
    paint();
    $('undo').disabled = !undoStack.length;
    $('redo').disabled = !redoStack.length;
    renderUnit();
    renderGroups();
    renderCompare();
    if (evaluate === false) return;
    var my = ++evalSeq;
    pending += 1;
    var v = $('verdict');
    v.className = 'busy'; v.textContent = t('busy');
    document.body.setAttribute('data-busy', '1');
    api('POST', '/api/evaluate', sent()).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (my !== evalSeq) return;
        if (!res.ok) { verdict = null; showIssues(res.j); return; }
        verdict = res.j;
        $('message').textContent = '';
        renderVerdict(); renderGroups(); renderFindings();
      })
      .catch(function (e) { if (my === evalSeq) $('message').textContent = String(e); })
      .then(function () { pending -= 1; if (!pending) document.body.removeAttribute('data-busy'); });
  }
  function showIssues(j) {
    var m = $('message');
    if (j && j.issues) {
      m.textContent = t('uploadErr') + '\n' + j.issues.map(function (i) { return i.message; }).join('\n');
    } else if (j && j.error) {
      m.textContent = j.error;
    }
    $('verdict').className = 'bad';
    $('verdict').textContent = t('badVerdict');
  }
  function renderVerdict() {
    var v = $('verdict');
    if (!verdict) return;
    var counts = verdict.errors + ' ' + t('errors') + ', ' + verdict.warnings + ' ' + t('warnings');
    v.className = verdict.errors ? 'bad' : 'ok';
    v.textContent = (verdict.errors ? t('badVerdict') : t('okVerdict')) + ' — ' + counts + ' (' + sent().groups.length + ' ' + t('groups') + ')';
    v.setAttribute('data-errors', String(verdict.errors));
    v.setAttribute('data-warnings', String(verdict.warnings));
  }
  function figuresOf(id) {
    if (!verdict) return null;
    for (var i = 0; i < verdict.new_units.length; i++) if (verdict.new_units[i].group === id) return verdict.new_units[i];
    return null;
  }
  function renderGroups() {
    var ol = $('groups');
    ol.textContent = '';
    if (!groups.length) { h('li', null, ol, t('emptyPlan')); return; }
    groups.forEach(function (g, i) {
      var li = h('li', i === active ? 'active' : null, ol);
      li.setAttribute('data-group', g.id);
      var sw = h('span', 'swatch', li); sw.style.background = PALETTE[i % PALETTE.length];
      h('strong', null, li, g.id + (g.phase ? ' (' + g.phase + ')' : '') + ': ');
      li.appendChild(document.createTextNode(g.members.map(unitName).join(', ') + ' '));
      var b = h('button', null, li, t('select')); b.type = 'button';
      b.addEventListener('click', function () { active = i; refresh(false); });
      var d = h('button', null, li, t('dissolve')); d.type = 'button';
      d.addEventListener('click', function () { dissolve(i); });
      var f = figuresOf(g.id), div = h('div', 'figs', li);
      if (g.members.length < 2) { div.textContent = t('tooFew'); return; }
      if (!f) return;
      div.textContent = t('newUnit') + ': ' + f.name + ' (' + f.kind_label + ') · ' + t('area') + ' ' + num(f.area_km2) + ' ' + t('km2') +
        ' (' + pct(f.area_ratio) + ') · ' + t('pop') + ' ' + num(f.population, 0) + ' (' + pct(f.population_ratio) + ') · [' + f.standard_tag + '] ';
      var st = h('span', f.meets_standard ? 'meets' : 'below', div, f.meets_standard ? t('meets') : t('below'));
      st.setAttribute('data-meets', String(f.meets_standard));
    });
  }
  function renderFindings() {
    var ul = $('findings');
    ul.textContent = '';
    if (!verdict) return;
    if (!verdict.findings.length) { h('li', null, ul, t('noFinding')); return; }
    verdict.findings.forEach(function (f) {
      var li = h('li', f.severity, ul);
      li.setAttribute('data-rule', f.rule);
      h('span', 'sev', li, f.severity === 'error' ? t('error') : t('warning'));
      if (f.group) h('strong', null, li, t('group') + ' ' + f.group + ': ');
      li.appendChild(document.createTextNode(f.message));
    });
  }
  function renderUnit() {
    var box = $('unit');
    box.textContent = '';
    var u = selected && units[selected];
    if (!u) { box.textContent = t('none'); return; }
    h('p', null, box).textContent = u.kind_label + ' ' + u.name.replace(new RegExp('^' + u.kind_label + ' '), '') + ' (' + u.code + ') — ' + (u.parent_name || '');
    var tb = h('table', null, box);
    function row(k, v) { var tr = h('tr', null, tb); h('th', null, tr, k); h('td', null, tr, v); }
    row(t('area'), num(u.area_km2) + ' ' + t('km2'));
    row(t('pop'), num(u.population, 0) + ' ' + t('people'));
    u.phases.forEach(function (p) {
      row(t('phase'), p.phase);
      row(t('status'), lang === 'vi' ? p.status_vi : p.status_en);
      if (p.rule) row(t('rule'), p.rule);
      row(t('standard'), num(p.standard_area_km2) + ' ' + t('km2') + ' · ' + num(p.standard_population, 0) + ' ' + t('people') + ' [' + p.tag + ']');
      row(t('ofStd'), t('area') + ' ' + pct(p.area_ratio) + ' · ' + t('pop') + ' ' + pct(p.population_ratio));
    });
  }
  function key(g) { return (g.phase || '') + '|' + g.members.slice().sort().join(';'); }
  function renderCompare() {
    var box = $('compare');
    box.textContent = '';
    var mine = {}, theirs = {};
    sent().groups.forEach(function (g) { mine[key(g)] = g; });
    planner.groups.forEach(function (g) { theirs[key(g)] = g; });
    var same = Object.keys(mine).filter(function (k) { return theirs[k]; });
    var onlyMine = Object.keys(mine).filter(function (k) { return !theirs[k]; });
    var onlyTheirs = Object.keys(theirs).filter(function (k) { return !mine[k]; });
    function list(title, keys, from, id) {
      var p = h('p', null, box); h('strong', null, p, title + ': ' + keys.length);
      p.id = id;
      p.setAttribute('data-count', String(keys.length));
      if (!keys.length) return;
      var ul = h('ul', null, box);
      keys.slice(0, 30).forEach(function (k) { h('li', null, ul, from[k].members.map(unitName).join(' + ')); });
    }
    list(t('same'), same, mine, 'cmp-same');
    list(t('onlyMine'), onlyMine, mine, 'cmp-mine');
    list(t('onlyPlanner'), onlyTheirs, theirs, 'cmp-planner');
  }

  /* ---------- files ---------- */
  function download(format) {
    api('POST', '/api/export?format=' + format, sent()).then(function (r) {
      if (!r.ok) return r.json().then(showIssues);
      return r.blob().then(function (b) {
        var name = 'phuong-an.' + format;
        var a = h('a', null, document.body); a.href = URL.createObjectURL(b); a.download = name; a.click(); a.remove();
        $('message').textContent = t('saved') + name;
        document.body.setAttribute('data-exported', name);
      });
    });
  }
  function makeReport() {
    api('POST', '/api/report', sent()).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { showIssues(j); return; }
        $('message').textContent = t('reportDone') + j.folder + ' (' + j.files.length + ' ' + t('files') + ')';
      });
    });
  }
  function upload(file) {
    var xlsx = /\.xlsx$/i.test(file.name);
    file.arrayBuffer().then(function (buf) {
      return api('POST', '/api/upload?format=' + (xlsx ? 'xlsx' : 'csv'), buf, true);
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { showIssues(j); return; }
        load(j.plan);
      });
    });
  }

  /* ---------- language ---------- */
  function texts() {
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (e) { e.textContent = t(e.getAttribute('data-t')); });
    $('lang').textContent = lang === 'vi' ? 'EN' : 'VI';
    if (info) $('title').textContent = 'reorg — ' + info.name + ' · ' + info.communes + ' ' + t('communeUnits');
    legend();
  }

  function bind() {
    $('start-planner').addEventListener('click', function () { load(planner); });
    $('start-empty').addEventListener('click', function () { load({ groups: [] }); });
    $('upload').addEventListener('change', function (e) { if (e.target.files[0]) upload(e.target.files[0]); e.target.value = ''; });
    $('undo').addEventListener('click', doUndo);
    $('redo').addEventListener('click', doRedo);
    $('export-csv').addEventListener('click', function () { download('csv'); });
    $('export-xlsx').addEventListener('click', function () { download('xlsx'); });
    $('make-report').addEventListener('click', makeReport);
    $('show-planner').addEventListener('change', paint);
    $('lang').addEventListener('click', function () { lang = lang === 'vi' ? 'en' : 'vi'; texts(); refresh(); });
    $('search').addEventListener('keydown', function (e) {
      if (e.key !== 'Enter') return;
      var q = e.target.value.trim().toLowerCase();
      var code = Object.keys(paths).filter(function (c) { return unitName(c).toLowerCase() === q || c === q; })[0];
      if (code) { clickUnit(code); paths[code].focus(); }
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { active = null; refresh(false); }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !e.shiftKey) { e.preventDefault(); doUndo(); }
      if ((e.ctrlKey || e.metaKey) && (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey))) { e.preventDefault(); doRedo(); }
    });
  }

  /* A point inside a commune's polygon, in page coordinates (for tests
     and tools that click the map like a user). */
  function pointIn(code) {
    var p = paths[code];
    if (!p) return null;
    var b = p.getBBox(), m = p.getScreenCTM(), svg = p.ownerSVGElement, pt = svg.createSVGPoint();
    for (var n = 4; n <= 64; n *= 2) {
      for (var i = 1; i < n; i++) for (var j = 1; j < n; j++) {
        pt.x = b.x + b.width * i / n; pt.y = b.y + b.height * j / n;
        if (p.isPointInFill(pt)) {
          var s = pt.matrixTransform(m);
          var hit = document.elementFromPoint(s.x, s.y);
          if (hit === p) return { x: s.x, y: s.y };
        }
      }
    }
    return null;
  }

  window.reorgWorkbench = {
    verdict: function () { return verdict; },
    groups: function () { return JSON.parse(JSON.stringify(groups)); },
    pointIn: pointIn,
    busy: function () { return pending > 0; }
  };

  Promise.all([
    api('GET', '/api/info').then(function (r) { return r.json(); }),
    api('GET', '/api/units').then(function (r) { return r.json(); }),
    api('GET', '/api/proposal').then(function (r) { return r.json(); }),
    api('GET', '/api/map').then(function (r) { return r.json(); }),
    api('GET', '/api/districts').then(function (r) { return r.json(); })
  ]).then(function (all) {
    info = all[0]; planner = all[2];
    lang = info.lang === 'en' ? 'en' : 'vi';
    all[1].forEach(function (u) { units[u.code] = u; });
    var dl = $('unit-names');
    all[1].forEach(function (u) { if (u.level === 'commune') { var o = h('option', null, dl); o.value = u.name; } });
    drawMap(all[3], all[4]);
    bind();
    texts();
    var start = new URLSearchParams(location.search).get('start');
    groups = start === 'empty' ? [] : planner.groups.map(function (g) { return { id: g.id, members: g.members.slice(), phase: g.phase || null, new_name: null }; });
    refresh();
    document.body.setAttribute('data-ready', '1');
  }).catch(function (e) { $('message').textContent = String(e); });
}());
