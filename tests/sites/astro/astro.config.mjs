// A small Astro site written for postfeed's tests: read for literals, never run.
import { defineConfig } from "astro/config";

const site = "https://astro.example.org";

export default defineConfig({
  site,
  trailingSlash: "always",
});
