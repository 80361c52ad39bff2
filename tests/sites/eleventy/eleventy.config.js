// A small Eleventy site written for postfeed's tests: read for literals, never run.
export default function (eleventyConfig) {
  eleventyConfig.addCollection("notes", (api) => api.getFilteredByGlob("src/notes/*.md"));
  eleventyConfig.addCollection("posts", (api) => api.getFilteredByGlob("src/posts/*.md"));
  return {
    dir: { input: "src", output: "_site" },
    pathPrefix: "/",
  };
}
