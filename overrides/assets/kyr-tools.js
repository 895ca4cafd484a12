// Buttons that need JavaScript, on letter and form pages; they stay hidden without it.
// Nothing here sends or stores anything: it works offline.

// "Copy the letter": puts the letter's text on the clipboard.
for (const button of document.querySelectorAll("[data-kyr-copy]")) {
  const letter = document.querySelector(".kyr-letter");
  const status = button.parentElement.querySelector(".kyr-copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = letter.innerText.trim();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Older browsers and some file:// pages: copy a selection instead.
      const selection = getSelection();
      selection.selectAllChildren(letter);
      document.execCommand("copy");
      selection.removeAllRanges();
    }
    status.textContent = status.dataset.copied;
  });
}

// "Print or save as PDF" on the family-plan form.
for (const button of document.querySelectorAll("[data-kyr-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => print());
}
