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

  stay.addEventListener("click", async () => {
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
    dialog.close();
    schedule(Number(body.seconds_left));
  });

  schedule(Number(notice.dataset.sessionSecondsLeft));
}
