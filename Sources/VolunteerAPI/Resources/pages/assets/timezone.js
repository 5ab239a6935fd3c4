// Pre-selects the browser's time zone in the application form, unless the
// applicant chose one already. The form works the same without it.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("time_zone");
  if (!select || select.getAttribute("data-chosen") === "yes") { return; }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.selectedIndex = i; return; }
  }
});
