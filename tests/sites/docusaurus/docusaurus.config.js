// A small Docusaurus site written for postfeed's tests: read for literals, never run.
const config = {
  title: "Docusaurus Test",
  tagline: "Release notes",
  url: "https://docs.example.org",
  baseUrl: "/product/",
  trailingSlash: false,
  presets: [
    [
      "classic",
      {
        docs: { path: "docs", routeBasePath: "docs" },
        blog: { path: "blog", routeBasePath: "news", showReadingTime: true },
      },
    ],
  ],
};
module.exports = config;
