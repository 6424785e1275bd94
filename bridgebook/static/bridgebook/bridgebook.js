// Start GOV.UK Frontend's components (menu toggle, error summary focus, and so on).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
