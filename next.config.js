// @ts-check
// This file is CommonJS (Next reads it as such); the plugin is required like the rest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createNextIntlPlugin = require("next-intl/plugin");

// Each request's language and messages: lib/i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // One self-contained server (.next/standalone/server.js) with the modules it uses: scripts/build, scripts/start.
  output: "standalone",
  // The image list shows no remote pictures; nothing is fetched at build or run time.
  images: { unoptimized: true },
  // Pages renamed so each feature has one name (its navigation label); links already
  // sent, such as invitation links, keep working.
  async redirects() {
    return [
      { source: "/inbox", destination: "/invitations", permanent: true },
      { source: "/connect", destination: "/projects/connect", permanent: true },
    ];
  },
  // Content-Security-Policy (with a nonce per page view) and HSTS on pages: proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          // The dashboard uses none of these; a script that got in could not either.
          {
            key: "Permissions-Policy",
            value:
              "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), display-capture=(), browsing-topics=()",
          },
        ],
      },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
