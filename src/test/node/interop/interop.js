'use strict';
// What produce-article.js and consume-summary.js share: the settings (from the
// environment, set by NodeInteropIT), the clients, and the one article they
// exchange with the service.
//
//   BOOTSTRAP_SERVERS    Kafka bootstrap servers            (default localhost:9092)
//   SCHEMA_REGISTRY_URL  Confluent-compatible API base      (default http://localhost:8081)
//   SCHEMAS_DIR          directory holding the *.avsc files (default the repository's schemas/)
//   TOPIC_ARTICLES       articles topic                     (default articles)
//   TOPIC_SUMMARIES      summaries topic                    (default summaries)
//   CONSUME_TIMEOUT_MS   how long to wait for the summary   (default 120000)

const path = require('path');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

const env = (name, fallback) => process.env[name] || fallback;

const settings = {
  brokers: env('BOOTSTRAP_SERVERS', 'localhost:9092').split(','),
  registryUrl: env('SCHEMA_REGISTRY_URL', 'http://localhost:8081'),
  schemasDir: env('SCHEMAS_DIR', path.resolve(__dirname, '../../../../schemas')),
  articlesTopic: env('TOPIC_ARTICLES', 'articles'),
  summariesTopic: env('TOPIC_SUMMARIES', 'summaries'),
  consumeTimeoutMs: Number(env('CONSUME_TIMEOUT_MS', '120000')),
};

// Non-ASCII on purpose: summary offsets are UTF-16 indices in Java and in
// JavaScript alike, including the surrogate pair of the emoji.
const ARTICLE = {
  id: 'node-interop-article',
  title: 'Zürich opens its bike tunnel',
  body:
    'Zürich opened a 200-metre tunnel for bicycles under its main railway station on Monday. ' +
    'The tunnel 🚲 links the districts of Kreis 4 and Kreis 5, which the tracks had kept apart for a century. ' +
    'It cost about 37 million francs, or roughly €39 million, and took three years to build. ' +
    'Up to 3,000 cyclists an hour can pass through it, according to the city’s transport office. ' +
    'Pedestrians keep their own passage next to it, so the two no longer share a narrow footbridge.',
  url: 'https://example.org/articles/node-interop-article',
  publishedAt: Date.UTC(2025, 0, 6, 9, 30),
  summaryOptions: {
    numSentences: 2, ratio: null, minLength: null, maxLength: null, useFirst: null,
    algorithm: null, optimalK: null, kMax: null, randomState: 7,
  },
};

const kafka = (clientId) => new Kafka({ clientId, brokers: settings.brokers, logLevel: logLevel.WARN });

const registry = () => new SchemaRegistry({ host: settings.registryUrl });

// Runs main, turning a failure into exit code 1 with the error on stderr.
function run(name, main) {
  main().then((code) => process.exit(code || 0), (err) => {
    console.error(`${name} failed: ${err.stack || err}`);
    process.exit(1);
  });
}

module.exports = { settings, ARTICLE, kafka, registry, run };
