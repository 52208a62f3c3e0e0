// Test data the browser tests share: JPEGs made by Chromium's encoder and
// inspection reports sent as an inspector's phone would (multipart).
import {randomUUID} from 'node:crypto';

// A real w×h JPEG (Chromium's canvas encoder), different for each seed.
export async function makeJpeg(browser, seed, w = 640, h = 480) {
  const page = await browser.newPage();
  const dataUrl = await page.evaluate(([s, width, height]) => {
    // A hazy factory: sky, ground, a plant with chimneys and their smoke.
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, height * 0.6);
    sky.addColorStop(0, `hsl(${200 + s * 7}, 15%, 62%)`);
    sky.addColorStop(1, '#c9c2b0');
    g.fillStyle = sky;
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#6f6a5c';
    g.fillRect(0, height * 0.62, width, height * 0.38);
    const x = width * (0.2 + 0.1 * (s % 3));
    g.fillStyle = '#8d9094';
    g.fillRect(x, height * 0.38, width * 0.42, height * 0.25);
    for (let c = 0; c < 2 + (s % 2); c++) {
      const cx = x + width * (0.06 + c * 0.12);
      g.fillStyle = '#a04a3c';
      g.fillRect(cx, height * 0.12, width * 0.035, height * 0.27);
      for (let i = 0; i < 14; i++) {
        g.fillStyle = `rgba(${90 + i * 6}, ${90 + i * 6}, ${90 + i * 6}, ${0.5 - i * 0.03})`;
        g.beginPath();
        g.arc(cx + i * width * 0.018, height * 0.1 - i * height * 0.012, width * (0.02 + i * 0.004), 0, 7);
        g.fill();
      }
    }
    return canvas.toDataURL('image/jpeg', 0.9);
  }, [seed, w, h]);
  await page.close();
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

export function multipart(report, photos) {
  const boundary = `----hazegate${randomUUID()}`;
  const parts = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="report"\r\n` +
    `Content-Type: application/json\r\n\r\n${JSON.stringify(report)}\r\n`)];
  photos.forEach((photo, i) => {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p${i}.jpg"\r\n` +
      'Content-Type: image/jpeg\r\n\r\n'), photo, Buffer.from('\r\n'));
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  body.contentType = `multipart/form-data; boundary=${boundary}`;
  return body;
}

// An inspection report at `site`'s location (from the directory).
export async function inspect(stack, site, {verdict = 'non_compliant', warningId, photos = []} = {}) {
  const org = (await stack.api('GET', `/orgs/${site}`, 'office')).body;
  const report = {
    id: randomUUID(), site, warning_id: warningId, captured_at: new Date().toISOString(),
    location: {lat: org.location.lat, lon: org.location.lon, accuracy_m: 8},
    checklist: [{item: '窑炉限产至70%', result: verdict === 'compliant' ? 'pass' : 'fail', note: '现场窑炉满负荷运行'}],
    verdict, findings: verdict === 'compliant' ? undefined : '未按要求限产',
  };
  const res = await stack.api('POST', '/inspections', 'inspector', multipart(report, photos));
  if (res.status !== 201) throw new Error(`inspection: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
