// Builds static/build from the npm packages (never committed): the precompiled GOV.UK
// and MOJ Frontend styles and scripts, our own small stylesheet and module, and the
// fonts and images. Their stylesheets ask for /assets/..., which WhiteNoise serves
// from static/build/root (WHITENOISE_ROOT).
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const moj = join(root, "node_modules", "@ministryofjustice", "frontend", "moj");

const copies = [
  [join(govuk, "govuk-frontend.min.css"), join(out, "static", "css", "govuk-frontend.min.css")],
  [join(moj, "moj-frontend.min.css"), join(out, "static", "css", "moj-frontend.min.css")],
  [join(root, "frontend", "app.css"), join(out, "static", "css", "app.css")],
  [join(govuk, "govuk-frontend.min.js"), join(out, "static", "js", "govuk-frontend.min.js")],
  [join(moj, "moj-frontend.min.js"), join(out, "static", "js", "moj-frontend.min.js")],
  [join(root, "frontend", "app.mjs"), join(out, "static", "js", "app.mjs")],
  [join(root, "frontend", "session-timeout.mjs"), join(out, "static", "js", "session-timeout.mjs")],
  [join(root, "frontend", "drafts.mjs"), join(out, "static", "js", "drafts.mjs")],
  [join(govuk, "assets"), join(out, "root", "assets")],
  [join(moj, "assets"), join(out, "root", "assets")],
];
for (const [from, to] of copies) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
}
console.log(`Front end built in ${out}`);
