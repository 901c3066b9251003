// The inspector's page (src/inspector.ts serves it at GET /): plain HTML, a stylesheet and a
// small script, no framework and no build step. The script reads the snapshots of GET /events
// (server-sent events) and redraws the page from each; every string it shows goes through
// textContent, never innerHTML. Without JavaScript the page says that it needs it.

const style = `
:root { color-scheme: light dark; --line: #8884; --muted: #888; --ok: #2a7; --bad: #d43; --warn: #c80; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 1200px; }
header { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; border-bottom: 1px solid var(--line); padding-bottom: .5rem; }
h1 { font-size: 1.3rem; margin: 0; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
#status { font-weight: 600; }
#status.live { color: var(--ok); }
#status.down { color: var(--bad); }
.muted, .empty { color: var(--muted); }
.summary { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .5rem; font-size: 13px; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; white-space: nowrap; }
code, .id { font-family: ui-monospace, monospace; font-size: 12px; }
.room { border: 1px solid var(--line); border-radius: 6px; padding: .25rem .75rem .5rem; margin: .5rem 0; }
.room h3 { margin-top: .5rem; }
.track { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3rem; margin: 0 .25rem .15rem 0; font-size: 12px; }
.bad { color: var(--bad); font-weight: 600; }
.ok { color: var(--ok); }
.warn { color: var(--warn); }
noscript p { border: 2px solid var(--bad); padding: 1rem; font-size: 1rem; }
`;

