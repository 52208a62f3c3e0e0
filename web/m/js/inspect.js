// Inspectors: today's assignments, and a site's page: the measures in force
// for the current level as a checklist (符合 / 不符合 / 不适用 + note),
// photos from the camera sent as taken (the original JPEG with its EXIF,
// never re-encoded: it is evidence), GPS with its accuracy and the distance
// to the site's fence shown before submitting, no submission without a fix
// unless the inspector writes why, and an upload progress bar. A report
// goes to the outbox the moment it is submitted (with its client UUID).
import {api} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {flagName, formatTime, kindName, levelName, measureText, resultName} from '/shared/format.js';
import * as outbox from './outbox.js';
import {levelInForce} from './orders.js';

const MAX_PHOTOS = 8;
// Without a fix the report states the site's position with this accuracy
// (the API's largest), so it is never taken for an on-site fix.
const NO_FIX_ACCURACY_M = 100000;
// ODK Collect's thresholds: a fix this good is taken as is; one worse than
// POOR needs a reason (the report records it).
const GOOD_ACCURACY_M = 5;
const POOR_ACCURACY_M = 100;

// Metres between two points (haversine, mean Earth radius).
export function distanceM(a, b) {
  const rad = Math.PI / 180, r = 6371008.8;
  const dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(x));
}

async function assignments(ctx) {
  return api(`/assignments?inspector_org=${encodeURIComponent(ctx.me.org)}&limit=100`);
}

export async function renderTasks(box, ctx) {
  const [list, orgs] = await Promise.all([assignments(ctx), api('/orgs?limit=1000')]);
  const names = new Map(orgs.map((o) => [o.id, o]));
  const open = list.filter((a) => Date.parse(a.due_at) > Date.now() - 24 * 3600e3);
  clear(box, h('h1', '今日检查任务'),
    open.length ? open.map((a) => h('section.card.task', {dataset: {assignment: a.id}},
      h('p.muted', `${formatTime(a.due_at)}前完成 · 共${a.sites.length}处`),
      h('ul.sites', a.sites.map((s) => h('li', h('a.site-link', {href: `#/site/${s}`, dataset: {site: s}},
        h('strong', (names.get(s) || {name: s}).name), h('span.muted', kindName((names.get(s) || {}).kind))))))))
      : h('p.muted', '暂无检查任务。'));
}

function checklistItems(org, level) {
  const measures = (org.measures && org.measures[level]) || [];
  return measures.length ? measures.map(measureText) : ['现场落实应急减排措施'];
}

function checklistRow(item, index) {
  const name = `result-${index}`;
  const note = h('input.note', {placeholder: '说明（可选）', 'aria-label': `${item} 说明`});
  return {
    el: h('fieldset.check-item', {dataset: {index}}, h('legend', item),
      h('div.choices', ['pass', 'fail', 'na'].map((r) => h('label', h('input', {type: 'radio', name, value: r, checked: r === 'pass'}), resultName(r)))),
      note),
    value: (form) => ({item, result: form.querySelector(`input[name=${name}]:checked`).value,
      note: note.value.trim() || undefined}),
  };
}

