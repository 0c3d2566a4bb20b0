'use strict';
// Registers the Article schema from schemas/ (SummaryOptions inlined, as the
// sample producer does) under "<articles topic>-value" and produces ARTICLE,
// keyed by its id, in Confluent's wire format.

const { Partitioners } = require('kafkajs');
const { SchemaType } = require('@kafkajs/confluent-schema-registry');
const { loadNamedTypes, inlinedSchema } = require('../../../../deploy/sample-producer/avro-schemas');
const { settings, ARTICLE, kafka, registry, run } = require('./interop');

const ARTICLE_TYPE = 'io.bertstream.events.Article';

run('produce-article', async () => {
  const schemas = registry();
  const subject = `${settings.articlesTopic}-value`;
  const schema = { type: SchemaType.AVRO, schema: inlinedSchema(ARTICLE_TYPE, loadNamedTypes(settings.schemasDir)) };
  const { id } = await schemas.register(schema, { subject });
  console.log(`registered ${ARTICLE_TYPE} as subject ${subject}, schema id ${id}`);
  const value = await schemas.encode(id, ARTICLE);

  const producer = kafka('bertstream-node-interop-producer').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const [sent] = await producer.send({
      topic: settings.articlesTopic, acks: -1, messages: [{ key: ARTICLE.id, value }],
    });
    console.log(`produced article ${ARTICLE.id} (${value.length} bytes) to ${sent.topicName}`
      + ` partition ${sent.partition} offset ${sent.baseOffset}`);
  } finally {
    await producer.disconnect();
  }
});
