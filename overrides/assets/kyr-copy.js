// "Copy the letter" on letter pages: puts the letter's text on the clipboard. It works
// without a network, and nothing is sent anywhere. The button stays hidden without JavaScript.
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
