/**
 * Lazy stand-ins for fetch's own `Request` and `Response`: both are costly to
 * make on Node (body streams, linked abort signals), and a Node mount mostly
 * needs none of that. A stand-in's prototype chain holds the real prototype,
 * so `instanceof` holds, and everything it does not answer itself goes to the
 * real object, made on first use.
 */

/**
 * A prototype that passes for `base` (`Request.prototype` or
 * `Response.prototype`): each method and accessor of `base`, and each
 * symbol-keyed state field fetch keeps on an instance like `sample` (undici 6,
 * Node 20 and 22; `new Request(x)` and `new Response(…, x)` read those), leads
 * to `real(this)`. The caller then defines what the stand-in answers itself.
 */
export function forwardingPrototype<T>(base: object, sample: object, real: (self: T) => object): object {
  const proto: object = Object.create(base);
  const forward = (key: PropertyKey, from: PropertyDescriptor): void => {
    const name = key as string;
    if (typeof from.value === 'function') {
      Object.defineProperty(proto, key, {
        configurable: true,
        writable: true,
        value: function (this: T, ...args: unknown[]): unknown {
          return (real(this) as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
        },
      });
    } else if (from.get) {
      Object.defineProperty(proto, key, {
        configurable: true,
        get(this: T) {
          return (real(this) as Record<string, unknown>)[name];
        },
        set(this: T, value: unknown) {
          (real(this) as Record<string, unknown>)[name] = value;
        },
      });
    }
  };
  for (const key of Reflect.ownKeys(base)) {
    if (key !== 'constructor' && key !== Symbol.toStringTag) forward(key, Object.getOwnPropertyDescriptor(base, key)!);
  }
  for (const key of Object.getOwnPropertySymbols(sample)) forward(key, { get: () => undefined });
  return proto;
}
