// Global data for the test site, as Astro's blog starter keeps it.
export const SITE_TITLE = "Astro Test";
export const SITE_DESCRIPTION = "Collections and routes";
