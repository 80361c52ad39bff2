// A small Starlight site with a blog, written for postfeed's tests: read, never run.
import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";
import starlightBlog from "starlight-blog";

const people = { ada: { name: "Ada", title: "Maintainer" } };

export default defineConfig({
  site: "https://docs.example.net",
  integrations: [
    starlight({
      plugins: [starlightBlog({ authors: people })],
      title: "Starlight Test",
      description: "Docs with a blog",
    }),
  ],
});
