import type { INestApplication } from '@nestjs/common';
import type { AllowedMethods } from './error.filter';

interface Layer {
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  match(path: string): boolean;
}

/**
 * The methods the app's routes serve on a path, read from the Express router the routes are
 * registered in (so they cannot differ from what answers). HEAD and OPTIONS are left out: the
 * document names the methods, and these are the ones in it.
 */
export const allowedMethodsOf =
  (app: INestApplication): AllowedMethods =>
  (path) => {
    const express = app.getHttpAdapter().getInstance() as { router?: { stack: readonly Layer[] } };
    const methods = new Set<string>();
    for (const layer of express.router?.stack ?? []) {
      if (!layer.route || typeof layer.route.path !== 'string' || layer.route.path.startsWith('/docs'))
        continue;
      if (!layer.match(path)) continue;
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') methods.add(method.toUpperCase());
    }
    methods.delete('HEAD');
    methods.delete('OPTIONS');
    return [...methods].sort();
  };
