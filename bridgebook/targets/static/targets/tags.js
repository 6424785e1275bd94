// One tap tags a book entry as evidence for a target without leaving the page, so what a
// teacher has typed for other pupils on the class's day stays where it is. Without this
// script the same buttons post the page's "entry-extras" form and come back to the page.
const extras = document.getElementById("entry-extras");

async function toggle(button) {
  const data = new FormData(extras);
  data.set(button.name, button.value);
  button.disabled = true;
  try {
    const response = await fetch(button.formAction, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-Bridgebook-In-Place": "1"},
    });
    if (!response.ok) {
      throw new Error(`tagging answered ${response.status}`);
    }
    const tagged = button.name === "tag";
    button.name = tagged ? "untag" : "tag";
    button.setAttribute("aria-pressed", String(tagged));
    button.classList.toggle("bb-entry-targets__button--on", tagged);
    button.querySelector("[data-mark]").textContent = tagged ? "✓ " : "+ ";
    button.querySelector("[data-state]").textContent =
      tagged ? button.dataset.labelOn : button.dataset.labelOff;
  } catch {
    // The page's own way: post the form and come back to the page.
    button.disabled = false;
    extras.requestSubmit(button);
    return;
  }
  button.disabled = false;
}

if (extras) {
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-entry-tag]");
    if (button) {
      event.preventDefault();
      toggle(button);
    }
  });
}
