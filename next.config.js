// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
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
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
