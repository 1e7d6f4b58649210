/* global document, window, fetch, AdaptiveCards */
// The local preview in the browser: renders each Adaptive Card the server returns with Microsoft's
// renderer, posts typed commands and card actions (Action.Execute / Action.Submit data, form inputs
// merged in) back, and shows the answer as a new message or in place of the card it came from. "feed
// health" asks for the cards the persona's conversation would be posted as the admins' channel.
'use strict';

const conversation = document.getElementById('conversation');
const personaSelect = document.getElementById('persona');
const personaDetail = document.getElementById('persona-detail');
const commandInput = document.getElementById('command');
let personas = [];

const hostConfig = new AdaptiveCards.HostConfig({
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  supportsInteractivity: true,
  actions: { maxActions: 6, actionsOrientation: 'horizontal', buttonSpacing: 8, spacing: 'default' },
});

function escapeHtml(text) {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

// The small Markdown subset the cards use: **bold** and _italic_.
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>');
  result.didProcess = true;
};

function addMessage(className) {
  const message = document.createElement('div');
  message.className = `message ${className}`;
  conversation.appendChild(message);
  return message;
}

function showText(className, text) {
  const bubble = document.createElement('span');
  bubble.className = 'bubble';
  bubble.textContent = text;
  addMessage(className).appendChild(bubble);
  window.scrollTo(0, document.body.scrollHeight);
}

function renderCard(message, payload) {
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = hostConfig;
  card.onExecuteAction = (action) => onAction(message, action);
  card.parse(payload.card);
  const element = card.render();
  const holder = document.createElement('div');
  holder.className = 'card';
  holder.dataset.kind = payload.kind;
  holder.appendChild(element);
  message.replaceChildren(holder);
}

// A reply is a new message; an update, a form, or the answer to a submitted form takes the place of the
// card it came from, as Teams refreshes a card in place.
function show(payload, from) {
  const fromForm = from?.querySelector('.card')?.dataset.kind === 'form';
  if (!from || (payload.mode === 'reply' && !fromForm)) {
    renderCard(addMessage('bot'), payload);
    window.scrollTo(0, document.body.scrollHeight);
  } else {
    renderCard(from, payload);
  }
}

async function call(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: personaSelect.value, ...body }),
  });
  const payload = await response.json();
  if (!response.ok) throw new Error(payload.error || `request failed (${response.status})`);
  return payload;
}

async function onAction(message, action) {
  const type = action.getJsonTypeName();
  if (type === 'Action.OpenUrl') {
    window.open(action.url, '_blank', 'noopener');
    return;
  }
  if (type !== 'Action.Execute' && type !== 'Action.Submit') return;
  try {
    show(await call('/preview/api/action', { data: action.data || {} }), message);
  } catch (error) {
    showText('error', error.message);
  }
}

async function sendCommand(text) {
  if (!text.trim()) return;
  showText('mine', text);
  try {
    show(await call('/preview/api/command', { text }), null);
  } catch (error) {
    showText('error', error.message);
  }
}

function describePersona() {
  const persona = personas.find((candidate) => candidate.id === personaSelect.value);
  personaDetail.textContent = persona ? `${persona.role}: ${persona.detail}` : '';
}

async function showFeedHealth() {
  showText('mine', 'feed health');
  try {
    const { cards } = await call('/preview/api/feed-health', {});
    for (const payload of cards) show(payload, null);
  } catch (error) {
    showText('error', error.message);
  }
}

document.getElementById('command-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = commandInput.value;
  commandInput.value = '';
  void sendCommand(text);
});
for (const button of document.querySelectorAll('#shortcuts button[data-command]')) {
  button.addEventListener('click', () => void sendCommand(button.dataset.command));
}
document.getElementById('feed-health').addEventListener('click', () => void showFeedHealth());
personaSelect.addEventListener('change', describePersona);

(async () => {
  const response = await fetch('/preview/api/personas');
  personas = (await response.json()).personas;
  for (const persona of personas) {
    const option = document.createElement('option');
    option.value = persona.id;
    option.textContent = `${persona.name} — ${persona.role}`;
    personaSelect.appendChild(option);
  }
  describePersona();
  document.body.dataset.ready = 'true';
})();
