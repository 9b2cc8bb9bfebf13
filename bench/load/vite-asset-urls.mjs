/**
 * Node module hooks for the bench, which imports a route module outside Vite (statements.ts): Vite
 * turns `import url from "./x.css?url"` into the asset's URL string; here it becomes a stand-in URL,
 * since the bench only calls the route's action and never renders a page.
 */
export async function resolve(specifier, context, next) {
  if (/\.css\?url$/.test(specifier)) {
    const stand = `export default ${JSON.stringify(`/bench-stub/${specifier.split("/").pop().replace(/\?url$/, "")}`)};`;
    return { url: `data:text/javascript,${encodeURIComponent(stand)}`, shortCircuit: true };
  }
  return next(specifier, context);
}
