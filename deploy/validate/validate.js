'use strict';
// Offline validation of the deployment files (run by .ci/validate-deploy; needs
// no cluster, no Docker engine and no network once `npm ci` has run).
//
// 1. Every object in every manifest of deploy/kubernetes (multi-document YAML)
//    is built as its kubernetes-models class and checked with .validate()
//    against the Kubernetes OpenAPI schema (types, required fields, enums).
// 2. kustomization.yaml lists exactly the manifests in the directory.
// 3. Cross-references the schema cannot see: the StatefulSet's governing
//    Service is headless, Service/PDB selectors match the pod labels, named
//    ports and mounted volumes exist, $(VAR) env references are defined
//    earlier, the ConfigMap's application.properties has the required keys.
// 4. deploy/docker/Dockerfile is linted with dockerfile-utils (the parser
//    behind the VS Code Docker language server): errors fail the run.
// 5. Build files and bind-mount sources named in docker-compose.yml exist
//    (`docker-compose config` checks the rest of the compose file).
//
// 7. Exposure (issue 22): workloads inject no service links and mount no
//    service-account token, probes use the scheme the ConfigMap's TLS setting
//    implies, a NetworkPolicy covers every workload's pods both ways, a
//    non-loopback bind comes with tokens, the image binds 0.0.0.0 only with a
//    tokens file, compose publishes ports on 127.0.0.1 only and runs the Kafka
//    image of pom.xml's kafka.version.
//
// Prints one line per check and closes with "deploy-validate: N passed, M failed";
// exits 1 if any check failed.

const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const dockerfileUtils = require('dockerfile-utils');

const REPO = path.resolve(__dirname, '..', '..');
const K8S_DIR = path.join(REPO, 'deploy', 'kubernetes');
const DOCKERFILE = path.join(REPO, 'deploy', 'docker', 'Dockerfile');
const COMPOSE_FILE = path.join(REPO, 'docker-compose.yml');
const KUSTOMIZATION = 'kustomization.yaml';
const REQUIRED_PROPERTIES = [
  'application.id', 'bootstrap.servers', 'schema.registry.url', 'state.dir', 'http.port',
  'processing.guarantee', 'replication.factor', 'num.standby.replicas',
];

let passed = 0;
let failed = 0;
function pass(what) {
  passed += 1;
  console.log(`ok    ${what}`);
}
function fail(what, why) {
  failed += 1;
  console.log(`FAIL  ${what}: ${why}`);
}
// Runs fn; an exception or a returned error string fails the check.
function check(what, fn) {
  try {
    const problem = fn();
    if (problem) fail(what, problem); else pass(what);
  } catch (err) {
    fail(what, err.message.replace(/\s+/g, ' '));
  }
}

const rel = (p) => path.relative(REPO, p);

// apiVersion "apps/v1" kind "StatefulSet" -> kubernetes-models/apps/v1/StatefulSet;
// the core group ("v1") lives at kubernetes-models/v1/<Kind>.
function modelClass(apiVersion, kind) {
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  let mod;
  try {
    mod = require(modulePath);
  } catch (err) {
    if (err.code === 'MODULE_NOT_FOUND') throw new Error(`no kubernetes-models class for ${apiVersion} ${kind}`);
    throw err;
  }
  const cls = mod[kind];
  if (typeof cls !== 'function') throw new Error(`${modulePath} exports no ${kind}`);
  return cls;
}

// ---- 1. schema validation of every manifest -----------------------------------
const manifestFiles = fs.readdirSync(K8S_DIR)
  .filter((f) => /\.ya?ml$/.test(f) && f !== KUSTOMIZATION)
  .sort();
const objects = []; // { file, obj }

for (const file of manifestFiles) {
  let docs;
  try {
    docs = yaml.loadAll(fs.readFileSync(path.join(K8S_DIR, file), 'utf8'));
  } catch (err) {
    fail(`parse deploy/kubernetes/${file}`, err.message.split('\n')[0]);
    continue;
  }
  docs.filter((d) => d !== null && d !== undefined).forEach((doc, i) => {
    const label = `${file}#${i} ${doc && doc.apiVersion} ${doc && doc.kind} ${doc && doc.metadata && doc.metadata.name}`;
    check(`schema ${label}`, () => {
      if (!doc || typeof doc !== 'object') return 'not a mapping';
      if (!doc.apiVersion || !doc.kind) return 'apiVersion and kind are required';
      if (!doc.metadata || !doc.metadata.name) return 'metadata.name is required';
      // Kept for the cross-reference checks even if the schema check fails, so
      // one bad field does not also fail every check that refers to the object.
      objects.push({ file, obj: doc });
      const Model = modelClass(doc.apiVersion, doc.kind);
      new Model(doc).validate();
      return null;
    });
  });
}

