(() => {
  // Printing shows one compact block per service, also in browsers without ::details-content.
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details.service")) details.open = true;
  });
  const table = document.getElementById("services-table");
  const controls = document.getElementById("services-controls");
  if (!table || !controls) return;
  controls.hidden = false;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const nameInput = document.getElementById("filter-name");
  const placementSelect = document.getElementById("filter-placement");
  const severitySelect = document.getElementById("filter-severity");
  const status = document.getElementById("filter-status");
  const apply = () => {
    const text = nameInput.value.trim().toLowerCase();
    const placement = placementSelect.value;
    const severity = severitySelect.value === "" ? -1 : Number(severitySelect.value);
    let shown = 0;
    for (const row of rows) {
      const visible =
        (text === "" || row.dataset.name.toLowerCase().includes(text)) &&
        (placement === "" || row.dataset.placement === placement) &&
        (severity < 0 || Number(row.dataset.severity) <= severity);
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    status.textContent = `${shown} of ${rows.length} services shown`;
  };
  for (const input of [nameInput, placementSelect, severitySelect]) input.addEventListener("input", apply);
  for (const button of table.querySelectorAll("th button[data-key]")) {
    button.addEventListener("click", () => {
      const key = button.dataset.key;
      const numeric = button.dataset.type === "number";
      const header = button.closest("th");
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      for (const th of table.tHead.querySelectorAll("th")) th.removeAttribute("aria-sort");
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const value = (row) => (numeric ? Number(row.dataset[key]) : row.dataset[key]);
      const sorted = rows.slice().sort((a, b) => {
        const x = value(a);
        const y = value(b);
        const order = x < y ? -1 : x > y ? 1 : a.dataset.name < b.dataset.name ? -1 : 1;
        return ascending ? order : -order;
      });
      for (const row of sorted) body.appendChild(row);
    });
  }
  apply();
})();
