// 设备: the phones (and systems) of the user's org that receive its orders
// live, when each was last seen by the broker, revoking one, and setting up
// a new phone: a QR code of the field app's address with a one-time login
// code, valid 10 minutes (no password in it).
import {api} from '/shared/api.js';
import {clear, confirmDialog, h, svg, toast} from '/shared/dom.js';
import {formatClock, formatDuration, formatTime} from '/shared/format.js';
import qrcode from '/vendor/qrcode.mjs';

// The QR code as SVG squares (drawn here, no markup from the library).
export function qrSvg(text, cell = 6) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount(), margin = 4, size = (n + 2 * margin) * cell;
  let path = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.isDark(r, c)) path += `M${(c + margin) * cell} ${(r + margin) * cell}h${cell}v${cell}h-${cell}z`;
    }
  }
  return svg('svg', {viewBox: `0 0 ${size} ${size}`, width: size, height: size, class: 'qr',
    role: 'img', 'aria-label': '手机扫码登录的二维码'},
  svg('rect', {width: size, height: size, fill: '#fff'}), svg('path', {d: path, fill: '#000'}));
}

function lastSeen(device) {
  if (!device.last_seen_at) return h('span.muted', '从未连接');
  const ago = (Date.now() - Date.parse(device.last_seen_at)) / 1000;
  return h(`span${ago > 86400 ? '.muted' : ''}`, `${formatTime(device.last_seen_at)}（${formatDuration(ago)}前）`);
}

export async function renderDevices(main, ctx) {
  const list = h('div#device-list');
  const setup = h('section.card#device-setup');
  const updated = h('span.muted.updated');
  let countdown = null;

  async function load() {
    const devices = await api('/devices?limit=100');
    updated.textContent = `更新于 ${formatClock()}`;
    clear(list, devices.length ? h('table.list', h('caption', `本单位设备 ${devices.length} 台`),
      h('thead', h('tr', h('th', '名称'), h('th', '登记时间'), h('th', '最近在线'), h('th', h('span.visually-hidden', '操作')))),
      h('tbody', devices.map((d) => h('tr', {dataset: {device: d.id}},
        h('td', d.name), h('td', formatTime(d.created_at)), h('td', lastSeen(d)),
        h('td', h('button.danger.small', {type: 'button', onclick: async () => {
          if (!await confirmDialog('停用设备', `停用“${d.name}”后，它将无法再接收指令，需重新登录才能使用。`, '停用', true)) return;
          try {
            await api(`/devices/${d.id}`, {method: 'DELETE'});
            toast(`已停用：${d.name}`);
            await load();
          } catch (e) { toast(e.message, 'error'); }
        }}, '停用'))))))
      : h('p.muted', '本单位还没有登记设备。手机打开移动端并登录后会自动登记。'));
  }

  async function newCode() {
    clearInterval(countdown);
    try {
      const made = await api('/auth/setup-codes', {method: 'POST'});
      const left = h('strong#setup-left');
      const tickLeft = () => {
        const s = (Date.parse(made.expires_at) - Date.now()) / 1000;
        left.textContent = s > 0 ? `${Math.floor(s / 60)}分${Math.floor(s % 60)}秒` : '已过期';
        if (s <= 0) clearInterval(countdown);
      };
      countdown = setInterval(tickLeft, 1000);
      tickLeft();
      clear(setup, h('h2', '添加新手机'),
        h('div.setup-grid', qrSvg(made.url),
          h('div', h('ol',
            h('li', '用新手机的相机或微信扫描左侧二维码；'),
            h('li', '在手机浏览器中打开后即自动登录，并登记为本单位设备；'),
            h('li', '二维码只能使用一次，剩余有效时间：', left, '。')),
          h('p.muted', '二维码中不含密码。如无法扫码，可在手机浏览器输入：'),
          h('p', h('code#setup-url', made.url)),
          h('button.secondary', {type: 'button', onclick: newCode}, '重新生成'))));
    } catch (e) { toast(e.message, 'error'); }
  }

  clear(setup, h('h2', '添加新手机'),
    h('p', '为本单位的新手机生成一次性登录二维码（10分钟内有效），手机扫码后无需输入密码。'),
    h('button#setup-new', {type: 'button', onclick: newCode}, '生成二维码'));
  clear(main, h('div.page-head', h('h1', '设备'), updated), setup, h('section.card', list));
  await load();
  const timer = setInterval(() => load().catch(() => {}), 30000);
  return () => { clearInterval(timer); clearInterval(countdown); };
}
