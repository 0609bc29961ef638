/* Polls a running plan generation and shows its progress; opens the plan when done. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  function show(job) {
    var share = Math.min(100, Math.round(100 * job.elapsed / Math.max(job.time_limit, 1)));
    document.getElementById("job-bar").style.width = (job.state === "done" ? 100 : share) + "%";
    document.getElementById("job-elapsed").textContent = job.elapsed.toFixed(1);
    var found = job.served !== null && job.served > 0;
    var stage = document.getElementById("job-stage");
    stage.textContent = !job.visits ? stage.dataset.preparing : (found ? stage.dataset.improving : stage.dataset.first);
    document.getElementById("job-best").hidden = !found;
    document.getElementById("job-served").textContent = found ? job.served : "";
    document.getElementById("job-visits").textContent = job.visits || "";
    var state = document.getElementById("job-state");
    if (job.state !== "running") {
      state.textContent = state.dataset[job.state] || job.state;
      stage.hidden = true;
      document.getElementById("job-error").textContent = job.error || "";
      document.getElementById("cancel").disabled = true;
    }
    if (job.state === "done") {
      window.location.assign(box.dataset.planUrl.replace(/\/0$/, "/" + job.plan_id));
    }
    return job.state === "running";
  }
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (job) { if (show(job)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (box.dataset.state === "running" || box.dataset.state === "done") { poll(); }
}());

/* Tables with class "sortable": a click on a heading with data-sort sorts the rows
   (by the cell's data-value, else its text); a search box with data-filter="<table id>"
   hides rows without the typed text; a checkbox with data-filter-flag keeps rows whose
   data-<flag> is 1. A search box with data-filter-options="<select id>" narrows a list. */
(function () {
  "use strict";
  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    return kind === "number" ? parseFloat(raw) || 0 : raw.toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var kind = th.dataset.sort;
      if (!kind) { return; }
      th.classList.add("sort-handle");
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
        var down = th.dataset.order !== "asc";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { delete other.dataset.order; });
        th.dataset.order = down ? "asc" : "desc";
        rows.sort(function (a, b) {
          var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
          return (x < y ? -1 : x > y ? 1 : 0) * (down ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function applyFilters(tableId) {
    var table = document.getElementById(tableId);
    var box = document.querySelector('[data-filter="' + tableId + '"]');
    var text = box ? box.value.trim().toLowerCase() : "";
    var flags = document.querySelectorAll('[data-filter-flag="' + tableId + '"]');
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var shown = row.textContent.toLowerCase().indexOf(text) >= 0;
      Array.prototype.forEach.call(flags, function (flag) {
        if (flag.checked && row.dataset[flag.dataset.flag] !== "1") { shown = false; }
      });
      row.hidden = !shown;
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter], [data-filter-flag]"), function (input) {
    var tableId = input.dataset.filter || input.dataset.filterFlag;
    input.addEventListener("input", function () { applyFilters(tableId); });
    input.addEventListener("change", function () { applyFilters(tableId); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-options]"), function (input) {
    var select = document.getElementById(input.dataset.filterOptions);
    input.addEventListener("input", function () {
      var text = input.value.trim().toLowerCase();
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = option.textContent.toLowerCase().indexOf(text) < 0;
        if (!option.hidden && first === null) { first = option; }
      });
      if (first !== null && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden)) {
        first.selected = true;
      }
    });
  });
}());
