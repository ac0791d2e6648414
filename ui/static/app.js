// Citation chips: open (and scroll to) their source card, even inside a collapsed earlier answer.
(function () {
  function show(id) {
    var card = document.getElementById(id);
    if (!card) return false;
    for (var p = card.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    card.scrollIntoView({ behavior: "smooth", block: "start" });
    card.classList.remove("nr-flash");
    void card.offsetWidth;
    card.classList.add("nr-flash");
    return true;
  }
  document.addEventListener("click", function (ev) {
    var chip = ev.target && ev.target.closest ? ev.target.closest("a.nr-cite") : null;
    if (!chip) return;
    var id = chip.getAttribute("data-target") || (chip.getAttribute("href") || "").replace(/^#/, "");
    ev.preventDefault();
    ev.stopPropagation();
    show(id);
  }, true);
})();
