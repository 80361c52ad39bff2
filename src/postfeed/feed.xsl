<?xml version="1.0" encoding="UTF-8"?>
<!-- postfeed's stylesheet: a feed opened in a browser reads like a page.
     Publish it beside your feeds and pass its URL as `stylesheet` (or `stylesheet`
     in postfeed.toml); RSS 2.0 and Atom 1.0 are both understood. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <html>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/> (feed)</title>
        <style>
          body { font: 1rem/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
          .note { background: #fff8dc; border: 1px solid #eedc82; padding: .75rem 1rem; border-radius: .4rem; }
          article { border-top: 1px solid #ddd; padding: 1rem 0; }
          time { color: #666; font-size: .9rem; }
          h2 { font-size: 1.15rem; margin: .2rem 0; }
        </style>
      </head>
      <body>
        <p class="note">This is a web feed. Copy its address into a feed reader to follow
          <xsl:value-of select="rss/channel/title | atom:feed/atom:title"/>.</p>
        <xsl:apply-templates select="rss/channel | atom:feed"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="channel">
    <h1><a href="{link}"><xsl:value-of select="title"/></a></h1>
    <p><xsl:value-of select="description"/></p>
    <xsl:for-each select="item">
      <article>
        <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
        <time><xsl:value-of select="pubDate"/></time>
        <p><xsl:value-of select="description"/></p>
      </article>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="atom:feed">
    <h1><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h1>
    <p><xsl:value-of select="atom:subtitle"/></p>
    <xsl:for-each select="atom:entry">
      <article>
        <h2><a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a></h2>
        <time><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
        <p><xsl:value-of select="atom:summary"/></p>
      </article>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
