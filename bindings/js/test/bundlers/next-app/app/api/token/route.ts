// A route handler that mints a Tinybird JWT with the package's default entry (Node.js runtime).
import { createJwt } from "tinybird-tokens";
import { claimsFor } from "../../../claims";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const token = createJwt(claimsFor(request), process.env.TBT_BUNDLER_TEST_KEY!);
  return Response.json({ token, runtime: process.env.NEXT_RUNTIME });
}
