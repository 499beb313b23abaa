// The `export default { fetch }` form.
export default {
  fetch: (req: Request) => new Response(`default export ${req.method}`),
};
