// Warns before the session ends for inactivity, and offers to stay signed in.
// Without this script the page still says when the session will end (#session-notice),
// and the server signs the user out whatever happens here.
const notice = document.getElementById("session-notice");
const dialog = document.getElementById("session-timeout-dialog");

if (notice && dialog && typeof dialog.showModal === "function") {
  const warningSeconds = Number(notice.dataset.sessionWarningSeconds);
  const keepAliveUrl = notice.dataset.keepAliveUrl;
  const stay = document.getElementById("session-stay");
  const endsAtText = document.getElementById("session-ends-at");
  const dialogEndsAt = document.getElementById("session-timeout-at");
  let warnTimer;
  let endTimer;

  const clock = (date) => date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });

  const schedule = (secondsLeft) => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    // Timed from now, on this machine's clock, so a wrong clock cannot skew it.
    const endsAt = new Date(Date.now() + secondsLeft * 1000);
    endsAtText.textContent = clock(endsAt);
    endsAtText.setAttribute("datetime", endsAt.toISOString());
    dialogEndsAt.textContent = clock(endsAt);
    warnTimer = setTimeout(() => {
      if (!dialog.open) dialog.showModal();
      stay.focus();
    }, Math.max(0, secondsLeft - warningSeconds) * 1000);
    // Reload just after the end: the server has signed the user out and sends them to
    // the sign-in page, which says why.
    endTimer = setTimeout(() => window.location.reload(), (secondsLeft + 2) * 1000);
  };

  // Asking the server renews the session; its answer says how long is left now.
  const renew = async () => {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    const response = await fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
    });
    if (!response.ok) {
      window.location.reload();
      return;
    }
    const body = await response.json();
    if (dialog.open) dialog.close();
    schedule(Number(body.seconds_left));
  };

  stay.addEventListener("click", renew);

  // Typing is doing something: someone writing minutes for twenty minutes without a
  // page load is not inactive. While they type, the session is renewed at most once a
  // minute (or four times per inactivity period, when that is shorter).
  const renewEvery = Math.min(60, Number(notice.dataset.sessionSecondsLeft) / 4) * 1000;
  let lastRenewal = Date.now();
  document.addEventListener("input", () => {
    if (dialog.open || Date.now() - lastRenewal < renewEvery) return;
    lastRenewal = Date.now();
    renew();
  });

  // Any other request this page makes (a draft saved as the user types, see drafts.mjs)
  // renews the session on the server too: start the count again from then.
  const sessionWindow = Number(notice.dataset.sessionSecondsLeft);
  document.addEventListener("openmappa:session-renewed", () => {
    if (!dialog.open) schedule(sessionWindow);
  });

  schedule(sessionWindow);
}
