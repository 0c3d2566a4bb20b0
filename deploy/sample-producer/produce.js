'use strict';
// Sample producer for the docker-compose stack.
//
// Registers the Article and Question value schemas from the mounted schemas/
// directory with the Confluent-compatible registry (subjects "<topic>-value",
// the TopicNameStrategy the service uses), then produces a few sample articles
// followed by questions about them. Values are Avro in the Confluent wire
// format (magic byte 0, 4-byte schema id, Avro binary); keys are the article
// id as a plain UTF-8 string.
//
// Settings (environment):
//   BOOTSTRAP_SERVERS    Kafka bootstrap servers         (default kafka:9092)
//   SCHEMA_REGISTRY_URL  Confluent-compatible API base   (default http://schema-registry:8080/apis/ccompat/v7)
//   SCHEMAS_DIR          directory holding *.avsc        (default /schemas)
//   TOPIC_ARTICLES       articles topic                  (default articles)
//   TOPIC_QUESTIONS      questions topic                 (default questions)
//   QUESTION_DELAY_MS    pause between the articles and the questions, so the
//                        articles are in the service's state store before the
//                        questions join against it        (default 5000)

const { Kafka, Partitioners, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');
const { ConfluentSchemaRegistryCompatibilityError: COMPATIBILITY_ERROR } =
  require('@kafkajs/confluent-schema-registry/dist/errors');
const { loadNamedTypes, inlinedSchema } = require('./avro-schemas');

const env = (name, fallback) => process.env[name] || fallback;
const BOOTSTRAP_SERVERS = env('BOOTSTRAP_SERVERS', 'kafka:9092').split(',');
const SCHEMA_REGISTRY_URL = env('SCHEMA_REGISTRY_URL', 'http://schema-registry:8080/apis/ccompat/v7');
const SCHEMAS_DIR = env('SCHEMAS_DIR', '/schemas');
const TOPIC_ARTICLES = env('TOPIC_ARTICLES', 'articles');
const TOPIC_QUESTIONS = env('TOPIC_QUESTIONS', 'questions');
const QUESTION_DELAY_MS = Number(env('QUESTION_DELAY_MS', '5000'));

const now = Date.now();

const ARTICLES = [
  {
    id: 'sample-kafka',
    title: 'Apache Kafka in brief',
    body:
      'Apache Kafka is a distributed event streaming platform. It was originally developed at LinkedIn and ' +
      'open-sourced in early 2011. Kafka stores streams of records in topics that are split into partitions. ' +
      'Each partition is an ordered, immutable log that is replicated across brokers for fault tolerance. ' +
      'Producers append records to partitions and consumers read them at their own pace. ' +
      'Kafka Streams is a client library for building applications that process these streams. ' +
      'It keeps local state in RocksDB and backs it up to changelog topics, so state survives restarts.',
    url: 'https://example.org/articles/sample-kafka',
    publishedAt: now - 86400000,
    summaryOptions: null,
  },
  {
    id: 'sample-bert',
    title: 'Sentence embeddings for summaries',
    body:
      'Extractive summarization selects the most representative sentences of a document. ' +
      'A sentence encoder such as a small BERT model maps every sentence to a vector. ' +
      'Clustering these vectors with k-means groups sentences that say similar things. ' +
      'The sentence nearest to each cluster centre is kept, and the kept sentences are shown in document order. ' +
      'Because no text is generated, the summary never contains words that are not in the article. ' +
      'The number of clusters sets the length of the summary.',
    url: null,
    publishedAt: null,
    // Per-article override: exactly two sentences, fixed seed for repeatable output.
    summaryOptions: {
      numSentences: 2, ratio: null, minLength: null, maxLength: null, useFirst: null,
      algorithm: null, optimalK: null, kMax: null, randomState: 42,
    },
  },
];

const QUESTIONS = [
  { questionId: 'q-1', articleId: 'sample-kafka', question: 'Where was Kafka originally developed?' },
  { questionId: 'q-2', articleId: 'sample-kafka', question: 'Where does Kafka Streams keep local state?' },
  { questionId: 'q-3', articleId: 'sample-bert', question: 'What maps every sentence to a vector?' },
  { questionId: 'q-4', articleId: 'no-such-article', question: 'Is this article known?' },
];

async function main() {
  const types = loadNamedTypes(SCHEMAS_DIR);
  const registry = new SchemaRegistry({ host: SCHEMA_REGISTRY_URL });

  const register = async (fullName, subject) => {
    const schema = { type: SchemaType.AVRO, schema: inlinedSchema(fullName, types) };
    try {
      const { id } = await registry.register(schema, { subject });
      console.log(`registered ${fullName} as subject ${subject}, id ${id}`);
      return id;
    } catch (err) {
      // register() insists that an existing subject's compatibility level is
      // BACKWARD. A subject created by someone else (e.g. the service's own
      // serializer) may have another level: then use the identical schema if
      // it is already registered there.
      if (!(err instanceof COMPATIBILITY_ERROR)) throw err;
      const id = await registry.getRegistryIdBySchema(subject, schema);
      console.log(`found ${fullName} under existing subject ${subject}, id ${id}`);
      return id;
    }
  };
  const articleSchemaId = await register('io.bertstream.events.Article', `${TOPIC_ARTICLES}-value`);
  const questionSchemaId = await register('io.bertstream.events.Question', `${TOPIC_QUESTIONS}-value`);

  const kafka = new Kafka({ clientId: 'bertstream-sample-producer', brokers: BOOTSTRAP_SERVERS, logLevel: logLevel.WARN });
  // Idempotent producer: a retried send cannot duplicate a record. The default
  // partitioner hashes keys with murmur2 like the Java client, so these records
  // land in the same partitions as the service's own produce-article/ask.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const articleMessages = await Promise.all(ARTICLES.map(async (a) => ({
      key: a.id,
      value: await registry.encode(articleSchemaId, a),
    })));
    await producer.send({ topic: TOPIC_ARTICLES, acks: -1, messages: articleMessages });
    for (const a of ARTICLES) console.log(`produced article ${a.id} to ${TOPIC_ARTICLES}`);

    await new Promise((resolve) => setTimeout(resolve, QUESTION_DELAY_MS));

    const questionMessages = await Promise.all(QUESTIONS.map(async (q) => ({
      key: q.articleId,
      value: await registry.encode(questionSchemaId, { ...q, askedAt: Date.now() }),
    })));
    await producer.send({ topic: TOPIC_QUESTIONS, acks: -1, messages: questionMessages });
    for (const q of QUESTIONS) console.log(`produced question ${q.questionId} about ${q.articleId} to ${TOPIC_QUESTIONS}`);
  } finally {
    await producer.disconnect();
  }
}

main().catch((err) => {
  console.error(`sample producer failed: ${err.stack || err}`);
  process.exit(1);
});
