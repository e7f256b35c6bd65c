// Keeps what is typed into a long form (any form that posts and has a text area) as a
// draft: in this browser at once, and on the server a moment later, so that neither a
// time-out, a closed tab nor a lost connection loses it. Opening the form again puts the
// newer of the two back, and says so. Saving the form clears the server's draft (see
// drafts/middleware.py). Without this script, nothing is autosaved, and the form works.
const apiUrl = document.querySelector("meta[name=openmappa-drafts]")?.content;
const form = [...document.querySelectorAll("form[method=post]")].find(
  (candidate) => candidate.querySelector("textarea") && !candidate.hasAttribute("data-no-draft"),
);

if (apiUrl && form) {
  const path = window.location.pathname;
  const localKey = `openmappa-draft:${path}`;
  const title = (document.querySelector("h1")?.textContent || path).trim().slice(0, 200);
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
  const rerendered = Boolean(document.querySelector(".govuk-error-summary"));
  let draft = null; // the server's copy: {id, version, ...}
  let saveTimer;

  const collect = () => {
    const values = {};
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") continue;
      (values[name] ||= []).push(value);
    }
    return values;
  };

  const fill = (values) => {
    const seen = {};
    for (const element of form.elements) {
      const name = element.name;
      if (!name || name === "csrfmiddlewaretoken" || !(name in values)) continue;
      const given = values[name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = given.includes(element.value);
      } else if (element.multiple) {
        for (const option of element.options) option.selected = given.includes(option.value);
      } else if (element.type !== "file") {
        const index = seen[name] || 0;
        if (index < given.length) element.value = given[index];
        seen[name] = index + 1;
      }
    }
  };

  const readLocal = () => {
    try {
      return JSON.parse(window.localStorage.getItem(localKey) || "null");
    } catch {
      return null;
    }
  };
  const writeLocal = (entry) => {
    try {
      window.localStorage.setItem(localKey, JSON.stringify(entry));
    } catch {
      // Storage full or refused: the server's copy still keeps the draft.
    }
  };

  const call = (method, url, body, version) =>
    fetch(url, {
      method,
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrf,
        ...(version ? { "If-Match": `"${version}"` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  const saveToServer = async () => {
    const values = collect();
    let response = draft
      ? await call("PUT", `${apiUrl}${draft.id}/`, { form_values: values }, draft.version)
      : null;
    if (!response || !response.ok) {
      // No copy yet, or it changed in another tab or was cleared: save afresh.
      response = await call("POST", apiUrl, { path, title, form_values: values });
    }
    if (response.ok) {
      draft = await response.json();
      document.dispatchEvent(new CustomEvent("openmappa:session-renewed"));
    }
  };

  const banner = (savedAt) => {
    const section = document.createElement("div");
    section.className = "govuk-notification-banner";
    section.setAttribute("role", "region");
    section.setAttribute("aria-labelledby", "draft-banner-title");
    section.innerHTML = `<div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="draft-banner-title">Draft</h2></div>
      <div class="govuk-notification-banner__content">
      <p class="govuk-notification-banner__heading">We have put back what you typed, last at <time></time>. It is not saved to the record until you save the form.</p>
      <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button">Discard the draft</button></div>`;
    const when = new Date(savedAt);
    const time = section.querySelector("time");
    time.dateTime = when.toISOString();
    time.textContent = when.toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    section.querySelector("button").addEventListener("click", async () => {
      window.localStorage.removeItem(localKey);
      if (draft) await call("DELETE", `${apiUrl}${draft.id}/`, null, draft.version);
      draft = null;
      form.reset();
      section.querySelector(".govuk-notification-banner__content").innerHTML =
        '<p class="govuk-notification-banner__heading">Draft discarded.</p>';
    });
    form.before(section);
    section.setAttribute("tabindex", "-1");
    section.focus();
  };

  const restore = async () => {
    const response = await call("GET", `${apiUrl}?path=${encodeURIComponent(path)}`);
    const found = response.ok ? await response.json() : [];
    draft = found[0] || null;
    const local = readLocal();
    if (local && local.submitted && !draft) {
      // The form was saved (its server draft cleared): the local copy has done its job.
      window.localStorage.removeItem(localKey);
      return;
    }
    if (rerendered) return; // the page already shows what was posted, with its errors
    const serverTime = draft ? Date.parse(draft.saved_at) : 0;
    const localTime = local ? local.savedAt : 0;
    if (localTime > serverTime) {
      fill(local.values);
      banner(localTime);
      saveToServer();
    } else if (draft) {
      fill(draft.form_values);
      banner(serverTime);
    }
  };

  form.addEventListener("input", () => {
    writeLocal({ values: collect(), savedAt: Date.now() });
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveToServer, 2000);
  });
  form.addEventListener("submit", () => {
    writeLocal({ values: collect(), savedAt: Date.now(), submitted: true });
  });
  restore();
}
