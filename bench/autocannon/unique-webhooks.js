#!/usr/bin/env node
// Independent cross-check of bench/run.sh: autocannon (not the harness' Vert.x generator) posts unique, correctly
// signed webhooks of all three sources, round robin, to any running gateway or peer, and prints throughput, latency
// and status counts. A fixed body would be a duplicate after its first request (answered without a send), so every
// request gets a fresh event id and is signed over its exact bytes, as the harness does. Business NXT and Venio
// bodies carry it in "benchRequestId" too: the gateway decides their duplicates by the body, not the unsigned header.
//
//   npm ci --prefix bench/autocannon
//   node bench/autocannon/unique-webhooks.js --url http://127.0.0.1:8080 --connections 64 --duration 30
//
// The payloads and demo secrets mirror bench/loadgen/.../webhook/Source.java (demo profile). Nothing is checked on the
// broker here: the harness' stored-once check is the one that does that.
'use strict';

const crypto = require('node:crypto');
const autocannon = require('autocannon');

const options = parse(process.argv.slice(2), {
  url: 'http://127.0.0.1:8080', connections: '64', duration: '30', warmup: '0', timeout: '30',
});

const SOURCES = [
  {
    path: '/webhooks/visma-net', header: 'x-vwd-signature-v1', secret: 'demo-visma-net-secret', idInPayload: true,
    templates: [
      '{"event":"Customer_Updated","notificationId":"{id}","entityLocation":"api/v1/customer/{n}","timeStamp":"638974335577900000","TenantId":"f6cd9xxxx6183","companyId":"5123456"}',
      '{"NotificationId":"{id}","event":"customer_changed","resourceId":"{n}","resourceUri":"https://api.finance.visma.net/v1/customer/{n}","timeStamp":638974335577900000,"TenantId":"f6cd9xxxx6183"}',
      '{"NotificationId":"{id}","event":"supplier_changed","resourceId":"{n}","resourceUri":"https://api.finance.visma.net/v1/supplier/{n}","timeStamp":638974335577900000,"TenantId":"f6cd9xxxx6183"}',
      '{"event":"Account_Created","notificationId":"{id}","entityLocation":"api/v1/account/{n}","timeStamp":"638974335577900000","TenantId":"f6cd9xxxx6183","companyId":"5123456"}',
      '{"event":"VOUCHER_PROCESSED","notificationId":"{id}","voucherId":"V-2025-{n}","timeStamp":638974335577900000,"TenantId":"f6cd9xxxx6183"}',
      '{"event":"SALESORDER_CREATED","notificationId":"{id}","entityLocation":"api/v3/salesorders/SO-{n}","timeStamp":"638974335577900000","TenantId":"f6cd9xxxx6183"}',
    ],
  },
  {
    path: '/webhooks/business-nxt', header: 'x-vwd-signature-v1', secret: 'demo-business-nxt-secret', idInPayload: false,
    templates: [
      '{"tableIdentifier":"OrderLine","customerNo":4801958,"companyNo":5199768,"event":"UPDATE","primaryKeys":[{"OrderNo":{n}},{"LineNo":1}],"timestamp":"2025-02-06T21:15:28.3971469Z","changedByUser":"ola.normann","changedColumns":[{"Description":"Hello webhook"},{"ChangedTimestamp":20250206211528366}],"benchRequestId":"{id}"}',
      '{"tableIdentifier":"OrderLine","customerNo":4801958,"companyNo":5199768,"event":"INSERT","primaryKeys":[{"OrderNo":{n}},{"LineNo":2}],"timestamp":"2025-02-06T21:15:28.3971469Z","changedByUser":"ola.normann","changedColumns":[{"ChangedTimestamp":20250206211528366}],"benchRequestId":"{id}"}',
      '{"tableIdentifier":"CompanyAccess","customerNo":4801958,"companyNo":0,"event":"INSERT","primaryKeys":[{"UserNo":{n}},{"CompanyNo":5199768}],"timestamp":"2025-02-06T21:15:28.3971469Z","changedByUser":"ola.normann","changedColumns":[{"ChangedTimestamp":20250206211528366}],"benchRequestId":"{id}"}',
    ],
  },
  {
    path: '/webhooks/venio', header: 'x-venio-signature', secret: 'demo-venio-secret', idInPayload: false,
    templates: [
      '{"modifiedBy":"EMP001","webhookName":"crm-prod","topic":"Customer","event":"Create","data":{"CustomerCode":"C-{n}","customerName":"Acme"},"benchRequestId":"{id}"}',
      '{"modifiedBy":"EMP001","webhookName":"crm-prod","topic":"Expense","event":"Paid","data":{"ExpenseNo":"EX-{n}","CreatedBy":"EMP001"},"benchRequestId":"{id}"}',
      '{"modifiedBy":"EMP001","webhookName":"crm-prod","topic":"SaleOrder","event":"Completed","data":{"SaleOrderNo":"SO-{n}","CreatedBy":"EMP001"},"benchRequestId":"{id}"}',
    ],
  },
];

// a per-run random prefix, the request's sequence number in the last 12 hex digits: unique across runs and requests
const runPrefix = crypto.randomUUID().slice(0, 24);
let sequence = 0;

function nextWebhook() {
  const n = sequence++;
  const source = SOURCES[n % SOURCES.length];
  const template = source.templates[Math.floor(n / SOURCES.length) % source.templates.length];
  const id = runPrefix + n.toString(16).padStart(12, '0');
  const body = Buffer.from(template.replaceAll('{id}', id).replaceAll('{n}', String(n)), 'utf8');
  const headers = {
    'content-type': 'application/json',
    [source.header]: crypto.createHmac('sha256', source.secret).update(body).digest('base64'),
  };
  if (!source.idInPayload) {
    headers['x-vwd-notification-id'] = id;
  }
  return { path: source.path, headers, body };
}

function run(duration) {
  return autocannon({
    url: options.url,
    connections: Number(options.connections),
    duration: Number(duration),
    timeout: Number(options.timeout),
    requests: [{
      method: 'POST',
      setupRequest: (request) => Object.assign(request, nextWebhook()),
    }],
  });
}

async function main() {
  if (Number(options.warmup) > 0) {
    console.log(`warm-up: ${options.warmup} s at ${options.connections} connections`);
    await run(options.warmup);
  }
  const result = await run(options.duration);
  const seconds = result.duration;
  const twoXx = result['2xx'];
  console.log(`autocannon ${require('autocannon/package.json').version}, ${options.connections} connections, ${seconds.toFixed(1)} s, ${options.url}`);
  console.log(`2xx/s ${(twoXx / seconds).toFixed(0)} · 2xx ${twoXx} · non-2xx ${result.non2xx} · errors ${result.errors} · timeouts ${result.timeouts}`);
  console.log(`latency ms: p50 ${result.latency.p50} · p99 ${result.latency.p99} · p99.9 ${result.latency.p99_9 ?? 'n/a'} · max ${result.latency.max}`);
  console.log(`webhooks sent in all (warm-up included): ${sequence}`);
}

function parse(args, defaults) {
  const parsed = { ...defaults };
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, '');
    if (!(name in defaults) || i + 1 >= args.length) {
      console.error(`usage: unique-webhooks.js [--url URL] [--connections N] [--duration S] [--warmup S] [--timeout S]`);
      process.exit(64);
    }
    parsed[name] = args[i + 1];
  }
  return parsed;
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
