// Small tools for letter pages and pages with `tools: true` in their front matter (which also
// load kyr-tools.css). Buttons that need JavaScript stay hidden without it. Nothing here sends
// or stores anything: it works offline.

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

// "Print" on forms and the quiz.
for (const button of document.querySelectorAll("[data-kyr-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => print());
}

// Enter in a field of the quiz or the family-plan form submits it: nowhere. Nothing a reader
// types or chooses may end up in an address, a history entry or a server's log.
for (const form of document.querySelectorAll("form.kyr-quiz, form.kyr-form")) {
  form.addEventListener("submit", (event) => event.preventDefault());
}

// The quiz: says right or wrong as soon as an answer is chosen, with the explanation. The
// words come from the form's data attributes, in the page's language. Nothing is kept.
for (const quiz of document.querySelectorAll(".kyr-quiz")) {
  const questions = [...quiz.querySelectorAll("fieldset")];
  const score = document.createElement("p");
  score.className = "kyr-quiz__score";
  quiz.querySelector(".kyr-quiz__actions").before(score);

  const show = () => {
    let right = 0;
    for (const question of questions) {
      const chosen = question.querySelector("input:checked");
      const result = question.querySelector(".kyr-quiz__result");
      question.classList.toggle("kyr-quiz__answered", Boolean(chosen));
      result.textContent = "";
      if (!chosen) continue;
      const isRight = chosen.hasAttribute("data-right");
      right += isRight;
      result.textContent = isRight ? quiz.dataset.right : quiz.dataset.wrong;
      result.className = `kyr-quiz__result kyr-quiz__result--${isRight ? "right" : "wrong"}`;
    }
    score.textContent = quiz.dataset.score
      .replace("{right}", right)
      .replace("{total}", questions.length);
  };

  for (const question of questions) {
    const result = document.createElement("p");
    result.className = "kyr-quiz__result";
    result.setAttribute("aria-live", "polite");
    question.querySelector(".kyr-quiz__why").before(result);
  }
  quiz.classList.add("kyr-quiz--live");
  quiz.addEventListener("change", show);
  quiz.addEventListener("reset", () => setTimeout(show));
  show();
}

// "Show the answer key": marks the right answers and shows every explanation, on screen and
// when printed.
for (const button of document.querySelectorAll("[data-kyr-key]")) {
  const quiz = button.closest(".kyr-quiz");
  button.hidden = false;
  button.addEventListener("click", () => {
    const shown = quiz.classList.toggle("kyr-quiz--key");
    button.setAttribute("aria-pressed", String(shown));
  });
}

// Presenting an agenda (see .kyr-agenda in kyr-tools.css): clickers that send the left and right
// arrows move one slide, like Page Up and Page Down; Esc stops presenting (the quick exit's
// Esc x 3 stands aside while an agenda is presented).
addEventListener("keydown", (event) => {
  const presented = document.querySelector(".kyr-agenda:target");
  if (!presented) return;
  if (event.key === "Escape") {
    presented.querySelector(".kyr-agenda__stop").click();
    return;
  }
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (step) scrollBy(0, step * innerHeight);
});

// The family-plan form: "Clear everything" asks first, and so does leaving the page with
// answers typed (except through quick exit, which must never be held up). The answers live
// only on this page: nothing is stored or sent.
for (const form of document.querySelectorAll(".kyr-form[data-confirm-clear]")) {
  form.addEventListener("reset", (event) => {
    if (!confirm(form.dataset.confirmClear)) event.preventDefault();
  });
  const typed = () =>
    [...form.querySelectorAll("input, textarea")].some((field) =>
      ["radio", "checkbox"].includes(field.type) ? field.checked : field.value.trim(),
    );
  addEventListener("beforeunload", (event) => {
    if (!window.kyrQuickExit && typed()) {
      event.preventDefault();
      event.returnValue = form.dataset.confirmLeave;
    }
  });
}
