/** The local preview's HTML page: a persona picker, a command box and the conversation of rendered cards. */

export function previewPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Engage — local preview</title>
<link rel="stylesheet" href="/preview/assets/preview.css">
<script src="/preview/assets/adaptivecards.min.js"></script>
<script src="/preview/assets/preview.js" defer></script>
</head>
<body>
<header>
  <h1>Engage <span>local preview</span></h1>
  <p>The cards Teams would show, rendered by Microsoft's Adaptive Cards renderer. Buttons and forms call the
  same handlers as Teams and Slack, on this machine's data. No credentials needed.</p>
  <label>Act as <select id="persona" aria-label="Act as"></select></label>
  <span id="persona-detail"></span>
</header>
<main id="conversation" aria-live="polite"></main>
<footer>
  <form id="command-form">
    <input id="command" name="command" autocomplete="off" aria-label="Command"
      placeholder="digest · student &lt;id or name&gt; · declining · priority · bands · help">
    <button type="submit">Send</button>
  </form>
  <div id="shortcuts">
    <button type="button" data-command="digest">digest</button>
    <button type="button" data-command="priority">priority</button>
    <button type="button" data-command="declining">declining</button>
    <button type="button" data-command="bands">bands</button>
    <button type="button" data-command="help">help</button>
    <button type="button" id="feed-health" title="The cards the admins' channel is posted">feed health</button>
  </div>
</footer>
</body>
</html>
`;
}
