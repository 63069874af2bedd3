import { Construct } from "constructs";

// Consumers take an interface (INetwork, ICluster, ...), not a class: anything that carries the
// interface's brand is accepted, whichever copy of the package or base class made it. A brand is a
// `Symbol.for` key, so two copies of Landform in one app agree on it (as LandformError's does).

/** Marks every instance of `base` (and its subclasses) as implementing `name`. */
export function brand(base: { prototype: object }, name: string): void {
  Object.defineProperty(base.prototype, Symbol.for(`landform.${name}`), { value: true });
}

/** True when `value` is a construct that carries the brand `name`. */
export function hasBrand(value: unknown, name: string): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(`landform.${name}`)] === true &&
    Construct.isConstruct(value)
  );
}
