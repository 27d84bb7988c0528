// serve --watch only: reloads the page once the site has been rendered again. The rendering
// this page came from is in this script's own address (?g=N); the server's event stream names
// the current one on connect and after each rendering.
(() => {
  const script = document.currentScript;
  const mine = script ? new URL(script.src).searchParams.get("g") : null;
  const events = new EventSource("/_cloud-resume/live");
  events.addEventListener("generation", (event) => {
    if (event.data !== mine) {
      events.close();
      location.reload();
    }
  });
})();
