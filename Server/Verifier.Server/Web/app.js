// The investigator's page: key kept for this tab, upload with progress, then polling until the scan ends.
"use strict";

const KEY_ITEM = "verifier.api-key";
const POLL_MS = 500;
const WORDS = { ai: "Likely AI-generated", real: "Likely real (camera)", inconclusive: "Inconclusive" };

const $ = (id) => document.getElementById(id);
let reportUrl = null;

function show(id, visible) { $(id).hidden = !visible; }

function fail(message) {
  $("error").textContent = message;
  show("error", true);
  show("progress-section", false);
  show("upload-section", true);
}

function keyEntered() {
  const key = sessionStorage.getItem(KEY_ITEM);
  show("key-section", !key);
  show("upload-section", !!key);
}

function errorOf(xhrOrResponse, body) {
  try { return JSON.parse(body).error || `HTTP ${xhrOrResponse.status}`; } catch { return `HTTP ${xhrOrResponse.status}`; }
}

// XMLHttpRequest rather than fetch: only it reports upload progress.
function upload(file) {
  show("error", false);
  show("upload-section", false);
  show("result-section", false);
  show("progress-section", true);
  $("progress-file").textContent = file.name;
  $("upload-progress").value = 0;
  $("status").textContent = "Uploading...";
  const form = new FormData();
  form.append("file", file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/v1/scans");
  xhr.setRequestHeader("Authorization", "Bearer " + sessionStorage.getItem(KEY_ITEM));
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) $("upload-progress").value = Math.round((100 * e.loaded) / e.total); };
  xhr.onerror = () => fail("The upload failed: the server could not be reached.");
  xhr.onload = () => {
    if (xhr.status === 401) {
      sessionStorage.removeItem(KEY_ITEM);
      keyEntered();
      fail("The server did not accept this API key; enter it again.");
      return;
    }
    if (xhr.status !== 202) { fail(errorOf(xhr, xhr.responseText)); return; }
    $("upload-progress").value = 100;
    poll(JSON.parse(xhr.responseText).url);
  };
  xhr.send(form);
}

async function poll(url) {
  for (;;) {
    const response = await fetch(url, { headers: { Authorization: "Bearer " + sessionStorage.getItem(KEY_ITEM) } });
    const body = await response.text();
    if (!response.ok) { fail(errorOf(response, body)); return; }
    const scan = JSON.parse(body);
    $("status").textContent = scan.status === "queued" ? "Queued: waiting for a free scanner..." : scan.status === "running" ? "Scanning..." : "";
    if (scan.status === "failed") { fail("The scan failed: " + scan.error); return; }
    if (scan.status === "done") { showResult(url, scan.report); return; }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function showResult(url, report) {
  show("progress-section", false);
  show("result-section", true);
  const verdict = $("verdict");
  verdict.textContent = WORDS[report.verdict] || report.verdict;
  verdict.className = report.verdict;
  verdict.dataset.verdict = report.verdict;
  $("p-ai").textContent = `p(AI) = ${report.p_ai.toFixed(3)}`;
  $("provenance").textContent = report.provenance ? report.provenance.validation_state : "not checked";
  reportUrl = url + "/report";
}

// The report needs the key, which a plain link cannot send: fetch it and hand the browser a copy to open or save.
async function openReport(event) {
  event.preventDefault();
  const response = await fetch(reportUrl, { headers: { Authorization: "Bearer " + sessionStorage.getItem(KEY_ITEM) } });
  const body = await response.text();
  if (!response.ok) { fail(errorOf(response, body)); return; }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([body], { type: "text/html" }));
  link.download = "verifier-report.html";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

document.addEventListener("DOMContentLoaded", () => {
  keyEntered();
  $("save-key").addEventListener("click", () => {
    const key = $("api-key").value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY_ITEM, key);
    $("api-key").value = "";
    keyEntered();
  });
  $("forget-key").addEventListener("click", () => { sessionStorage.removeItem(KEY_ITEM); keyEntered(); });
  $("file-input").addEventListener("change", (e) => { if (e.target.files.length) upload(e.target.files[0]); e.target.value = ""; });
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
  });
  $("report-link").addEventListener("click", openReport);
  $("again").addEventListener("click", () => { show("result-section", false); show("upload-section", true); });
});
