// Names and times as the command's staff read them (zh-CN, Beijing time).

const LEVELS = {none: '无预警', yellow: '黄色预警', orange: '橙色预警', red: '红色预警'};
export const levelName = (level) => LEVELS[level] || level;

const KINDS = {
  enterprise: '企业', school: '学校', site: '工地', unit: '成员单位', agency: '协作单位',
  county: '县市（园区）', group: '专项组', office: '应急办', command: '指挥部',
};
export const kindName = (kind) => KINDS[kind] || kind;

const WARNING_STATUS = {
  proposed: '待审批', active: '生效中', rejected: '已驳回', lifted: '已解除',
  superseded: '已调整',
};
export const warningStatus = (s) => WARNING_STATUS[s] || s;

const ORDER_STATUS = {
  pending: '待发送', delivered: '已送达', received: '已接收', acknowledged: '已确认',
  overdue: '超时未确认', canceled: '已取消',
};
export const orderStatus = (s) => ORDER_STATUS[s] || s;

// How an order reached its org (issue 21): pushed and received by a device
// or seen in a list, its SMS, and how it was acknowledged. `o` is an order
// (sms an object) or a board entry (sms its status).
const RECEIVED_VIA = {mqtt: '设备实时接收', https: '网页已查看', sms: '短信回复'};
const SMS_STATUS = {queued: '短信待发', sent: '短信已发', delivered: '短信已送达', failed: '短信发送失败'};
const ACKED_VIA = {mqtt: '应用确认', https: '网页确认', sms: '短信回复确认'};
export function orderPath(o) {
  const steps = [];
  if (o.received_via) steps.push(RECEIVED_VIA[o.received_via] || o.received_via);
  else if (o.status === 'pending') steps.push('尚未推送');
  else if (o.status !== 'canceled') steps.push('已推送，设备未回执');
  const sms = o.sms && typeof o.sms === 'object' ? o.sms.status : o.sms;
  if (sms) steps.push(SMS_STATUS[sms] || sms);
  if (o.acked_via) steps.push(ACKED_VIA[o.acked_via] || o.acked_via);
  return steps.join(' → ');
}

const ORDER_KINDS = {
  enterprise_measures: '企业管控措施', school_notice: '学校通知', unit_task: '工作任务',
  area_notice: '属地通知', site_measures: '工地管控措施', approval_request: '审批请求',
  lift_notice: '解除通知', escalation: '超时督办', rectification: '整改通知',
  inspection_assignment: '检查任务',
};
export const orderKind = (k) => ORDER_KINDS[k] || k;

const CASE_STATUS = {open: '待处置', rectifying: '整改中', closed: '已结案', penalized: '已处罚'};
export const caseStatus = (s) => CASE_STATUS[s] || s;
const CASE_TYPES = {inspection: '检查发现', no_ack: '未按时确认'};
export const caseType = (t) => CASE_TYPES[t] || t;
const CASE_ACTIONS = {
  order_rectification: '责令整改', record_penalty: '记录处罚', refer_discipline: '移送追责',
  close: '结案', open: '立案',
};
export const caseAction = (a) => CASE_ACTIONS[a] || a;

const VERDICTS = {compliant: '合规', non_compliant: '不合规'};
export const verdictName = (v) => VERDICTS[v] || v;

// What each flag means, in words an officer can act on.
const FLAGS = {
  outside_geofence: '定位不在现场：上报位置距企业（工地）超出电子围栏范围',
  exif_location_mismatch: '照片位置不符：照片自带的GPS位置与上报位置相距过远',
  exif_time_mismatch: '照片时间不符：照片拍摄时间与上报时间相差超过15分钟，或晚于服务器时间',
  outside_warning_period: '不在预警期间：检查时间早于预警开始或晚于预警结束',
  photo_reused: '照片重复使用：同一张照片已出现在其他检查报告中',
};
export const flagName = (f) => (FLAGS[f] || f).split('：')[0];
export const flagText = (f) => FLAGS[f] || f;
export const FLAG_KEYS = Object.keys(FLAGS);

// A measure as the plan states it: a process with its action (enterprises)
// or a line of text (sites, units).
const ACTIONS = {stop: '停产', stagger_transport: '错峰运输', self_determined: '自主减排', exempt: '豁免'};
export function measureText(m) {
  if (typeof m === 'string') return m;
  if (m.process) return `${m.process}：${m.action === 'limit' ? `限产至${m.load_pct}%` : ACTIONS[m.action] || m.action}`;
  return Object.entries(m).map(([k, v]) => `${k}：${v}`).join('，');
}

const RESULTS = {pass: '符合', fail: '不符合', na: '不适用'};
export const resultName = (r) => RESULTS[r] || r;

const REPORT_STATUS = {due: '待报送', received: '已报送', late: '逾期报送', missing: '未报送'};
export const reportStatus = (s) => REPORT_STATUS[s] || s;

const ROLES = {
  admin: '系统管理员', command: '指挥部', office: '应急办（值守）', unit: '成员单位',
  county: '县市（园区）', inspector: '督查检查', enterprise: '企业', school: '学校',
  display: '大屏（只读）',
};
export const roleName = (r) => ROLES[r] || r;

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hour12: false,
});
const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hour12: false,
});
export const formatTime = (t) => (t ? dateTime.format(new Date(t)) : '—');
export const formatClock = (t) => clock.format(t ? new Date(t) : new Date());

// "3小时12分" from seconds.
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  if (d) return `${d}天${hh}小时`;
  if (hh) return `${hh}小时${mm}分`;
  return `${mm}分${s % 60}秒`;
}
