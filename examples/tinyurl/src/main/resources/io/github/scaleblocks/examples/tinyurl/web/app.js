// The tinyurl page: create a short link (with the API key kept in localStorage) and show a
// code's stats with its clicks per day drawn as SVG. Talks only to this server's JSON API; no
// libraries.
"use strict";

const KEY_STORAGE = "tinyurl.apiKey";
const $ = (id) => document.getElementById(id);

function showError(message) {
  const error = $("error");
  error.textContent = message;
  error.hidden = false;
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

async function callApi(path, options) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new Error("the server could not be reached: " + e.message);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!response.ok && response.status !== 207) {
    throw new Error(body && body.message ? body.message : "HTTP " + response.status);
  }
  return body;
}

/** The code of a pasted short link, or the text itself when it is a bare code. */
function codeOf(text) {
  const trimmed = text.trim();
  try {
    const url = new URL(trimmed);
    return url.pathname.replace(/^\/+/, "").split("/")[0];
  } catch (e) {
    return trimmed.replace(/^\/+/, "");
  }
}

const SVG = "http://www.w3.org/2000/svg";
const CHART_DAYS = 30;

function svg(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  return element;
}

function clicksText(n) {
  return n + (n === 1 ? " click" : " clicks");
}

/** Draws stats.clicksPerDay as SVG bars, with a text summary, a table and the top referrers. */
function drawClicks(stats) {
  const days = stats.clicksPerDay;
  const chart = $("clicks-chart");
  chart.replaceChildren();
  const width = 600;
  const height = 180;
  const top = 16;
  const bottom = 24;
  const max = Math.max(1, ...days.map((d) => d.clicks));
  const slot = width / days.length;
  let best = days[0];
  days.forEach((day, i) => {
    if (day.clicks > best.clicks) {
      best = day;
    }
    const barHeight = ((height - top - bottom) * day.clicks) / max;
    const bar = svg("rect", {
      class: "bar",
      x: (i * slot + slot * 0.15).toFixed(2),
      y: (height - bottom - barHeight).toFixed(2),
      width: (slot * 0.7).toFixed(2),
      height: Math.max(barHeight, day.clicks > 0 ? 1 : 0).toFixed(2),
      "data-day": day.day,
      "data-clicks": day.clicks,
    });
    const title = svg("title", {});
    title.textContent = day.day + ": " + clicksText(day.clicks);
    bar.appendChild(title);
    chart.appendChild(bar);
  });
  chart.appendChild(svg("line", { class: "axis", x1: 0, y1: height - bottom, x2: width, y2: height - bottom }));
  const first = svg("text", { class: "label", x: 2, y: height - 6 });
  first.textContent = stats.from;
  const last = svg("text", { class: "label", x: width - 2, y: height - 6, "text-anchor": "end" });
  last.textContent = stats.to;
  const peak = svg("text", { class: "label", x: 2, y: 12 });
  peak.textContent = "max " + max;
  chart.append(first, last, peak);
  chart.setAttribute("data-total", String(stats.clicks));

  $("clicks-caption").textContent =
    "Clicks per day (UTC), " + stats.from + " to " + stats.to;
  $("clicks-summary").textContent =
    clicksText(stats.clicks) +
    " in " + days.length + " days" +
    (stats.clicks > 0 ? "; most on " + best.day + " (" + clicksText(best.clicks) + ")" : "") +
    ".";
  const rows = $("clicks-table").querySelector("tbody");
  rows.replaceChildren();
  for (const day of days) {
    const row = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = day.day;
    const count = document.createElement("td");
    count.textContent = String(day.clicks);
    row.append(name, count);
    rows.appendChild(row);
  }
  const referrers = $("referrers");
  referrers.replaceChildren();
  for (const referrer of stats.topReferrers) {
    const item = document.createElement("li");
    item.textContent = referrer.host + ": " + clicksText(referrer.clicks);
    referrers.appendChild(item);
  }
  $("no-referrers").hidden = stats.topReferrers.length > 0;
  $("clicks").hidden = false;
}

async function showStats(code) {
  const stats = await callApi(
    "/api/urls/" + encodeURIComponent(code) + "/stats?days=" + CHART_DAYS,
    { headers: { Accept: "application/json" } }
  );
  $("stats-visits").textContent = String(stats.visits);
  $("stats-remaining").textContent =
    stats.remainingVisits === null ? "unlimited" : String(stats.remainingVisits);
  $("stats-status").textContent = stats.status;
  $("stats").hidden = false;
  drawClicks(stats);
}

async function create(event) {
  event.preventDefault();
  clearError();
  const key = $("api-key").value.trim();
  localStorage.setItem(KEY_STORAGE, key);
  const request = { target: $("target").value.trim() };
  if ($("alias").value.trim()) {
    request.alias = $("alias").value.trim();
  }
  if ($("max-visits").value) {
    request.maxVisits = Number($("max-visits").value);
  }
  if ($("expires-at").value) {
    request.expiresAt = new Date($("expires-at").value).toISOString();
  }
  try {
    const created = await callApi("/api/urls", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-API-Key": key },
      body: JSON.stringify(request),
    });
    const link = $("short-link");
    link.href = created.shortUrl;
    link.textContent = created.shortUrl;
    $("copied").textContent = "";
    $("result").hidden = false;
    $("stats-code").value = created.code;
    await showStats(created.code);
  } catch (e) {
    showError(e.message);
  }
}

async function copy() {
  const text = $("short-link").textContent;
  try {
    await navigator.clipboard.writeText(text);
    $("copied").textContent = "Copied";
  } catch (e) {
    // clipboard API refused (e.g. not a secure context): select the text for a manual copy
    const range = document.createRange();
    range.selectNodeContents($("short-link"));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    $("copied").textContent = "Selected: press Ctrl+C";
  }
}

async function stats(event) {
  event.preventDefault();
  clearError();
  const code = codeOf($("stats-code").value);
  if (!code) {
    showError("enter a code or a short link");
    return;
  }
  try {
    await showStats(code);
  } catch (e) {
    $("stats").hidden = true;
    $("clicks").hidden = true;
    showError(e.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("api-key").value = localStorage.getItem(KEY_STORAGE) || "";
  $("create-form").addEventListener("submit", create);
  $("copy").addEventListener("click", copy);
  $("stats-form").addEventListener("submit", stats);
});
