'use strict';
// Reads the summaries topic from the beginning until the summary of ARTICLE
// arrives, decodes it through the registry, prints it as JSON, and checks it
// against the article: every sentence's text is body.substring(start, end).
// Exit code 0 when every check holds, 1 otherwise (or on timeout).

const { settings, ARTICLE, kafka, registry, run } = require('./interop');

// The problems with a summary of ARTICLE; none when it is right.
function problems(summary) {
  const found = [];
  const expect = (ok, what) => { if (!ok) found.push(what); };
  expect(summary.articleId === ARTICLE.id, `articleId is ${summary.articleId}, expected ${ARTICLE.id}`);
  expect(summary.sentences.length === ARTICLE.summaryOptions.numSentences,
    `${summary.sentences.length} sentences, but the article asked for ${ARTICLE.summaryOptions.numSentences}`);
  for (const s of summary.sentences) {
    const slice = ARTICLE.body.substring(s.start, s.end);
    expect(s.text === slice, `sentence ${s.index}: text ${JSON.stringify(s.text)} != body[${s.start}, ${s.end})`
      + ` ${JSON.stringify(slice)}`);
  }
  const joined = summary.sentences.map((s) => s.text).join(' ');
  expect(summary.summary === joined, 'summary is not its sentences joined by spaces');
  return found;
}

// The decoded value of the first summary keyed ARTICLE.id.
async function awaitSummary(consumer, schemas) {
  await consumer.subscribe({ topic: settings.summariesTopic, fromBeginning: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no summary for ${ARTICLE.id} on ${settings.summariesTopic}`
      + ` within ${settings.consumeTimeoutMs} ms`)), settings.consumeTimeoutMs);
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (message.key === null || message.key.toString() !== ARTICLE.id || message.value === null) return;
        console.log(`summary for ${ARTICLE.id} at ${settings.summariesTopic} partition ${partition}`
          + ` offset ${message.offset}, schema id ${message.value.readInt32BE(1)}`);
        clearTimeout(timer);
        schemas.decode(message.value).then(resolve, reject);
      },
    }).catch(reject);
  });
}

run('consume-summary', async () => {
  const consumer = kafka('bertstream-node-interop-consumer')
    .consumer({ groupId: `bertstream-node-interop-${process.pid}-${Date.now()}` });
  await consumer.connect();
  let summary;
  try {
    summary = await awaitSummary(consumer, registry());
  } finally {
    await consumer.disconnect();
  }
  console.log(JSON.stringify(summary, null, 2));
  const found = problems(summary);
  for (const problem of found) console.error(`MISMATCH ${problem}`);
  console.log(found.length === 0
    ? `ok: ${summary.sentences.length} sentences, each equal to body.substring(start, end)`
    : `${found.length} problem(s)`);
  return found.length === 0 ? 0 : 1;
});
