import { Fn, Token } from "cdktf";

/** Part `index` of a reference split on `separator`: in JavaScript when it is known, else in Terraform. */
export function refPart(ref: string, separator: string, index: number): string {
  if (!Token.isUnresolved(ref)) return ref.split(separator)[index];
  return Token.asString(Fn.element(Fn.split(separator, ref), index));
}
