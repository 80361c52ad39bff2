// Laid out like Eleventy's base blog, written for postfeed's tests: read, never run.
export default async function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy({ "./public/": "/" });
}

export const config = {
  templateFormats: ["md", "njk", "html"],
  dir: {
    input: "content",
    includes: "../_includes",
    data: "../_data",
    output: "_site",
  },
};
