// Read aloud: the browser's own speech synthesis, nothing sent anywhere.
// Each [data-module="bb-read-aloud"] names the element to read (data-target). The button
// stays hidden where the browser cannot speak. Each stretch of text is spoken in its own
// language, from the nearest lang attribute, so a translation is read in the reader's
// language and an English original in English. Parts marked data-read-aloud-skip (labels,
// the original behind "Show the original", glossary notes), buttons and forms are not read.

const SKIP = "[data-read-aloud-skip], button, form, script, style, [hidden], .bb-read-aloud";

function chunks(root, fallback) {
  const parts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP)) continue;
    const text = node.textContent.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const holder = parent.closest("[lang]");
    const lang = (holder && holder.getAttribute("lang")) || fallback;
    const last = parts[parts.length - 1];
    if (last && last.lang === lang) last.text += ". " + text;
    else parts.push({ lang, text });
  }
  return parts;
}

function setUp(control) {
  const target = document.getElementById(control.dataset.target);
  const start = control.querySelector("[data-read-aloud-start]");
  const stop = control.querySelector("[data-read-aloud-stop]");
  if (!target || !start || !stop) return;
  const synth = window.speechSynthesis;
  let speaking = false;
  // Each reading is numbered: cancelling one ends its last utterance later, and that late
  // "end" must not hide the Stop button of a reading started since.
  let reading = 0;

  // Only one of the two buttons shows: "Read aloud" when nothing is being read, "Stop
  // reading" while it is.
  function finished() {
    speaking = false;
    stop.hidden = true;
    start.hidden = false;
  }

  start.addEventListener("click", () => {
    synth.cancel();
    const parts = chunks(target, control.dataset.lang || document.documentElement.lang);
    if (!parts.length) return;
    const current = ++reading;
    const ended = () => {
      if (current === reading) finished();
    };
    speaking = true;
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
    parts.forEach((part, index) => {
      const utterance = new SpeechSynthesisUtterance(part.text);
      utterance.lang = part.lang;
      if (index === parts.length - 1) {
        utterance.onend = ended;
        utterance.onerror = ended;
      }
      synth.speak(utterance);
    });
  });

  stop.addEventListener("click", () => {
    reading += 1;
    synth.cancel();
    finished();
    start.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && speaking) {
      reading += 1;
      synth.cancel();
      finished();
    }
  });
  stop.hidden = true;
  start.hidden = false;
  control.hidden = false;
}

if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
  document.querySelectorAll('[data-module="bb-read-aloud"]').forEach(setUp);
}