export async function renderSite(box, ctx, siteId) {
  const [site, list] = await Promise.all([api(`/orgs/${siteId}`), assignments(ctx)]);
  const assignment = list.find((a) => a.sites.includes(siteId));
  const warning = assignment ? await api(`/warnings/${assignment.warning_id}`) : await levelInForce(site.area);
  const level = warning ? warning.level : 'yellow';
  const rows = checklistItems(site, level).map(checklistRow);
  const photos = [];
  let fix = null;
  const gps = h('p.gps#gps', '正在定位…');
  const distance = h('p.distance#distance');
  const noFix = h('textarea#no-fix', {rows: 2, placeholder: '无法定位或精度不足时必须说明原因'});
  const noFixField = field('无法定位的原因', noFix);
  const fixLabel = noFixField.querySelector('.label');
  const findings = h('textarea#findings', {rows: 3, placeholder: '发现的问题（可选）'});
  const verdict = h('select#verdict', h('option', {value: 'compliant'}, '合规'), h('option', {value: 'non_compliant'}, '不合规'));
  const shots = h('div.shots');
  const camera = h('input#camera', {type: 'file', accept: 'image/jpeg', capture: 'environment', multiple: true});
  const progress = h('progress#upload', {max: 1, value: 0, hidden: true});
  const submit = h('button.big#submit', {type: 'submit'}, '提交检查报告');
  const error = h('p.error-text', {role: 'alert'});

  const poor = () => fix && fix.accuracy_m > POOR_ACCURACY_M;
  function showFix() {
    if (!fix || poor()) {
      noFixField.hidden = false;
      fixLabel.textContent = fix ? '定位精度不足的原因' : '无法定位的原因';
      submit.disabled = !noFix.value.trim();
    } else {
      noFixField.hidden = true;
      submit.disabled = false;
    }
    if (!fix) return;
    const meters = Math.round(fix.accuracy_m);
    gps.textContent = `定位：${fix.lat.toFixed(5)}, ${fix.lon.toFixed(5)}（精度 ±${meters} 米）` +
      (fix.accuracy_m <= GOOD_ACCURACY_M ? '，精度良好'
        : poor() ? `，精度太差（超过${POOR_ACCURACY_M}米）：请到开阔处等待，或说明原因后提交`
          : '，可等待更精确的定位');
    gps.className = `gps ${fix.accuracy_m <= GOOD_ACCURACY_M ? 'good' : poor() ? 'poor' : ''}`;
    if (site.location) {
      const d = distanceM(fix, site.location);
      const fence = site.geofence_m || 0;
      const outside = d > fence + fix.accuracy_m;
      distance.textContent = `距现场 ${d >= 1000 ? `${(d / 1000).toFixed(1)} 公里` : `${Math.round(d)} 米`}（电子围栏 ${fence} 米）${outside ? '：不在现场范围内，提交后将被标记' : '：在现场范围内'}`;
      distance.className = `distance ${outside ? 'outside' : 'inside'}`;
    }
  }
  noFix.addEventListener('input', showFix);
  const watchId = navigator.geolocation ? navigator.geolocation.watchPosition((p) => {
    fix = {lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: p.coords.accuracy};
    showFix();
  }, (e) => {
    gps.textContent = `无法定位：${e.message || e.code}`;
    showFix();
  }, {enableHighAccuracy: true, maximumAge: 10000, timeout: 20000}) : null;

  function drawShots() {
    clear(shots, photos.map((file, i) => h('figure.shot', h('img', {src: URL.createObjectURL(file), alt: `照片${i + 1}`}),
      h('button.remove', {type: 'button', 'aria-label': `删除照片${i + 1}`, onclick: () => { photos.splice(i, 1); drawShots(); }}, '×'))),
    h('p.muted', `${photos.length} / ${MAX_PHOTOS} 张`));
  }
  camera.addEventListener('change', () => {
    for (const file of camera.files) {
      if (photos.length >= MAX_PHOTOS) break;
      if (file.type !== 'image/jpeg') { toast(`${file.name} 不是 JPEG 照片`, 'error'); continue; }
      photos.push(file);  // the file as the camera wrote it
    }
    camera.value = '';
    drawShots();
  });

  let pending = null;  // the report being uploaded from this page
  const form = h('form#inspection-form', {onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const checklist = rows.map((r) => r.value(form));
    const reason = noFix.value.trim();
    if (!fix && !reason) { error.textContent = '未获取定位：请说明原因'; return; }
    if (poor() && !reason) { error.textContent = '定位精度不足：请说明原因'; return; }
    const report = {
      id: crypto.randomUUID(), site: siteId, warning_id: warning ? warning.id : undefined,
      assignment_id: assignment ? assignment.id : undefined, captured_at: new Date().toISOString(),
      location: fix || {lat: site.location.lat, lon: site.location.lon, accuracy_m: NO_FIX_ACCURACY_M},
      checklist, verdict: verdict.value,
      findings: [!fix ? `【未获取定位】${reason}` : poor() ? `【定位精度±${Math.round(fix.accuracy_m)}米】${reason}` : '',
        findings.value.trim()].filter(Boolean).join('；') || undefined,
    };
    pending = report.id;
    submit.disabled = true;
    progress.hidden = false;
    await outbox.enqueue({id: report.id, kind: 'inspection', label: `检查：${site.name}`, report, photos: [...photos]});
    toast(navigator.onLine ? '已保存，正在上传' : '已保存在手机上，联网后自动上传');
    if (!navigator.onLine) location.hash = '#/tasks';
  }},
  h('section.card', h('h2', `检查项（${levelName(level)}措施）`), rows.map((r) => r.el)),
  h('section.card', h('h2', '现场照片'), h('label.big.camera-button', {htmlFor: 'camera'}, '拍照 / 选择照片'), camera, shots),
  h('section.card', h('h2', '定位'), gps, distance, noFixField),
  h('section.card', field('结论', verdict), field('发现问题', findings), error, progress, submit));
  for (const row of rows) {
    row.el.addEventListener('change', () => {
      verdict.value = rows.some((r) => r.value(form).result === 'fail') ? 'non_compliant' : 'compliant';
    });
  }
  outbox.onProgress((item, fraction) => {
    if (item.id !== pending) return;
    if (fraction === null) progress.hidden = true;
    else progress.value = fraction;
  });
  const onSent = (event) => {
    if (event.detail.item.id !== pending) return;
    const result = JSON.parse(event.detail.body);
    toast(`已上传${result.flags.length ? `，标记：${result.flags.map(flagName).join('、')}` : ''}`);
    location.hash = '#/tasks';
  };
  window.addEventListener('outbox-sent', onSent);

  clear(box, h('a.back', {href: '#/tasks'}, '‹ 返回任务'),
    h('h1', site.name), h('p.muted', `${kindName(site.kind)} · ${warning ? `${levelName(level)}：${warning.headline || ''}` : '当前无预警'}`),
    form);
  drawShots();
  showFix();
  return () => {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    window.removeEventListener('outbox-sent', onSent);
    outbox.onProgress(() => {});
  };
}
