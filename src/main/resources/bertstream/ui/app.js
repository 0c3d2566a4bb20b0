// The bertstream web page. Every piece of text that comes from the service (titles, bodies, questions, answers,
// ids, reasons) is inserted with textContent or as a text node, never as markup; links are made only to http(s)
// URLs. The page's Content-Security-Policy forbids inline script and eval, so this file is all that runs.
'use strict';

(function () {
  const TOKEN_KEY = 'bertstream.token';
  const PAGE_SIZE = 20;
  const LIVE_EVERY_MS = 3000;
  const SPARK_POINTS = 40;

  const $ = (id) => document.getElementById(id);
  let pendingRoute = null;
  let liveTimer = null;
  let lastReading = null;
  const sparkRates = [];

  // ---- requests ---------------------------------------------------------------------------------------------

  class Unauthorized extends Error {}

  async function api(path, options) {
    const headers = Object.assign({ 'Accept': 'application/json' }, (options && options.headers) || {});
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      headers['Authorization'] = 'Bearer ' + token;
    }
    const response = await fetch(path, Object.assign({}, options, { headers: headers, cache: 'no-store' }));
    if (response.status === 401) {
      throw new Unauthorized('the service needs a token');
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    return { status: response.status, body: body };
  }

  function askForToken(retry, failed) {
    pendingRoute = retry;
    stopLive();
    show('token-view');
    $('token-error').hidden = !failed;
    $('token-error').textContent = failed ? 'That token was refused. Try again.' : '';
    $('token-input').value = '';
    $('token-input').focus();
  }

  async function guarded(action) {
    try {
      await action();
    } catch (e) {
      if (e instanceof Unauthorized) {
        const hadToken = sessionStorage.getItem(TOKEN_KEY) !== null;
        sessionStorage.removeItem(TOKEN_KEY);
        askForToken(action, hadToken);
      } else {
        message('Something went wrong', String(e && e.message ? e.message : e));
      }
    }
  }

  // ---- views ------------------------------------------------------------------------------------------------

  function show(view) {
    for (const id of ['token-view', 'list-view', 'article-view', 'message-view']) {
      $(id).hidden = id !== view;
    }
    $('forget-token').hidden = sessionStorage.getItem(TOKEN_KEY) === null;
  }

  function message(title, text) {
    stopLive();
    $('message-title').textContent = title;
    $('message-text').textContent = text;
    show('message-view');
  }

  function clear(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined && text !== null) {
      element.textContent = String(text);
    }
    return element;
  }

  function when(millis) {
    if (millis === null || millis === undefined) {
      return '';
    }
    const date = new Date(typeof millis === 'number' ? millis : Date.parse(millis));
    return isNaN(date.getTime()) ? String(millis)
      : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function articleHref(id) {
    return '/ui/articles/' + encodeURIComponent(id);
  }

  function apiArticlePath(id) {
    return '/articles/' + encodeURIComponent(id);
  }

  // ---- the article list and the live figures ----------------------------------------------------------------

  async function showList(after) {
    const query = '?limit=' + PAGE_SIZE + (after ? '&after=' + encodeURIComponent(after) : '');
    const result = await api('/articles' + query);
    if (result.status !== 200 || !result.body) {
      message('The article list is not available', reason(result));
      return;
    }
    const rows = $('article-rows');
    clear(rows);
    for (const item of result.body.articles) {
      const row = el('tr');
      const titleCell = el('td', 'title');
      const link = el('a', null, item.title || item.articleId);
      link.href = articleHref(item.articleId);
      titleCell.appendChild(link);
      row.appendChild(titleCell);
      row.appendChild(el('td', 'mono muted nowrap', item.articleId));
      row.appendChild(el('td', 'num', item.sentenceCount));
      row.appendChild(el('td', 'num', item.summarySentenceCount));
      row.appendChild(el('td', 'muted nowrap', when(item.summarisedAt)));
      rows.appendChild(row);
    }
    $('list-empty').hidden = result.body.articles.length > 0 || Boolean(after);
    const incomplete = result.body.incomplete || [];
    $('list-incomplete').hidden = incomplete.length === 0;
    $('list-incomplete').textContent = incomplete.length === 0 ? ''
      : 'Some articles may be missing: ' + incomplete.join('; ');
    const next = $('next-page');
    next.hidden = !result.body.next;
    next.onclick = () => guarded(() => showList(result.body.next));
    const newest = $('newest-page');
    newest.hidden = !after;
    newest.onclick = () => guarded(() => showList(null));
    show('list-view');
    startLive();
  }

  function startLive() {
    if (liveTimer === null) {
      readLive();
      liveTimer = setInterval(readLive, LIVE_EVERY_MS);
    }
  }

  function stopLive() {
    if (liveTimer !== null) {
      clearInterval(liveTimer);
      liveTimer = null;
    }
  }

  async function readLive() {
    let result;
    try {
      result = await api('/live');
    } catch (e) {
      if (e instanceof Unauthorized) {
        guarded(() => { throw e; });
      }
      return;
    }
    if (result.status !== 200 || !result.body) {
      $('live-status').textContent = 'figures unavailable (' + result.status + ')';
      return;
    }
    const now = result.body;
    const sum = (map) => Object.values(map || {}).reduce((a, b) => a + b, 0);
    if (lastReading !== null && now.at > lastReading.at) {
      const seconds = (now.at - lastReading.at) / 1000;
      // throughput = entries the batchers processed (articles summarised or dead-lettered, questions answered)
      const rate = (name) => Math.max(0, (now.batches[name].items - lastReading.batches[name].items) / seconds);
      const articlesRate = rate('articles');
      const questionsRate = rate('questions');
      $('fig-articles').textContent = articlesRate.toFixed(1);
      $('fig-questions').textContent = questionsRate.toFixed(1);
      sparkRates.push(articlesRate + questionsRate);
      if (sparkRates.length > SPARK_POINTS) {
        sparkRates.shift();
      }
      drawSparkline();
    }
    const batch = (name) => now.batches[name];
    const perBatch = (b, field) => (b.flushes > 0 ? (b[field] / b.flushes).toFixed(1) : '–');
    $('fig-batch-articles').textContent = perBatch(batch('articles'), 'items');
    $('fig-batch-sentences').textContent = perBatch(batch('articles'), 'sentences');
    $('fig-batch-questions').textContent = perBatch(batch('questions'), 'items');
    $('fig-lag').textContent = String(Math.round(now.consumerLag));
    $('fig-dead').textContent = String(Math.round(sum(now.deadLetters)));
    const reasons = $('dead-reasons');
    clear(reasons);
    const entries = Object.entries(now.deadLetters || {}).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) {
      reasons.appendChild(el('li', 'muted', 'none'));
    }
    for (const [code, count] of entries) {
      const item = el('li');
      item.appendChild(el('span', 'mono', code));
      item.appendChild(el('span', 'count', Math.round(count)));
      reasons.appendChild(item);
    }
    $('live-status').textContent = 'updated ' + new Date(now.at).toLocaleTimeString()
      + ' · every ' + (LIVE_EVERY_MS / 1000) + ' s';
    lastReading = now;
  }

  function drawSparkline() {
    const max = Math.max(1, ...sparkRates);
    const step = 300 / (SPARK_POINTS - 1);
    const offset = SPARK_POINTS - sparkRates.length;
    const points = sparkRates.map((rate, i) =>
      ((offset + i) * step).toFixed(1) + ',' + (46 - (rate / max) * 42).toFixed(1));
    $('spark-line').setAttribute('points', points.join(' '));
    if (points.length > 1) {
      const first = (offset * step).toFixed(1);
      $('spark-area').setAttribute('points', first + ',46 ' + points.join(' ') + ' 300,46');
    }
    $('spark-peak').textContent = 'peak ' + Math.max(...sparkRates).toFixed(1) + '/s · last '
      + Math.round(sparkRates.length * LIVE_EVERY_MS / 1000) + ' s';
  }

  // ---- one article ------------------------------------------------------------------------------------------

  let current = null;

  async function showArticle(id) {
    stopLive();
    const result = await api(apiArticlePath(id));
    if (result.status === 404) {
      message('Article not found', 'No article "' + id + '" is stored (it was never summarised, or it was deleted).');
      return;
    }
    if (result.status !== 200 || !result.body) {
      message('The article is not available', reason(result));
      return;
    }
    current = result.body;
    document.title = (current.title || current.articleId) + ' · bertstream';
    $('article-title').textContent = current.title || current.articleId;
    $('article-id').textContent = current.articleId;
    $('article-published').textContent = current.publishedAt ? 'published ' + when(current.publishedAt) : '';
    renderUrl(current.url);
    renderBody(null);
    renderSummary(current.summary);
    $('answer').hidden = true;
    $('question-input').value = '';
    const json = $('json-link');
    json.href = apiArticlePath(current.articleId);
    json.onclick = (event) => openJson(event, current.articleId);
    show('article-view');
  }

  // Only http(s) URLs become links: a javascript: (or any other) URL is shown as plain text.
  function renderUrl(url) {
    const holder = $('article-url');
    clear(holder);
    if (!url) {
      return;
    }
    let parsed = null;
    try {
      parsed = new URL(url);
    } catch (e) {
      parsed = null;
    }
    if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
      const link = el('a', null, parsed.host);
      link.href = parsed.href;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      holder.appendChild(link);
    } else {
      holder.appendChild(el('span', 'mono', url));
    }
  }

  // The body as text, with the summary's sentences (and the current answer, if any) marked by their offsets.
  function renderBody(answer) {
    const body = current.body || '';
    const ranges = [];
    const sentences = (current.summary && current.summary.sentences) || [];
    sentences.forEach((s, i) => ranges.push({ start: s.start, end: s.end, cls: 'sum', n: i + 1 }));
    if (answer) {
      ranges.push({ start: answer.start, end: answer.end, cls: 'ans' });
    }
    const holder = $('article-body');
    clear(holder);
    appendMarked(holder, body, 0, ranges);
  }

  // Appends text[from..] split at every range boundary; a piece inside ranges becomes a <mark> with their classes.
  function appendMarked(holder, text, base, ranges) {
    const cuts = new Set([0, text.length]);
    for (const r of ranges) {
      cuts.add(Math.min(Math.max(r.start - base, 0), text.length));
      cuts.add(Math.min(Math.max(r.end - base, 0), text.length));
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i];
      const to = points[i + 1];
      const covering = ranges.filter((r) => r.start - base <= from && r.end - base >= to);
      const piece = text.substring(from, to);
      if (covering.length === 0) {
        holder.appendChild(document.createTextNode(piece));
        continue;
      }
      const mark = el('mark', covering.map((r) => r.cls).join(' '), piece);
      const sentence = covering.find((r) => r.cls === 'sum');
      if (sentence) {
        mark.dataset.sentence = String(sentence.n);
        mark.title = 'summary sentence ' + sentence.n;
      }
      holder.appendChild(mark);
    }
  }

  function renderSummary(summary) {
    const list = $('summary-list');
    const facts = $('summary-facts');
    clear(list);
    clear(facts);
    if (!summary) {
      list.appendChild(el('li', 'muted', 'No summary yet.'));
      return;
    }
    summary.sentences.forEach((s, i) => {
      const item = el('li', null, s.text);
      item.onclick = () => {
        const mark = document.querySelector('#article-body mark[data-sentence="' + (i + 1) + '"]');
        if (mark) {
          mark.scrollIntoView({ behavior: 'smooth', block: 'center' });
        }
      };
      list.appendChild(item);
    });
    const options = summary.options || {};
    const fact = (name, value) => {
      facts.appendChild(el('dt', null, name));
      facts.appendChild(el('dd', null, value));
    };
    fact('Model', summary.model);
    fact('Summarised', when(summary.createdAt));
    fact('Clusters (k)', summary.k + ' · ' + options.algorithm + (options.optimalK ? ' · optimal k ≤ ' + options.kMax : ''));
    fact('Sentences', summary.sentences.length + ' of ' + summary.sentenceCount + ' (' + summary.candidateCount + ' candidates)');
    fact('Options', (options.numSentences !== null && options.numSentences !== undefined
      ? 'num_sentences ' + options.numSentences : 'ratio ' + options.ratio)
      + ' · length ' + options.minLength + '–' + options.maxLength
      + ' · use_first ' + options.useFirst + ' · seed ' + options.randomState);
  }

  async function openJson(event, id) {
    if (!sessionStorage.getItem(TOKEN_KEY)) {
      return; // no token: the plain link works
    }
    event.preventDefault();
    await guarded(async () => {
      const result = await api(apiArticlePath(id));
      const blob = new Blob([JSON.stringify(result.body, null, 2)], { type: 'application/json' });
      window.open(URL.createObjectURL(blob), '_blank', 'noopener');
    });
  }

  async function ask(question) {
    const button = $('ask-button');
    button.disabled = true;
    button.textContent = 'Asking…';
    try {
      const result = await api(apiArticlePath(current.articleId) + '/questions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: question }),
      });
      showAnswer(result);
    } finally {
      button.disabled = false;
      button.textContent = 'Ask';
    }
  }

  const STATUS_WORDS = {
    ANSWERED: 'Answer',
    NO_ANSWER: 'The article does not seem to answer this question.',
    ARTICLE_NOT_FOUND: 'This article is no longer stored, so the question cannot be answered.',
  };

  function showAnswer(result) {
    const answer = result.body || {};
    const status = $('answer-status');
    const context = $('answer-context');
    const meta = $('answer-meta');
    $('answer').hidden = false;
    clear(status);
    clear(context);
    context.hidden = true;
    $('answer-alternatives').hidden = true;
    meta.textContent = '';
    $('answer').className = 'answer ' + (answer.status === 'ANSWERED' ? 'ok' : 'none');
    if (!answer.status) {
      status.textContent = 'No answer: ' + reason(result);
      renderBody(null);
      return;
    }
    if (answer.status !== 'ANSWERED') {
      status.textContent = STATUS_WORDS[answer.status] || answer.status;
      renderBody(null);
      return;
    }
    status.appendChild(el('span', 'label', STATUS_WORDS.ANSWERED));
    status.appendChild(el('strong', 'answer-text', answer.answer));
    if (answer.context) {
      appendMarked(context, answer.context, answer.contextStart,
        [{ start: answer.start, end: answer.end, cls: 'ans' }]);
      context.hidden = false;
    }
    meta.textContent = 'score ' + Number(answer.score).toFixed(3) + ' · ' + answer.model;
    const alternatives = answer.alternatives || [];
    if (alternatives.length > 0) {
      const list = $('alternative-list');
      clear(list);
      for (const alt of alternatives) {
        const item = el('li');
        item.appendChild(el('span', null, alt.answer));
        item.appendChild(el('span', 'muted small', ' ' + Number(alt.score).toFixed(3)));
        list.appendChild(item);
      }
      $('answer-alternatives').hidden = false;
    }
    renderBody(answer);
    const mark = document.querySelector('#article-body mark.ans');
    if (mark) {
      mark.scrollIntoView({ behavior: 'smooth', block: 'center' });
    }
  }

  function reason(result) {
    if (result.body && result.body.message) {
      return result.body.message + ' (HTTP ' + result.status + ')';
    }
    return 'HTTP ' + result.status;
  }

  // ---- start ------------------------------------------------------------------------------------------------

  function route() {
    const path = window.location.pathname;
    const prefix = '/ui/articles/';
    if (path.indexOf(prefix) === 0 && path.length > prefix.length) {
      let id;
      try {
        id = decodeURIComponent(path.substring(prefix.length));
      } catch (e) {
        id = path.substring(prefix.length);
      }
      return () => showArticle(id);
    }
    return () => showList(null);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
      const retry = pendingRoute || route();
      pendingRoute = null;
      guarded(retry);
    });
    $('forget-token').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      window.location.reload();
    });
    $('ask-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const question = $('question-input').value.trim();
      if (question) {
        guarded(() => ask(question));
      }
    });
    guarded(route());
  });
})();
