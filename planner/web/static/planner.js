/* Polls a running plan generation and shows its progress; opens the plan when done. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  function show(job) {
    var share = Math.min(100, Math.round(100 * job.elapsed / Math.max(job.time_limit, 1)));
    document.getElementById("job-bar").style.width = (job.state === "done" ? 100 : share) + "%";
    document.getElementById("job-elapsed").textContent = job.elapsed.toFixed(1);
    document.getElementById("job-served").textContent = job.served === null ? "—" : job.served;
    document.getElementById("job-visits").textContent = job.visits || "—";
    var state = document.getElementById("job-state");
    if (job.state !== "running") {
      state.textContent = state.dataset[job.state] || job.state;
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
