// Just enough of Deno's types for the repository's Node type check; Deno has the real ones.
declare global {
  var Deno: {
    serve(handler: (req: Request) => Response | Promise<Response>): unknown;
    env: { get(name: string): string | undefined; toObject(): Record<string, string> };
    exit?(code?: number): never;
    pid?: number;
  };
}
export {};
