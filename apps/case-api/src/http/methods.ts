import type { INestApplication } from '@nestjs/common';
import type { AllowedMethods } from './error.filter';

interface Layer {
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  match(path: string): boolean;
}

/** How many segments of a route's path are words, not parameters. */
const literalSegments = (routePath: string): number =>
  routePath.split('/').filter((segment) => segment !== '' && !segment.startsWith(':')).length;

/**
 * The methods the app's routes serve on a path, read from the Express router the routes are
 * registered in (so they cannot differ from what answers). HEAD and OPTIONS are left out: the
 * document names the methods, and these are the ones in it.
 */
export const allowedMethodsOf =
  (app: INestApplication): AllowedMethods =>
  (path) => {
    const express = app.getHttpAdapter().getInstance() as { router?: { stack: readonly Layer[] } };
    const matching: { readonly literal: number; readonly layer: Layer }[] = [];
    for (const layer of express.router?.stack ?? []) {
      if (!layer.route || typeof layer.route.path !== 'string' || layer.route.path.startsWith('/docs'))
        continue;
      if (!layer.match(path)) continue;
      matching.push({ literal: literalSegments(layer.route.path), layer });
    }
    // The resource a path names is its most literal route: /clients/search, not /clients/:clientId.
    const most = Math.max(0, ...matching.map(({ literal }) => literal));
    const methods = new Set<string>();
    for (const { literal, layer } of matching)
      if (literal === most)
        for (const [method, on] of Object.entries(layer.route!.methods))
          if (on && method !== '_all') methods.add(method.toUpperCase());
    methods.delete('HEAD');
    methods.delete('OPTIONS');
    return [...methods].sort();
  };
