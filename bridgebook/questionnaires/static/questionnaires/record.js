// Recording a spoken answer in the browser, where it can (MediaRecorder and a
// microphone): "Start recording", "Stop recording", a preview to listen to, and the
// recording put into the form's file input, so saving the answer sends it like a chosen
// file. Without it the file input alone works (on a phone it opens the voice recorder).

function setUp(group) {
  const panel = group.querySelector("[data-recorder]");
  const input = group.querySelector('input[type="file"]');
  if (!panel || !input) return;
  if (!window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
  const start = panel.querySelector("[data-recorder-start]");
  const stop = panel.querySelector("[data-recorder-stop]");
  const status = panel.querySelector("[data-recorder-status]");
  const preview = panel.querySelector("[data-recorder-preview]");
  let recorder = null;
  let parts = [];
  panel.hidden = false;

  start.addEventListener("click", async () => {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      status.textContent = status.dataset.deniedText;
      return;
    }
    parts = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size) parts.push(event.data);
    });
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      const type = (recorder.mimeType || "audio/webm").split(";")[0];
      const extension = type.includes("mp4") ? "m4a" : type.includes("ogg") ? "ogg" : "webm";
      const blob = new Blob(parts, { type });
      const file = new File([blob], `answer.${extension}`, { type });
      const files = new DataTransfer();
      files.items.add(file);
      input.files = files.files;
      preview.src = URL.createObjectURL(blob);
      preview.hidden = false;
      status.textContent = status.dataset.doneText;
      start.hidden = false;
      stop.hidden = true;
      start.focus();
    });
    recorder.start();
    status.textContent = status.dataset.recordingText;
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
  });

  stop.addEventListener("click", () => {
    if (recorder && recorder.state !== "inactive") recorder.stop();
  });
}

document.querySelectorAll('[data-module="bb-recorder"]').forEach(setUp);
