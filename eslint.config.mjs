import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    // Code the browser runs builds its schemas from lib/schemas/zod (configured for the CSP).
    files: [
      "components/**",
      "lib/schemas/**",
      "lib/queries/**",
      "lib/share/**",
      "lib/access/**",
      "lib/projects/**",
    ],
    ignores: ["lib/schemas/zod.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "zod",
              message:
                "Import z from @/lib/schemas/zod: it is set up for the page's Content-Security-Policy.",
            },
          ],
        },
      ],
    },
  },
  {
    // Words a person reads come from the message catalogs (lib/i18n/messages): no text
    // written into JSX. Marks and symbols that read the same in every language may stay.
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ignores: ["**/*.test.tsx"],
    rules: {
      "react/jsx-no-literals": [
        "error",
        {
          noStrings: false,
          allowedStrings: ["—", "·", "…", "×", "→", "←", "/", ":", "(", ")", ",", ".", "*", "%"],
        },
      ],
    },
  },
  // Layout is Prettier's (`npm run lint` checks it): ESLint's stylistic rules are off.
  prettier,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".tools/**",
      ".stryker-tmp/**",
      "playwright-report/**",
      "test-results/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
