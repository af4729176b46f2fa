// CommonJS consumers get the `require` types (dist/index.d.cts); type-checked with usage.ts.
import tt = require("tinybird-tokens");

const scope: tt.Scope = tt.parseScope("DATASOURCES:READ:events");
const key: tt.SigningKey = tt.createSigningKey("secret");
const token: string = tt.signJwt({ exp: 2_000_000_000 }, key);
const error: typeof tt.TokenExpiredError = tt.ERROR_CLASSES.token_expired;
console.log(scope.type, token.length, error.code);