// ---- 2. kustomization lists every manifest ------------------------------------
check(`kustomization ${KUSTOMIZATION} lists every manifest`, () => {
  const k = yaml.load(fs.readFileSync(path.join(K8S_DIR, KUSTOMIZATION), 'utf8'));
  if (!k || k.kind !== 'Kustomization') return 'kind must be Kustomization';
  const resources = k.resources || [];
  const dupes = resources.filter((r, i) => resources.indexOf(r) !== i);
  const missing = resources.filter((r) => !fs.existsSync(path.join(K8S_DIR, r)));
  const unlisted = manifestFiles.filter((f) => !resources.includes(f));
  const problems = [];
  if (dupes.length) problems.push(`listed twice: ${dupes.join(', ')}`);
  if (missing.length) problems.push(`listed but missing: ${missing.join(', ')}`);
  if (unlisted.length) problems.push(`not listed: ${unlisted.join(', ')}`);
  return problems.join('; ') || null;
});

// ---- 3. cross-references --------------------------------------------------------
const byKind = (kind) => objects.filter((o) => o.obj.kind === kind).map((o) => o.obj);
const workloads = [...byKind('StatefulSet'), ...byKind('Deployment')];
const matches = (selector, labels) => Object.entries(selector || {}).every(([k, v]) => (labels || {})[k] === v);
const podLabels = (w) => w.spec.template.metadata && w.spec.template.metadata.labels;
const containersOf = (w) => [...(w.spec.template.spec.initContainers || []), ...w.spec.template.spec.containers];

for (const w of workloads) {
  const name = `${w.kind} ${w.metadata.name}`;
  check(`${name}: selector matches the pod template labels`, () =>
    (matches(w.spec.selector.matchLabels, podLabels(w)) ? null : 'spec.selector.matchLabels not in template labels'));

  if (w.kind === 'StatefulSet') {
    check(`${name}: governing Service ${w.spec.serviceName} is headless and selects the pods`, () => {
      const svc = byKind('Service').find((s) => s.metadata.name === w.spec.serviceName);
      if (!svc) return 'no such Service in the manifests';
      if (svc.spec.clusterIP !== 'None') return 'clusterIP must be None';
      return matches(svc.spec.selector, podLabels(w)) ? null : 'its selector does not match the pod labels';
    });
  }

  check(`${name}: mounted volumes and referenced ConfigMaps exist`, () => {
    const spec = w.spec.template.spec;
    const volumes = new Set([
      ...(spec.volumes || []).map((v) => v.name),
      ...(w.spec.volumeClaimTemplates || []).map((t) => t.metadata.name),
    ]);
    const problems = [];
    for (const c of containersOf(w)) {
      for (const m of c.volumeMounts || []) {
        if (!volumes.has(m.name)) problems.push(`${c.name} mounts undeclared volume ${m.name}`);
      }
    }
    for (const v of spec.volumes || []) {
      if (v.configMap && !byKind('ConfigMap').some((cm) => cm.metadata.name === v.configMap.name)) {
        problems.push(`volume ${v.name} refers to missing ConfigMap ${v.configMap.name}`);
      }
    }
    return problems.join('; ') || null;
  });

  check(`${name}: probe ports are declared container ports`, () => {
    const problems = [];
    for (const c of containersOf(w)) {
      const names = new Set((c.ports || []).map((p) => p.name).filter(Boolean));
      const numbers = new Set((c.ports || []).map((p) => p.containerPort));
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const action = c[probe] && (c[probe].httpGet || c[probe].tcpSocket || c[probe].grpc);
        if (!action) continue;
        const port = action.port;
        if (typeof port === 'string' ? !names.has(port) : !numbers.has(port)) {
          problems.push(`${c.name}.${probe} uses undeclared port ${port}`);
        }
      }
    }
    return problems.join('; ') || null;
  });

  check(`${name}: $(VAR) env references are defined earlier`, () => {
    const problems = [];
    for (const c of containersOf(w)) {
      const seen = new Set();
      for (const e of c.env || []) {
        for (const [, ref] of String(e.value || '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (!seen.has(ref)) problems.push(`${c.name} env ${e.name} uses $(${ref}) before it is defined`);
        }
        seen.add(e.name);
      }
    }
    return problems.join('; ') || null;
  });
}

