// Checks the scenario JSON Schema the way an editor uses it: drives
// yaml-language-server over stdio (the LSP) on a library scenario and
// fails unless
//  - the library scenario has no diagnostics;
//  - every key completion inserts "key:" with its colon (at top level, in
//    an inject, in a test decision);
//  - hovering a key shows that key's own description;
//  - the completions of phase, channel and rating values carry descriptions.
// Usage: node schema-editors.js SCHEMA.json SCENARIO.yaml [MORE.yaml…] (run by
// .ci/schema.sh); hovers are checked on the first scenario, diagnostics on all.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const [schemaPath, scenarioPath, ...others] = process.argv.slice(2);
const server = spawn(process.execPath, [require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio'],
  { stdio: ['pipe', 'pipe', 'inherit'] });

let buf = Buffer.alloc(0), nextId = 1;
const pending = new Map(), diagnostics = new Map();
server.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const head = buf.indexOf('\r\n\r\n');
    if (head < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.slice(0, head).toString())[1]);
    if (buf.length < head + 4 + len) return;
    const msg = JSON.parse(buf.slice(head + 4, head + 4 + len).toString());
    buf = buf.slice(head + 4 + len);
    if (msg.id !== undefined && pending.has(msg.id) && msg.method === undefined) {
      pending.get(msg.id)(msg.result); pending.delete(msg.id);
    } else if (msg.method === 'workspace/configuration') {
      send({ jsonrpc: '2.0', id: msg.id, result: msg.params.items.map(() => config.yaml) });
    } else if (msg.method === 'textDocument/publishDiagnostics') {
      diagnostics.set(msg.params.uri, msg.params.diagnostics);
    } else if (msg.id !== undefined && msg.method) {
      send({ jsonrpc: '2.0', id: msg.id, result: null });
    }
  }
});
function send(m) { const s = JSON.stringify(m); server.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`); }
function request(method, params) {
  return new Promise((resolve) => { const id = nextId++; pending.set(id, resolve); send({ jsonrpc: '2.0', id, method, params }); });
}
function notify(method, params) { send({ jsonrpc: '2.0', method, params }); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const schemaURI = pathToFileURL(path.resolve(schemaPath)).href;
const config = { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, schemas: { [schemaURI]: '*.yaml' } } };

let failures = 0;
function check(ok, what) { if (!ok) { failures++; console.log('FAIL ' + what); } else { console.log('ok   ' + what); } }

let version = 1;
async function open(name, text) {
  const uri = 'file:///ttx-check/' + name;
  notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: version++, text } });
  return uri;
}
function posOf(text, marker) {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error('marker not found: ' + marker);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
async function complete(uri, pos) {
  const r = await request('textDocument/completion', { textDocument: { uri }, position: pos });
  return (r && (r.items || r)) || [];
}
function docText(d) { return !d ? '' : typeof d === 'string' ? d : d.value || ''; }

(async () => {
  await request('initialize', { processId: process.pid, rootUri: null, capabilities: {
    textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
      hover: { contentFormat: ['markdown', 'plaintext'] } },
    workspace: { configuration: true } } });
  notify('initialized', {});
  notify('workspace/didChangeConfiguration', { settings: config });

  const scenario = fs.readFileSync(scenarioPath, 'utf8');
  const libURI = await open('library.yaml', scenario);
  for (let i = 0; i < 100 && !diagnostics.has(libURI); i++) await sleep(100);
  const diags = diagnostics.get(libURI);
  check(diags !== undefined && diags.length === 0, `${path.basename(scenarioPath)}: no diagnostics` +
    (diags && diags.length ? ': ' + diags.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ') : ''));

  for (const other of others) {
    const uri = await open(path.basename(other), fs.readFileSync(other, 'utf8'));
    for (let i = 0; i < 100 && !diagnostics.has(uri); i++) await sleep(100);
    const d = diagnostics.get(uri);
    check(d !== undefined && d.length === 0, `${path.basename(other)}: no diagnostics` +
      (d && d.length ? ': ' + d.map((x) => `${x.range.start.line + 1}: ${x.message}`).join('; ') : ''));
  }

  // A scenario missing keys: complete at top level, in an inject and in a
  // test decision.
  const partial = 'ttx: 1\nid: demo\ntitle: Demo\n\nroles:\n  - id: lead\n    name: Lead\ninjects:\n  - id: first\n    title: First\n    \n' +
    'tests:\n  - name: t\n    decisions:\n      - action: x\n        \n';
  const pURI = await open('partial.yaml', partial);
  const lines = partial.split('\n');
  const at = (line) => ({ line, character: lines[line].length });
  const wants = [
    ['top level', { line: 3, character: 0 }, ['duration', 'summary', 'phases', 'objectives']],
    ['inject', at(10), ['at', 'body', 'channel', 'phase']],
    ['test decision', at(15), ['at', 'role', 'note']],
  ];
  for (const [where, pos, keys] of wants) {
    const items = await complete(pURI, pos);
    for (const key of keys) {
      const item = items.find((it) => it.label === key);
      const insert = item && (item.textEdit ? item.textEdit.newText : item.insertText || item.label);
      check(item && /^[a-z_]+:/.test(insert), `${where}: completing ${key} inserts "${insert && insert.split('\n')[0]}"`);
      check(item && docText(item.documentation).length > 10, `${where}: ${key} has documentation`);
    }
    for (const item of items) {
      const insert = item.textEdit ? item.textEdit.newText : item.insertText || item.label;
      if (item.kind === 10 /* Property */ && !/^[a-z_]+:/.test(insert)) check(false, `${where}: ${item.label} inserts "${insert}" without a colon`);
    }
  }

  // Values: phase, channel, rating carry descriptions.
  const vals = 'ttx: 1\nid: demo\nphases: [detection]\nactions:\n  - id: a\n    label: A\n    phase: \ninjects:\n  - id: i\n    at: 0\n    title: I\n    channel: \n' +
    'tests:\n  - name: t\n    expect:\n      rating: \n';
  const vURI = await open('values.yaml', vals);
  const vl = vals.split('\n');
  for (const [what, line, value] of [['phase', 6, 'containment'], ['channel', 11, 'email'], ['rating', 15, 'S']]) {
    const items = await complete(vURI, { line, character: vl[line].length });
    const item = items.find((it) => it.label === value);
    check(item && docText(item.documentation).length > 5, `${what} value ${value} has a description: "${item && docText(item.documentation).slice(0, 60)}"`);
  }

  // Hovers on keys show the key's own description.
  const sl = scenario.split('\n');
  for (const [key, re, want] of [['id', /^id:/, /lowercase/], ['duration', /^duration:/, /planned length/i],
    ['inject at', /^ {4}at:/, /falls due/], ['recommendation', /^ +recommendation:/, /corrective action/],
    // A key whose value is one of a list hovers with that value's meaning.
    ['channel', /^ +channel: ticket/, /helpdesk or service ticket/], ['action phase', /^ +phase: detection/, /noticing, triaging/]]) {
    const line = sl.findIndex((l) => re.test(l));
    if (line < 0) { check(false, `no ${key} line in the scenario`); continue; }
    const character = sl[line].search(/\S/) + 1;
    const h = await request('textDocument/hover', { textDocument: { uri: libURI }, position: { line, character } });
    const text = h ? docText(h.contents) : '';
    check(want.test(text), `hover on ${key}: "${text.replace(/\s+/g, ' ').slice(0, 100)}"`);
  }

  server.kill();
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.error(e); server.kill(); process.exit(2); });
