// The same route on Next's edge runtime, importing the package exactly as the Node.js route does.
import { createJwt, ready } from "tinybird-tokens";
import { claimsFor } from "../../../claims";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  await ready; // resolved already where the runtime compiled the module synchronously
  const token = createJwt(claimsFor(request), process.env.TBT_BUNDLER_TEST_KEY!);
  return Response.json({ token, runtime: process.env.NEXT_RUNTIME });
}