for (const kind of ['Service', 'PodDisruptionBudget']) {
  for (const o of byKind(kind)) {
    const selector = kind === 'Service' ? o.spec.selector : o.spec.selector && o.spec.selector.matchLabels;
    check(`${kind} ${o.metadata.name}: selector matches a workload's pods`, () => {
      const selected = workloads.filter((w) => matches(selector, podLabels(w)));
      if (!selector || !Object.keys(selector).length) return 'empty selector';
      if (!selected.length) return 'selects no workload in the manifests';
      if (kind !== 'Service') return null;
      const problems = [];
      for (const p of o.spec.ports || []) {
        if (typeof p.targetPort !== 'string') continue;
        const ok = selected.every((w) => containersOf(w).some((c) => (c.ports || []).some((cp) => cp.name === p.targetPort)));
        if (!ok) problems.push(`targetPort ${p.targetPort} is not a named container port`);
      }
      return problems.join('; ') || null;
    });
  }
}

for (const cm of byKind('ConfigMap').filter((c) => c.data && c.data['application.properties'] !== undefined)) {
  check(`ConfigMap ${cm.metadata.name}: application.properties has the required keys`, () => {
    const keys = new Set(cm.data['application.properties'].split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
      .map((l) => l.split(/\s*[=:]\s*|\s+/, 1)[0]));
    const missing = REQUIRED_PROPERTIES.filter((k) => !keys.has(k));
    return missing.length ? `missing ${missing.join(', ')}` : null;
  });
}

// ---- 4. Dockerfile lint -----------------------------------------------------------
check(`lint ${rel(DOCKERFILE)}`, () => {
  const diagnostics = dockerfileUtils.validate(fs.readFileSync(DOCKERFILE, 'utf8'));
  for (const d of diagnostics.filter((x) => x.severity !== 1)) {
    console.log(`      warning line ${d.range.start.line + 1}: ${d.message}`);
  }
  const errors = diagnostics.filter((d) => d.severity === 1);
  return errors.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join('; ') || null;
});

// ---- 5. files docker-compose.yml refers to ----------------------------------------
check(`${rel(COMPOSE_FILE)}: build files and bind-mount sources exist`, () => {
  const compose = yaml.load(fs.readFileSync(COMPOSE_FILE, 'utf8'));
  const problems = [];
  for (const [name, svc] of Object.entries(compose.services || {})) {
    if (svc.build) {
      const context = path.resolve(REPO, svc.build.context || '.');
      const dockerfile = path.resolve(context, svc.build.dockerfile || 'Dockerfile');
      if (!fs.existsSync(dockerfile)) problems.push(`${name}: missing ${rel(dockerfile)}`);
    }
    for (const v of svc.volumes || []) {
      const source = typeof v === 'string' ? v.split(':')[0] : v.source;
      if (/^[./]/.test(source) && !fs.existsSync(path.resolve(REPO, source))) {
        problems.push(`${name}: missing bind-mount source ${source}`);
      }
    }
  }
  return problems.join('; ') || null;
});

// ---- 6. Grafana dashboard ---------------------------------------------------------
// deploy/grafana/bertstream-dashboard.json parses, every panel has a unique id, a
// grid position and PromQL targets, and every bertstream_* metric it queries is one
// the service documents (README.md's metrics table), so a renamed meter fails CI.
const DASHBOARD = path.join(REPO, 'deploy', 'grafana', 'bertstream-dashboard.json');
check(`${rel(DASHBOARD)}`, () => {
  const dash = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const problems = [];
  if (!dash.title || !dash.uid) problems.push('title and uid are required');
  if (!Array.isArray(dash.panels) || dash.panels.length === 0) return 'no panels';
  const ids = new Set();
  for (const panel of dash.panels) {
    if (ids.has(panel.id)) problems.push(`duplicate panel id ${panel.id}`);
    ids.add(panel.id);
    const g = panel.gridPos || {};
    if (![g.x, g.y, g.w, g.h].every(Number.isInteger)) problems.push(`${panel.title}: gridPos incomplete`);
    if (!Array.isArray(panel.targets) || panel.targets.length === 0) problems.push(`${panel.title}: no targets`);
    for (const t of panel.targets || []) {
      if (typeof t.expr !== 'string' || !t.expr.trim()) problems.push(`${panel.title}: empty expr`);
      for (const metric of (t.expr || '').match(/bertstream_[a-z_]+/g) || []) {
        const base = metric.replace(/_(bucket|count|sum)$/, '');
        if (!readme.includes(base)) problems.push(`${panel.title}: ${metric} is not documented in README.md`);
      }
    }
  }
  return problems.join('; ') || null;
});