const script = `
"use strict";
(function () {
  var main = document.getElementById("state");
  var status = document.getElementById("status");
  var updated = document.getElementById("updated");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function time(ms) {
    if (ms === null || ms === undefined || ms === 0) return "";
    return new Date(ms).toLocaleTimeString();
  }
  function list(values) { return values && values.length ? values.join(", ") : ""; }
  function statusClass(text) {
    if (/INACTIVE|disabled/.test(text)) return "";
    if (/FAIL|ERROR|ABORT|LIMIT|failed|error/.test(text)) return "bad";
    if (/ACTIVE|PUBLISHING|COMPLETE|RUNNING|SUCCESS|delivered|ok/.test(text)) return "ok";
    if (/retry|queued|sending|dropped|STARTING|ENDING/.test(text)) return "warn";
    return "";
  }
  // A table: columns [title, function(row) -> string or Node]; an empty message when no rows.
  function table(rows, columns, empty) {
    if (!rows || rows.length === 0) return el("p", "empty", empty);
    var t = el("table");
    var head = el("tr");
    columns.forEach(function (c) { head.appendChild(el("th", "", c[0])); });
    t.appendChild(el("thead")).appendChild(head);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (row) {
      var tr = body.appendChild(el("tr"));
      columns.forEach(function (c) {
        var value = c[1](row);
        var td = tr.appendChild(el("td", c[2] || ""));
        if (value instanceof Node) td.appendChild(value); else td.textContent = value === undefined || value === null ? "" : String(value);
      });
    });
    return t;
  }
  function badge(text) { return el("span", statusClass(text), text); }
  function section(title, count) {
    var s = el("section");
    var h = s.appendChild(el("h2", "", title));
    if (count !== undefined) h.appendChild(el("span", "summary", " (" + count + ")"));
    return s;
  }

  function tracks(p) {
    var span = el("span");
    if (p.tracks.length === 0) span.appendChild(el("span", "muted", "none"));
    p.tracks.forEach(function (t) {
      var label = t.source + " " + t.type.toLowerCase() + (t.mimeType ? " " + t.mimeType : "") + (t.width ? " " + t.width + "x" + t.height : "") + (t.muted ? " (muted)" : "");
      var tag = span.appendChild(el("span", "track", label));
      tag.title = t.sid + (t.name ? " " + t.name : "");
    });
    return span;
  }

  function room(r) {
    var box = el("div", "room");
    var h = box.appendChild(el("h3"));
    h.appendChild(el("span", "room-name", r.name));
    h.appendChild(el("span", "summary", "  " + r.sid + " · created " + time(r.createdAt) + " · " + r.participants.length + " participant" + (r.participants.length === 1 ? "" : "s")));
    if (r.metadata) box.appendChild(el("div", "summary", "metadata: " + r.metadata));
    box.appendChild(table(r.participants, [
      ["Identity", function (p) { return p.identity; }],
      ["Name", function (p) { return p.name; }],
      ["Kind", function (p) { return p.kind; }],
      ["State", function (p) { return p.state; }],
      ["Joined", function (p) { return time(p.joinedAt); }],
      ["Tracks", tracks],
      ["Subscribed", function (p) { return p.subscriptions; }],
      ["Can", function (p) { return [p.canPublish ? "publish" : "", p.canSubscribe ? "subscribe" : "", p.canPublishData ? "data" : ""].filter(Boolean).join(", "); }],
      ["Metadata", function (p) { return p.metadata + (p.attributes ? " (" + p.attributes + " attributes)" : ""); }],
      ["Forwarded from", function (p) { return p.forwardedFrom; }]
    ], "No participants."));
    var data = box.appendChild(el("div", "summary", "Data messages: " + r.dataCount + " kept" + (r.data.length < r.dataCount ? ", the last " + r.data.length + " shown" : "")));
    data.className = "summary";
    if (r.data.length) box.appendChild(table(r.data, [
      ["Topic", function (d) { return d.topic === null ? "(none)" : d.topic; }],
      ["Size", function (d) { return d.bytes + " B"; }],
      ["Kind", function (d) { return d.kind; }],
      ["Recipients", function (d) { return d.recipients; }]
    ], ""));
    return box;
  }

  function render(s) {
    var root = el("div");
    var rooms = root.appendChild(section("Rooms", s.rooms.length));
    if (s.rooms.length === 0) rooms.appendChild(el("p", "empty", "No open rooms."));
    s.rooms.forEach(function (r) { rooms.appendChild(room(r)); });

    var webhooks = root.appendChild(section("Webhook deliveries", s.webhooks ? s.webhooks.deliveries.length : undefined));
    if (s.webhooks === null) webhooks.appendChild(el("p", "empty", "Webhooks are not wired to the inspector."));
    else if (s.webhooks.queues.length === 0) webhooks.appendChild(el("p", "empty", "No webhook URL: start the server with --webhook <url> to send LiveKit's webhooks."));
    else {
      webhooks.appendChild(table(s.webhooks.queues, [
        ["Receiver", function (q) { return q.url; }],
        ["Pending", function (q) { return q.pending; }],
        ["Dropped (queue full)", function (q) { return q.dropped; }]
      ], ""));
      webhooks.appendChild(table(s.webhooks.deliveries.slice().reverse(), [
        ["Event", function (d) { return d.event; }],
        ["Status", function (d) { return badge(d.status); }],
        ["Attempts", function (d) { return d.attempts; }],
        ["Retries", function (d) { return Math.max(0, d.attempts - 1); }],
        ["HTTP", function (d) { return d.httpStatus; }],
        ["Last error", function (d) { return d.lastError; }],
        ["Receiver", function (d) { return d.url; }],
        ["Queued", function (d) { return time(d.queuedAt); }],
        ["Last attempt", function (d) { return time(d.lastAttemptAt); }],
        ["Event id", function (d) { return d.eventId; }, "id"]
      ], "No webhook deliveries yet (the newest will come first)."));
    }

    root.appendChild(section("Egress", s.egress.length)).appendChild(table(s.egress, [
      ["Egress", function (e) { return e.egressId; }, "id"],
      ["Room", function (e) { return e.roomName; }],
      ["Kind", function (e) { return e.kind; }],
      ["Status", function (e) { return badge(e.status); }],
      ["Started", function (e) { return time(e.startedAt); }],
      ["Ended", function (e) { return time(e.endedAt); }],
      ["Files", function (e) { return list(e.files); }],
      ["Streams", function (e) { return e.streams.map(function (x) { return x.url + " " + x.status; }).join(", "); }],
      ["Error", function (e) { return e.error; }]
    ], "No egress."));

    root.appendChild(section("Ingress", s.ingress.length)).appendChild(table(s.ingress, [
      ["Ingress", function (i) { return i.ingressId; }, "id"],
      ["Name", function (i) { return i.name; }],
      ["Input", function (i) { return i.inputType; }],
      ["URL", function (i) { return i.url; }],
      ["Stream key", function (i) { return i.streamKey; }],
      ["Room", function (i) { return i.roomName; }],
      ["Participant", function (i) { return i.participantIdentity; }],
      ["Status", function (i) { return badge(i.status + (i.enabled ? "" : " (disabled)")); }],
      ["Error", function (i) { return i.error; }]
    ], "No ingress."));

    var sip = root.appendChild(section("SIP"));
    if (s.sip === null) sip.appendChild(el("p", "empty", "SIP is not wired to the inspector."));
    else {
      sip.appendChild(el("h3", "", "Inbound trunks"));
      sip.appendChild(table(s.sip.inboundTrunks, [
        ["Trunk", function (t) { return t.sipTrunkId; }, "id"],
        ["Name", function (t) { return t.name; }],
        ["Numbers", function (t) { return list(t.numbers); }],
        ["Allowed addresses", function (t) { return list(t.allowedAddresses); }],
        ["Auth", function (t) { return t.auth ? "set (hidden)" : ""; }]
      ], "No inbound trunks."));
      sip.appendChild(el("h3", "", "Outbound trunks"));
      sip.appendChild(table(s.sip.outboundTrunks, [
        ["Trunk", function (t) { return t.sipTrunkId; }, "id"],
        ["Name", function (t) { return t.name; }],
        ["Address", function (t) { return t.address; }],
        ["Transport", function (t) { return t.transport; }],
        ["Numbers", function (t) { return list(t.numbers); }],
        ["Auth", function (t) { return t.auth ? "set (hidden)" : ""; }]
      ], "No outbound trunks."));
      sip.appendChild(el("h3", "", "Dispatch rules"));
      sip.appendChild(table(s.sip.dispatchRules, [
        ["Rule", function (r) { return r.sipDispatchRuleId; }, "id"],
        ["Name", function (r) { return r.name; }],
        ["Type", function (r) { return r.rule; }],
        ["Room", function (r) { return r.room; }],
        ["PIN", function (r) { return r.pin ? "set (hidden)" : ""; }],
        ["Trunks", function (r) { return list(r.trunkIds) || "any"; }]
      ], "No dispatch rules."));
    }

    var agents = root.appendChild(section("Agent dispatches", s.agentDispatches ? s.agentDispatches.length : undefined));
    if (s.agentDispatches === null) agents.appendChild(el("p", "empty", "AgentDispatch is not wired to the inspector."));
    else agents.appendChild(table(s.agentDispatches, [
      ["Dispatch", function (d) { return d.id; }, "id"],
      ["Agent", function (d) { return d.agentName; }],
      ["Room", function (d) { return d.room; }],
      ["Jobs", function (d) { return d.jobs.map(function (j) { return j.status + " as " + j.participantIdentity; }).join(", "); }]
    ], "No agent dispatches."));

    main.replaceChildren(root);
    updated.textContent = "updated " + new Date().toLocaleTimeString();
  }

  var source = new EventSource("/events");
  source.onopen = function () { status.textContent = "live"; status.className = "live"; };
  source.onerror = function () { status.textContent = "disconnected, retrying…"; status.className = "down"; };
  source.onmessage = function (event) {
    status.textContent = "live"; status.className = "live";
    try { render(JSON.parse(event.data)); }
    catch (error) { main.replaceChildren(el("p", "bad", "Could not show the state: " + error)); }
  };
})();
`;

/** The page and its parts (the server pins the script and style by hash in its Content-Security-Policy). */
export function inspectorPage(): { html: string; script: string; style: string } {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>LiveKit dev server inspector</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>LiveKit dev server</h1>
<span id="status">connecting…</span>
<span id="updated" class="muted"></span>
<span class="muted">Local only: no secret, token or stream key is shown here.</span>
</header>
<noscript><p>This inspector needs JavaScript: it shows the dev server's rooms, participants, egress, ingress, SIP, agent dispatches and webhook deliveries live from <code>/events</code> (server-sent events). Turn JavaScript on for this page, or read the state with the Twirp API (RoomService, Egress, Ingress, SIP, AgentDispatch).</p></noscript>
<main id="state"><p class="muted">Waiting for the first snapshot…</p></main>
<script>${script}</script>
</body>
</html>
`;
  return { html, script, style };
}
