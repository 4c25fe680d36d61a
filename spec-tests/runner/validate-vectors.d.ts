// The standalone validator generated at build time (scripts/build-validator.ts).
import type { ErrorObject } from "ajv";

interface Validate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
declare const validate: Validate;
export default validate;