// ---- 7. exposure ---------------------------------------------------------------------
const properties = (text) => Object.fromEntries(text.split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
  .map((l) => { const i = l.search(/[=:]/); return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()]; }));
const appConfig = Object.assign({}, ...byKind('ConfigMap')
  .filter((c) => c.data && c.data['application.properties'] !== undefined)
  .map((c) => properties(c.data['application.properties'])));
const loopback = (address) => /^(127\.|localhost$|::1$)/.test(address || '127.0.0.1');

check('ConfigMap: a non-loopback http.bind.address comes with bearer tokens', () => {
  if (loopback(appConfig['http.bind.address'])) return null;
  if (appConfig['http.auth.tokens'] || appConfig['http.auth.tokens.file']) return null;
  return appConfig['http.auth.required'] === 'false' ? null
    : `http.bind.address=${appConfig['http.bind.address']} without http.auth.tokens(.file): the service refuses to start`;
});

for (const w of workloads) {
  const name = `${w.kind} ${w.metadata.name}`;
  const spec = w.spec.template.spec;
  check(`${name}: enableServiceLinks is false`, () =>
    (spec.enableServiceLinks === false ? null : 'Services would inject BERTSTREAM_* variables (configuration)'));
  check(`${name}: automountServiceAccountToken is false`, () =>
    (spec.automountServiceAccountToken === false ? null : 'the service-account token would be mounted'));
  check(`${name}: probes use the scheme of the TLS setting`, () => {
    const want = appConfig['http.tls.keystore.path'] ? 'HTTPS' : 'HTTP';
    const problems = [];
    for (const c of containersOf(w)) {
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const get = c[probe] && c[probe].httpGet;
        if (get && (get.scheme || 'HTTP') !== want) problems.push(`${c.name}.${probe} uses ${get.scheme || 'HTTP'}, not ${want}`);
      }
    }
    return problems.join('; ') || null;
  });
  check(`${name}: a NetworkPolicy restricts ingress and egress of its pods`, () => {
    const policies = byKind('NetworkPolicy').filter((p) => matches(p.spec.podSelector.matchLabels, podLabels(w)));
    if (!policies.length) return 'no NetworkPolicy selects the pods';
    const types = new Set(policies.flatMap((p) => p.spec.policyTypes || []));
    return ['Ingress', 'Egress'].filter((t) => !types.has(t)).map((t) => `no ${t} policy`).join('; ') || null;
  });
}

check(`${rel(DOCKERFILE)}: binds 0.0.0.0 only together with a tokens file`, () => {
  const text = fs.readFileSync(DOCKERFILE, 'utf8');
  if (!/BERTSTREAM_HTTP_BIND_ADDRESS=0\.0\.0\.0/.test(text)) return null;
  return /BERTSTREAM_HTTP_AUTH_TOKENS_FILE=\S+/.test(text) ? null : 'BERTSTREAM_HTTP_AUTH_TOKENS_FILE is not set';
});

check(`${rel(COMPOSE_FILE)}: published ports are bound to 127.0.0.1`, () => {
  const compose = yaml.load(fs.readFileSync(COMPOSE_FILE, 'utf8'));
  const problems = [];
  for (const [name, svc] of Object.entries(compose.services || {})) {
    for (const port of svc.ports || []) {
      const hostIp = typeof port === 'string' ? (port.split(':').length === 3 ? port.split(':')[0] : '') : port.host_ip;
      if (hostIp !== '127.0.0.1') problems.push(`${name}: ${JSON.stringify(port)} is published on every interface`);
    }
  }
  return problems.join('; ') || null;
});

check(`${rel(COMPOSE_FILE)}: Kafka images are pom.xml's kafka.version`, () => {
  const pom = fs.readFileSync(path.join(REPO, 'pom.xml'), 'utf8');
  const version = (pom.match(/<kafka\.version>([^<]+)<\/kafka\.version>/) || [])[1];
  const compose = yaml.load(fs.readFileSync(COMPOSE_FILE, 'utf8'));
  const problems = Object.entries(compose.services || {})
    .filter(([, svc]) => /^apache\/kafka:/.test(svc.image || '') && svc.image !== `apache/kafka:${version}`)
    .map(([name, svc]) => `${name}: ${svc.image}, not apache/kafka:${version}`);
  return problems.join('; ') || null;
});

console.log(`deploy-validate: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
