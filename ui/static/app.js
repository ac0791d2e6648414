// Citation chips: open (and scroll to) their source card, even inside a collapsed earlier answer.
// Only the sources panel scrolls, so the chat stays where the reader is.
(function () {
  function scroller(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      var style = getComputedStyle(p);
      if (/(auto|scroll)/.test(style.overflowY) && p.scrollHeight > p.clientHeight) return p;
    }
    return null;
  }
  function show(id) {
    var card = document.getElementById(id);
    if (!card) return false;
    for (var p = card.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    var box = scroller(card);
    if (box) {
      var top = card.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop - 8;
      box.scrollTo({ top: top, behavior: "smooth" });
      var r = box.getBoundingClientRect();
      if (r.top < 0 || r.top > window.innerHeight - 80) box.scrollIntoView({ behavior: "smooth", block: "start" });
    } else {
      card.scrollIntoView({ behavior: "smooth", block: "nearest" });
    }
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
