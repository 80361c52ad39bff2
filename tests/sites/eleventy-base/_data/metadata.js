export default {
  title: "Base Blog Test",
  url: "https://base.example.org/",
  language: "en",
  description: "Posts tagged posts",
  author: {
    name: "Alex Example",
    email: "alex@example.org",
    url: "https://base.example.org/about/",
  },
};
