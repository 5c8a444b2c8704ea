/** Every page of the dashboard, as a person reaches it from the navigation (the audits visit each). */
export const everyPage = [
  "/",
  "/projects",
  "/projects/connect",
  "/images",
  "/share",
  "/rollout",
  "/invitations",
  "/instances",
  "/access",
  "/journal",
  "/transfers",
  "/transfers/new",
];
