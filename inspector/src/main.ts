/**
 * The inspector page: wires the DOM to `tinybird-tokens` (inspectToken, verifyJwt,
 * verifyStaticToken, createJwt). Everything runs here; the page makes no network request (its CSP
 * forbids them) and keeps keys in the input fields only (no storage, cookies or URL).
 *
 * The parts: the report (report-view.ts), the verify panel (verify-panel.ts) and the create panel
 * (create-panel.ts), built with the helpers of dom.ts and format.ts.
 */

import { ready } from "tinybird-tokens/jwt";
import { setupCreatePanel } from "./create-panel.js";
import { byId, guard, showPageError } from "./dom.js";
import { queryHasToken, tokenFromFragment } from "./format.js";
import { inspect, inspected, tick, tokenInput } from "./report-view.js";
import { clearVerifyResult, setupVerifyPanel } from "./verify-panel.js";

declare const __VERSION__: string;

function start(): void {
  byId("loading").hidden = true;
  byId("version").textContent = __VERSION__;
  byId("query-warning").hidden = !queryHasToken(location.search);

  /** Inspects the token box anew; a verdict on the previous token no longer applies. */
  const show = (fromFragment = false) => {
    clearVerifyResult();
    inspect(fromFragment);
  };
  /** Puts `token` in the token box, inspects it and moves the focus there. */
  const showToken = (token: string) => {
    tokenInput.value = token;
    show();
    tokenInput.focus();
  };
  const loadFragment = () => {
    const fromHash = tokenFromFragment(location.hash);
    if (fromHash === null) return;
    tokenInput.value = fromHash;
    show(true);
  };

  tokenInput.addEventListener("input", guard(() => show()));
  byId("clear-token").addEventListener("click", guard(() => showToken("")));
  setupVerifyPanel();
  setupCreatePanel((token) => {
    showToken(token);
    tokenInput.scrollIntoView({ block: "start" });
  });

  window.addEventListener("hashchange", guard(loadFragment));
  guard(loadFragment)();
  if (tokenInput.value !== "" && inspected() === null) guard(() => show())();
  window.setInterval(guard(tick), 1000);
  document.documentElement.dataset.ready = "true";
}

ready.then(start, (e: unknown) => showPageError("Could not start the WebAssembly module: ", e));
