// The tinyurl page: create a short link (with the API key kept in localStorage) and show a
// code's stats. Talks only to this server's JSON API; no libraries.
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

async function showStats(code) {
  const stats = await callApi("/api/urls/" + encodeURIComponent(code) + "/stats", {
    headers: { Accept: "application/json" },
  });
  $("stats-visits").textContent = String(stats.visits);
  $("stats-remaining").textContent =
    stats.remainingVisits === null ? "unlimited" : String(stats.remainingVisits);
  $("stats-status").textContent = stats.status;
  $("stats").hidden = false;
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
    showError(e.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("api-key").value = localStorage.getItem(KEY_STORAGE) || "";
  $("create-form").addEventListener("submit", create);
  $("copy").addEventListener("click", copy);
  $("stats-form").addEventListener("submit", stats);
});
